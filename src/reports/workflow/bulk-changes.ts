import { ConflictException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OrganizationActor } from '../../access/actor';
import { type AuditAction } from '../../audit/audit-actions';
import { actorEvent, AuditLog } from '../../audit/audit-log';
import { fiscalYearLabel } from '../../common/era-input';
import { Transactions } from '../../infra/database/transactions';
import { OutboxRepository } from '../../outbox/outbox.repository';
import { type ChangeRequest, type ReportChange, ReportChanges } from '../changes/report-changes';
import type { EntityManager } from 'typeorm';
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
  /**
   * The event that tells of the whole action at once (its payload: fiscalYear, reportIds), if any: each report's
   * notification requests name it (payload.bulkEventId) and are delivered with it, so that one action makes one mail
   * per person rather than one per report.
   */
  toldTogether?: string;
}

/** The change, its notification requests marked as told of by the bulk action's event. */
function toldWith(bulkEventId: string, change: ReportChange): ReportChange {
  return async (context) => {
    const outcome = await change(context);
    return Array.isArray(outcome)
      ? outcome.map((request) => ({ ...request, payload: { ...request.payload, bulkEventId } }))
      : outcome;
  };
}

/** A report chosen that is no longer as its list showed it: the state and version it is in now (null: deleted since). */
export interface ChangedReport {
  reportId: string;
  /** Its place in the request's reportIds. */
  index: number;
  projectTitle: string | null;
  /** The version the list showed, when the caller said. */
  readVersion: number | null;
  status: ReportStatus | null;
  version: number | null;
}

/** 409 naming each report chosen that changed since it was listed, and how; nothing was changed. */
export class ChangedSinceListedException extends ConflictException {
  constructor(
    readonly changed: ChangedReport[],
    bulk: Pick<BulkChange, 'from' | 'done'>,
    fiscalYear: number,
  ) {
    super({
      message: `Only ${bulk.from} reports of ${fiscalYearLabel(fiscalYear)}, as they were read, can be ${bulk.done} together; nothing was ${bulk.done}. Changed since they were listed: ${changed.map((report) => report.reportId).join(', ')}.`,
      details: changed.map((report) => ({
        path: `/reportIds/${report.index}`,
        message:
          report.status === bulk.from && report.readVersion !== null && report.version !== report.readVersion
            ? `report ${report.reportId} changed since version ${report.readVersion} was read (now version ${report.version})`
            : `report ${report.reportId} is not a ${bulk.from} report of this year (now ${report.status ?? 'deleted'})`,
      })),
    });
  }
}

/**
 * Runs one transition on the chosen reports of a fiscal year, all or nothing, in one transaction: the year changed as
 * the list showed it or not at all, never half, so a refusal (a report no longer in that state, or changed since the
 * version the list showed) can simply be retried without first finding out which reports went through. A batch is
 * refused whole rather than run without the reports that changed, so that its audit entry names exactly the reports the
 * planner confirmed.
 */
@Injectable()
export class BulkChanges {
  constructor(
    private readonly transactions: Transactions,
    private readonly changes: ReportChanges,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditLog,
    private readonly outbox: OutboxRepository,
  ) {}

  /** The reports the caller may choose from: every report of the year in that state they may see, in list order. */
  candidates(actor: OrganizationActor, fiscalYear: number, from: ReportStatus): Promise<ResultReport[]> {
    return this.reports.inStatusOfFiscalYear(actor, fiscalYear, from);
  }

  /**
   * The reports chosen, as they are now, in list order, when each is still in the state and at the version given (in
   * the order of reportIds; none given, any); otherwise refused as `run` would refuse them (ChangedSinceListedException).
   */
  async chosen(
    actor: OrganizationActor,
    fiscalYear: number,
    reportIds: string[],
    readVersions: number[] | undefined,
    bulk: Pick<BulkChange, 'from' | 'done'>,
    manager?: EntityManager,
  ): Promise<ResultReport[]> {
    const candidates = await this.reports.inStatusOfFiscalYear(actor, fiscalYear, bulk.from, manager);
    const versions = new Map(candidates.map((report) => [report.id, report.version]));
    const changed = reportIds.filter((id, index) => {
      const version = versions.get(id);
      return version === undefined || (readVersions?.[index] !== undefined && readVersions[index] !== version);
    });
    if (changed.length > 0)
      throw await this.changedSinceListed(actor, fiscalYear, reportIds, readVersions, changed, bulk, manager);
    const chosen = new Set(reportIds);
    return candidates.filter((report) => chosen.has(report.id));
  }

  /** Returns the reports changed, as they were listed before the change, in list order. */
  async run(
    actor: OrganizationActor,
    fiscalYear: number,
    reportIds: string[],
    bulk: BulkChange,
    readVersions?: number[],
  ): Promise<ResultReport[]> {
    return this.transactions.run(async (manager) => {
      const chosen = await this.chosen(actor, fiscalYear, reportIds, readVersions, bulk, manager);
      const together = bulk.toldTogether ? { type: bulk.toldTogether, id: randomUUID() } : undefined;
      const change = together ? toldWith(together.id, bulk.change) : bulk.change;
      // Row locks are taken in id order, so two bulk actions that share reports wait for each other, never deadlock.
      for (const id of [...reportIds].sort()) {
        const readVersion = readVersions?.[reportIds.indexOf(id)];
        try {
          await this.changes.runIn(manager, actor, id, { ...bulk.request, readVersion }, change);
        } catch (error) {
          // Changed between the list's read and its row lock: the same refusal as one found on the list.
          if (error instanceof ConflictException)
            throw await this.changedSinceListed(actor, fiscalYear, reportIds, readVersions, [id], bulk, manager);
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
          ...(readVersions ? { versions: readVersions } : {}),
        }),
      );
      if (together)
        await this.outbox.enqueueOnce(
          together.id,
          {
            organizationId: actor.organizationId,
            type: together.type,
            actorUserId: actor.userId,
            payload: { fiscalYear, reportIds },
          },
          manager,
        );
      return chosen;
    });
  }

  /** The refusal for the reports that changed, each with its state and version now. */
  private async changedSinceListed(
    actor: OrganizationActor,
    fiscalYear: number,
    reportIds: string[],
    readVersions: number[] | undefined,
    changed: string[],
    bulk: Pick<BulkChange, 'from' | 'done'>,
    manager?: EntityManager,
  ): Promise<ChangedSinceListedException> {
    const now = await this.reports.titlesOf(actor.organizationId, changed, manager);
    return new ChangedSinceListedException(
      changed.map((reportId) => {
        const index = reportIds.indexOf(reportId);
        const report = now.get(reportId);
        return {
          reportId,
          index,
          projectTitle: report?.projectTitle ?? null,
          readVersion: readVersions?.[index] ?? null,
          status: report?.status ?? null,
          version: report?.version ?? null,
        };
      }),
      bulk,
      fiscalYear,
    );
  }
}
