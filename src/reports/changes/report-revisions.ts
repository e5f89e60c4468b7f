import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statement } from '../../infra/database/one-statement';
import { reportChangeDocument } from '../report/report-view';
import { type NewRevision, ReportsRepository } from '../report/reports.repository';
import type { ResultReport } from '../report/result-report.entity';

/** Every saved state of a report becomes a revision, so any two versions can be compared field by field. */
@Injectable()
export class ReportRevisions {
  constructor(private readonly reports: ReportsRepository) {}

  /** `report` loaded with its project and KPIs (loadFull). */
  record(manager: EntityManager, report: ResultReport, userId: string): Promise<void> {
    return this.reports.insertRevisions(manager, [revisionOf(report, userId)]);
  }

  /** The insert of `record`, for a change that sends it with its other rows (insertInOneStatement). */
  recording(manager: EntityManager, report: ResultReport, userId: string): Statement | undefined {
    return this.reports.insertingRevisions(manager, [revisionOf(report, userId)]);
  }

  /** The revisions of many reports (ReportDrafts: their first), in one statement. */
  recordAll(manager: EntityManager, revised: { report: ResultReport; userId: string }[]): Promise<void> {
    return this.reports.insertRevisions(
      manager,
      revised.map(({ report, userId }) => revisionOf(report, userId)),
    );
  }
}

function revisionOf(report: ResultReport, userId: string): NewRevision {
  return {
    organizationId: report.organizationId,
    reportId: report.id,
    version: report.version,
    snapshot: reportChangeDocument(report, report.project!),
    changedBy: userId,
  };
}
