import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReportEditionsRepository } from '../report/report-editions.repository';
import { buildReportView } from '../report/report-view';
import type { ReportEdition } from '../report/report-edition.entity';
import type { ResultReport } from '../report/result-report.entity';

/** Every publication of a report becomes an edition that is never changed; a correction is the next edition. */
@Injectable()
export class ReportEditions {
  constructor(private readonly editions: ReportEditionsRepository) {}

  /** `report` as loaded by loadFull, just published; returns the new edition. */
  async record(
    manager: EntityManager,
    report: ResultReport,
    userId: string | null,
    correctionReason: string | null,
  ): Promise<ReportEdition> {
    const edition = (await this.editions.count(manager, report.id)) + 1;
    return this.editions.add(manager, {
      organizationId: report.organizationId,
      reportId: report.id,
      edition,
      reportVersion: report.version,
      publishedAt: report.publishedAt ?? new Date(),
      publishedBy: userId,
      correctionReason: edition === 1 ? null : correctionReason,
      snapshot: buildReportView(report, report.project!),
    });
  }

  /**
   * A report published before editions were kept has none yet; its frozen row is what was published. Before it is
   * reopened for a correction, that becomes edition 1.
   */
  async recordFirst(manager: EntityManager, report: ResultReport): Promise<void> {
    if ((await this.editions.count(manager, report.id)) === 0) await this.record(manager, report, null, null);
  }
}
