import { Injectable } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import { fiscalYearLabel } from '../../common/era-input';
import { ReportStatus } from '../rules/report-status';
import { ReportAction } from '../rules/report-workflow';
import { BulkChanges } from './bulk-changes';
import { BulkPublicationItem, BulkPublicationView } from './workflow.dto';
import { publishing } from './workflow.service';

/** The event that tells each person once of the reports a 一括公表 published (BulkChange.toldTogether). */
export const BULK_PUBLISHED_EVENT = 'reports.bulk_published';

/**
 * 一括公表: the planning division publishes a fiscal year's decided reports in one action. Each report is published
 * exactly as one published alone (the Publish rule, its own audit entry, edition and notification to its department);
 * those told are mailed once for the action, listing their reports.
 */
@Injectable()
export class BulkPublicationService {
  constructor(private readonly bulk: BulkChanges) {}

  /** What a publication of the year would publish: every decided report the caller may see, in list order. */
  async publishable(actor: OrganizationActor, fiscalYear: number): Promise<BulkPublicationItem[]> {
    return (await this.bulk.candidates(actor, fiscalYear, ReportStatus.Decided)).map(BulkPublicationItem.from);
  }

  /** Publishes the chosen decided reports of the year, all or nothing (BulkChanges), each at the version read if given. */
  async publish(
    actor: OrganizationActor,
    fiscalYear: number,
    reportIds: string[],
    readVersions?: number[],
  ): Promise<BulkPublicationView> {
    const published = await this.bulk.run(
      actor,
      fiscalYear,
      reportIds,
      {
        from: ReportStatus.Decided,
        done: 'published',
        request: { action: ReportAction.Publish, auditAction: 'report.published', auditDetails: { bulk: true } },
        change: publishing(actor),
        auditAction: 'reports.bulk_published',
        toldTogether: BULK_PUBLISHED_EVENT,
      },
      readVersions,
    );
    return {
      fiscalYear,
      fiscalYearLabel: fiscalYearLabel(fiscalYear),
      published: published.map(BulkPublicationItem.from),
    };
  }
}
