import { ConflictException, Injectable } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import { type AuditAction } from '../../audit/audit-actions';
import { actorEvent, AuditLog } from '../../audit/audit-log';
import { fiscalYearLabel } from '../../common/era-input';
import { Transactions } from '../../infra/database/transactions';
import { type ChangeRequest, type ReportChange, ReportChanges } from '../changes/report-changes';
import { ReportsRepository } from '../report/reports.repository';
import { type ResultReport } from '../report/result-report.entity';
import { type ReportStatus } from '../rules/report-status';

/** One transition applied to several reports of a year at once (一括公表, 一括受理), each as if applied alone. */
export interface BulkChange {
  /** The state every report named must be in, in the year: e.g. decided for a publication. */
  from: ReportStatus;
  /** What the refusal says was not done: e.g. published. */
  done: string;
  /** The transition of each report, with its own audit entry and notifications, as the single action runs it. */
  request: ChangeRequest;
  change: ReportChange;
  /** The audit entry of the whole action, beside each report's own. */
  auditAction: AuditAction;
  auditDetails?: Record<string, unknown>;
}

/**
 * Runs one transition on the chosen reports of a fiscal year, all or nothing, in one transaction: the year changed as
 * the list showed it or not at all, never half, so a refusal (a report no longer in that state) can simply be retried
 * without first finding out which reports went through.
 */
@Injectable()
export class BulkChanges {
  constructor(
    private readonly transactions: Transactions,
    private readonly changes: ReportChanges,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The reports the caller may choose from: every report of the year in that state they may see, in list order. */
  candidates(actor: OrganizationActor, fiscalYear: number, from: ReportStatus): Promise<ResultReport[]> {
    return this.reports.inStatusOfFiscalYear(actor, fiscalYear, from);
  }

  /** Returns the reports changed, as they were listed before the change, in list order. */
  async run(
    actor: OrganizationActor,
    fiscalYear: number,
    reportIds: string[],
    bulk: BulkChange,
  ): Promise<ResultReport[]> {
    return this.transactions.run(async (manager) => {
      const candidates = await this.reports.inStatusOfFiscalYear(actor, fiscalYear, bulk.from, manager);
      const known = new Set(candidates.map((report) => report.id));
      const refused = reportIds.filter((id) => !known.has(id));
      if (refused.length > 0) throw notInState(bulk, fiscalYear, reportIds, refused);
      // Row locks are taken in id order, so two bulk actions that share reports wait for each other, never deadlock.
      for (const id of [...reportIds].sort()) {
        try {
          await this.changes.runIn(manager, actor, id, bulk.request, bulk.change);
        } catch (error) {
          // Changed between the list's read and its row lock: the same refusal as one found on the list.
          if (error instanceof ConflictException) throw notInState(bulk, fiscalYear, reportIds, [id]);
          throw error;
        }
      }
      await this.audit.append(
        manager,
        actorEvent(actor, bulk.auditAction, undefined, {
          ...bulk.auditDetails,
          fiscalYear,
          count: reportIds.length,
          reportIds,
        }),
      );
      const chosen = new Set(reportIds);
      return candidates.filter((report) => chosen.has(report.id));
    });
  }
}

/** 409 naming each report that is not in the state (by its place in the request too); nothing was changed. */
function notInState(bulk: BulkChange, fiscalYear: number, reportIds: string[], refused: string[]): ConflictException {
  const isRefused = new Set(refused);
  return new ConflictException({
    message: `Only ${bulk.from} reports of ${fiscalYearLabel(fiscalYear)} can be ${bulk.done} together; nothing was ${bulk.done}. Not ${bulk.from} in that year: ${refused.join(', ')}.`,
    details: reportIds.flatMap((id, index) =>
      isRefused.has(id)
        ? [{ path: `/reportIds/${index}`, message: `report ${id} is not a ${bulk.from} report of this year` }]
        : [],
    ),
  });
}
