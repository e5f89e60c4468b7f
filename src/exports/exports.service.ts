import { Injectable } from '@nestjs/common';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { OrganizationActor } from '../access/actor';
import { Transactions } from '../infra/database/transactions';
import { ReportView } from '../reports/report/report-view';
import { ReportReader } from '../reports/report/report-reader';
import { ReportsService } from '../reports/reports.service';
import { type EditionReplacement } from './report-page';

export type ExportFormat = 'xlsx' | 'csv' | 'html' | 'summary.xlsx';

/** Loads what a caller may export (the reports they may see) and records every export in the audit log. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly reportsService: ReportsService,
    private readonly reader: ReportReader,
    private readonly audit: AuditLog,
  ) {}

  /** One report, if the caller may see it (404 otherwise): as it is now, or one published edition as it was. */
  report(actor: OrganizationActor, reportId: string, edition?: number): Promise<ReportView> {
    return edition === undefined
      ? this.reportsService.get(actor, reportId)
      : this.reader.edition(actor, reportId, edition);
  }

  /** What replaced a published edition: the edition that corrected it and the newest; null for the newest itself. */
  async replacement(actor: OrganizationActor, reportId: string, edition: number): Promise<EditionReplacement | null> {
    const later = (await this.reader.editionNumbers(actor, reportId)).filter((number) => number > edition);
    return later.length === 0 ? null : { by: later[0], latest: later[later.length - 1] };
  }

  /** Every report of a fiscal year the caller may see, in the order of their project numbers. */
  fiscalYear(actor: OrganizationActor, fiscalYear: number): Promise<ReportView[]> {
    return this.reader.viewsOfYear(actor, fiscalYear);
  }

  /**
   * One audit entry per exported report, so each report's history shows who took it out and how. Called once the file
   * is built, so an export that failed is not recorded as taken out.
   */
  async recordExport(
    actor: OrganizationActor,
    views: Pick<ReportView, 'id' | 'fiscalYear' | 'version' | 'status'>[],
    format: ExportFormat,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    // One statement for all of them: a year's export holds every report of the year.
    await this.transactions.run((manager) =>
      this.audit.appendAll(
        manager,
        views.map((view) =>
          actorEvent(
            actor,
            'report.exported',
            { type: 'report', id: view.id },
            { format, fiscalYear: view.fiscalYear, version: view.version, status: view.status, ...details },
          ),
        ),
      ),
    );
  }
}
