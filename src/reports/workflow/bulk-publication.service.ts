import { ConflictException, Injectable } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import { actorEvent, AuditLog } from '../../audit/audit-log';
import { fiscalYearLabel } from '../../common/era-input';
import { Transactions } from '../../infra/database/transactions';
import { ReportChanges } from '../changes/report-changes';
import { ReportsRepository } from '../report/reports.repository';
import { ReportAction } from '../rules/report-workflow';
import { BulkPublicationItem, BulkPublicationView } from './workflow.dto';
import { publishing } from './workflow.service';

/**
 * 一括公表: the planning division publishes a fiscal year's decided reports in one action. Each report is published
 * exactly as one published alone (the Publish rule, its own audit entry, edition and notification to its department).
 */
@Injectable()
export class BulkPublicationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly changes: ReportChanges,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** What a publication of the year would publish: every decided report the caller may see, in list order. */
  async publishable(actor: OrganizationActor, fiscalYear: number): Promise<BulkPublicationItem[]> {
    return (await this.reports.decidedInFiscalYear(actor, fiscalYear)).map(BulkPublicationItem.from);
  }

  /**
   * Publishes the chosen decided reports of the year. All or nothing, in one transaction: a year published as the list
   * showed it or not at all, never half, so a refusal (a report no longer decided) can simply be retried.
   */
  async publish(actor: OrganizationActor, fiscalYear: number, reportIds: string[]): Promise<BulkPublicationView> {
    return this.transactions.run(async (manager) => {
      const decided = await this.reports.decidedInFiscalYear(actor, fiscalYear, manager);
      const chosen = new Set(reportIds);
      const known = new Set(decided.map((report) => report.id));
      const refused = reportIds.filter((id) => !known.has(id));
      if (refused.length > 0)
        throw new ConflictException({
          message: `Only decided reports of ${fiscalYearLabel(fiscalYear)} can be published together; nothing was published. Not decided in that year: ${refused.join(', ')}.`,
          details: reportIds.flatMap((id, index) =>
            known.has(id)
              ? []
              : [{ path: `/reportIds/${index}`, message: `report ${id} is not a decided report of this year` }],
          ),
        });
      const published = decided.filter((report) => chosen.has(report.id));
      // Row locks are taken in id order, so two publications that share reports wait for each other, never deadlock.
      for (const id of [...chosen].sort())
        await this.changes.runIn(
          manager,
          actor,
          id,
          { action: ReportAction.Publish, auditAction: 'report.published', auditDetails: { bulk: true } },
          publishing(actor),
        );
      await this.audit.append(
        manager,
        actorEvent(actor, 'reports.bulk_published', undefined, { fiscalYear, count: published.length, reportIds }),
      );
      return {
        fiscalYear,
        fiscalYearLabel: fiscalYearLabel(fiscalYear),
        published: published.map(BulkPublicationItem.from),
      };
    });
  }
}
