import { ConflictException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { notFoundInScope } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { actorEvent, AuditLog } from '../../audit/audit-log';
import { AuditTrail } from '../../audit/audit-trail';
import { diffDocuments, type FieldChange } from '../../common/document-diff';
import { insertInOneStatement } from '../../infra/database/one-statement';
import { assertCurrentVersion, versionNeverSaved } from '../../infra/database/optimistic-lock';
import { AnsweredAfterTransaction, NothingChanged, Transactions } from '../../infra/database/transactions';
import { NotificationRequest, OutboxRepository } from '../../outbox/outbox.repository';
import { GrantProject } from '../../projects/grant-project.entity';
import { conflictingChanges, type Section } from '../report/report-sections';
import { reportChangeDocument, reportSubmission } from '../report/report-view';
import { earlierYearsOf, type LockedReport, ReportsRepository } from '../report/reports.repository';
import { ResultReport } from '../report/result-report.entity';
import { correctionOpenedFrom, UNDER_CORRECTION } from '../rules/report-status';
import { authorizeAction, reopensForEditing, ReportAction, WorkflowRule } from '../rules/report-workflow';
import { PlanFollowers } from './plan-followers';
import { ReportEditions } from './report-editions';
import { ReportRevisions } from './report-revisions';
import { type AuditAction } from '../../audit/audit-actions';

export interface ChangeContext {
  manager: EntityManager;
  /** The report as it was before this change, fully loaded (its project as planned that year). */
  before: ResultReport;
  /** Row-locked for this transaction. */
  report: ResultReport;
  rule: WorkflowRule;
  /** The report's project as planned that year (before.project), with the department responsible for it now. */
  project: GrantProject;
  assignedExpertIds: string[];
  /**
   * Adds to the audit entry the changes of a part of the review kept outside the report's document (an expert's
   * rating and opinion), field by field, beside the report's own; they make no revision of the report.
   */
  alsoChanged: (before: object, after: object) => void;
  /** Adds to the audit entry what only the change learns: the assignments it made, the expert it took off, a due date. */
  recordDetails: (details: Record<string, unknown>) => void;
}

export interface ChangeRequest {
  action: ReportAction;
  /** The audit log's name for what happened, e.g. report.submitted. */
  auditAction: AuditAction;
  /** For form saves: the version the user edited; a stale one is refused whole, unless the save names its sections. */
  editedVersion?: number;
  /**
   * The sections of the form the save writes. A save from an older version then goes ahead unless something it
   * conflicts with changed since (conflictingChanges); a refusal names those changes.
   */
  editedSections?: readonly Section[];
  /**
   * For a transition decided on what the report said: the version that was read. A newer one means the report changed
   * since (resubmitted, an opinion rewritten), so the decision is refused rather than taken on content no one read.
   */
  readVersion?: number;
  auditDetails?: Record<string, unknown>;
}

/**
 * Returned by a change that found, before writing anything, that it would change nothing (an opinion saved again as it
 * was): the runner then writes nothing either, no version, entry or notification.
 */
export const NO_CHANGE = Symbol('no change');

/** The edition a publication made, for its audit entry and notifications. */
interface PublishedEdition {
  edition: number;
  correctionReason?: string;
}

/** Notification requests with what only the runner learns added to each payload (none when there is nothing). */
function withPayload(requests: NotificationRequest[], extra: object | undefined): NotificationRequest[] {
  return extra ? requests.map((request) => ({ ...request, payload: { ...request.payload, ...extra } })) : requests;
}

type ChangeOutcome = NotificationRequest[] | typeof NO_CHANGE | void;

/** What a change does inside the runner's transaction; it returns the notifications it causes (sync or async). */
export type ReportChange = (context: ChangeContext) => Promise<ChangeOutcome> | ChangeOutcome;

/** A notification request about a report, caused by the actor (who is never notified of their own act). */
export function reportNotification(
  report: ResultReport,
  actor: OrganizationActor,
  type: string,
  payload: Record<string, unknown> = {},
): NotificationRequest {
  return { organizationId: report.organizationId, type, reportId: report.id, actorUserId: actor.userId, payload };
}

/**
 * The one path by which an existing report changes. In a single transaction: visibility (404), row lock,
 * the workflow rule (403/409/422), the version check, the change itself, the state transition, a new
 * version and revision (none for a change beside the report), the audit entry with field-level before/after, and the
 * notification requests. An edit that changes nothing writes nothing.
 * Concurrent changes of one report serialize on the row lock, so exactly one of competing transitions wins.
 */
@Injectable()
export class ReportChanges {
  constructor(
    private readonly transactions: Transactions,
    private readonly reports: ReportsRepository,
    private readonly revisions: ReportRevisions,
    private readonly editions: ReportEditions,
    private readonly planFollowers: PlanFollowers,
    private readonly audit: AuditLog,
    private readonly trail: AuditTrail,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Returns the report as the change left it, as loadFull would read it. */
  run(actor: OrganizationActor, reportId: string, request: ChangeRequest, change: ReportChange): Promise<ResultReport> {
    return this.transactions.run((manager) => this.runIn(manager, actor, reportId, request, change));
  }

  /**
   * The same change inside the caller's transaction, for a use case that changes several reports all or nothing
   * (一括公表). The caller runs it in Transactions and takes the reports in a fixed order (by id) against deadlocks.
   */
  async runIn(
    manager: EntityManager,
    actor: OrganizationActor,
    reportId: string,
    request: ChangeRequest,
    change: ReportChange,
  ): Promise<ResultReport> {
    const reopening = reopensForEditing(request.action);
    if (reopening) await this.reports.lockProjectOf(manager, reportId);
    const {
      report: before,
      row: report,
      assignedExpertIds,
      awaitedExperts,
    } = await this.lockVisible(manager, actor, reportId);
    // What the change alters is written by comparison with the row as locked.
    const asLocked = structuredClone(report);
    const project = before.project!;
    const rule = authorizeAction(
      request.action,
      {
        status: report.status,
        organizationId: report.organizationId,
        // The project's current department, as visibility and notifications have it (asOfItsYear).
        departmentId: project.departmentId,
        assignedExpertIds,
        awaitedExperts,
        proposedBy: report.proposedBy,
        policyCorrectedBy: report.policyCorrectedBy ?? [],
        openedFrom: correctionOpenedFrom(report),
        // Only the rules that require a complete submission read it: it is assessed for them alone.
        get submissionProblems() {
          return reportSubmission(before, project).problems;
        },
      },
      actor,
    );
    if (request.editedVersion !== undefined && request.editedVersion !== report.version)
      await this.assertNothingConflicts(manager, report, request.editedVersion, request.editedSections);
    if (request.readVersion !== undefined && request.readVersion !== report.version)
      throw await this.changedSinceRead(manager, report, request.readVersion);

    const partChanges: FieldChange[] = [];
    const learned: Record<string, unknown> = {};
    const outcome = await change({
      manager,
      before,
      report,
      rule,
      project,
      assignedExpertIds,
      alsoChanged: (partBefore, partAfter) => partChanges.push(...diffDocuments(partBefore, partAfter)),
      recordDetails: (details) => Object.assign(learned, details),
    });
    if (outcome === NO_CHANGE) return before;
    // What the rules say changes nothing a decision reads writes beside the report: its row and version stay.
    const { after, changes, published } = rule.keepsVersion
      ? { after: before, changes: [] }
      : await this.writeReport(manager, actor, request, { before, asLocked, report, project, rule }, partChanges);
    // Those told of a publication read which edition it made, and for a correction why, as the log records it.
    const notifications = withPayload(outcome ?? [], published);
    // Nothing reads these rows back before commit: one round trip for all three.
    await insertInOneStatement(manager, [
      changes.length > 0 ? this.revisions.recording(manager, after, actor.userId) : undefined,
      this.audit.appending(
        manager,
        actorEvent(
          actor,
          request.auditAction,
          { type: 'report', id: reportId },
          {
            ...request.auditDetails,
            ...learned,
            ...published,
            fromStatus: before.status,
            toStatus: after.status,
            version: after.version,
            changes: [...changes, ...partChanges],
          },
        ),
      ),
      reopening ? undefined : this.outbox.enqueuing(manager, notifications),
    ]);
    if (!reopening) return after;
    // Open for editing again: the report catches up with its project, as a change of its own after this one. Those
    // told of the return are told whether it did (payload.planFollowed), as its owner is to check what changed.
    const caughtUp = await this.planFollowers.reopened(manager, actor, before.status, after);
    const planFollowed = caughtUp.version > after.version;
    await this.outbox.enqueue(manager, withPayload(notifications, planFollowed ? { planFollowed } : undefined));
    return caughtUp;
  }

  /** The report row-locked for a change (ReportsRepository.lockVisible); 404 when the actor may not see it. */
  async lockVisible(manager: EntityManager, actor: OrganizationActor, reportId: string): Promise<LockedReport> {
    const locked = await this.reports.lockVisible(manager, actor, reportId);
    if (!locked)
      throw new AnsweredAfterTransaction(() =>
        notFoundInScope(this.reports.existsAnywhere(reportId), 'Report not found.'),
      );
    return locked;
  }

  /**
   * The report's row as the change left it, a new version of it, and a new edition when it is published: `published`
   * names it (its number, and for a correction its reason).
   */
  private async writeReport(
    manager: EntityManager,
    actor: OrganizationActor,
    request: ChangeRequest,
    locked: {
      before: ResultReport;
      asLocked: ResultReport;
      report: ResultReport;
      project: GrantProject;
      rule: WorkflowRule;
    },
    partChanges: FieldChange[],
  ): Promise<{ after: ResultReport; changes: FieldChange[]; published?: PublishedEdition }> {
    const { before, asLocked, report, project, rule } = locked;
    // Only a publication makes an edition: a correction cancelled goes back to the latest one as it was.
    const publishing = rule.action === ReportAction.Publish;
    // Published under the department responsible for it now (a project moved since its plan copy was taken).
    if (publishing && before.plan && before.plan.departmentId !== project.departmentId)
      await this.reports.recordPlanDepartment(manager, report.id, project.department!);
    if (rule.to) report.status = rule.to;
    report.updatedBy = actor.userId;
    const written = await this.reports.writeChange(manager, asLocked, report);
    const after = await this.reports.afterChange(manager, before, written);
    const changes = diffDocuments(reportChangeDocument(before, project), reportChangeDocument(after, after.project!));
    // A form saved as it was is undone whole: no new version, revision or entry records a change of nothing. Edits run
    // in a transaction of their own (run), which this rolls back.
    if (request.action === ReportAction.Edit && changes.length === 0 && partChanges.length === 0)
      throw new NothingChanged(before);
    if (publishing) {
      // The edition keeps the earlier years as the public record holds them now (⑤'s 前年度実績), which a published
      // report is read without, so that nothing published since changes it; a correction was read without them too.
      const publishedEarlier =
        before.publishedEarlier ?? earlierYearsOf(await this.reports.publishedOf(manager, [after.projectId]), after);
      // Who corrected ⑧ in the correction is cleared on the report as it is published, and kept by the edition.
      const edition = await this.editions.record(manager, after, publishedEarlier, {
        userId: actor.userId,
        correctionReason: UNDER_CORRECTION.includes(before.status) ? before.correctionReason : null,
        policyCorrectedBy: before.policyCorrectedBy,
      });
      after.editions = [...(after.editions ?? []), edition];
      const published = edition.correctionReason
        ? { edition: edition.edition, correctionReason: edition.correctionReason }
        : { edition: edition.edition };
      return { after, changes, published };
    }
    return { after, changes };
  }

  /**
   * The refusal of a decision taken on a version the report has moved on from, naming what moved it since (the audit
   * actions that made each later version: a resubmission, an expert added to the review, an opinion entered).
   */
  private async changedSinceRead(
    manager: EntityManager,
    report: ResultReport,
    readVersion: number,
  ): Promise<ConflictException> {
    const ahead = versionNeverSaved('report', report.version, readVersion);
    if (ahead) return ahead;
    const made = await this.trail.actionsByReportVersion(report.organizationId, report.id, {
      afterVersion: readVersion,
      manager,
    });
    const changedBy = [...new Set(made.values())];
    const since = changedBy.length > 0 ? `; since then: ${changedBy.join(', ')}` : '';
    return new ConflictException({
      message: `The report (${report.status}) has changed since version ${readVersion} was read (now version ${report.version}${since}): read it again before acting on it.`,
      details: { currentVersion: report.version },
    });
  }

  /**
   * Sections are saved one at a time, each from a page of its own (two tabs, two people of the department): a save
   * from an older version is refused only for what changed since in its own sections, or the report's state. The two
   * versions are compared as their revisions, as the version history compares them.
   */
  private async assertNothingConflicts(
    manager: EntityManager,
    report: ResultReport,
    editedVersion: number,
    sections: readonly Section[] | undefined,
  ): Promise<void> {
    // A version ahead of the report's was never saved: only what the form was altered to send.
    const edited =
      sections && editedVersion < report.version
        ? await this.reports.revisionAsOf(report.organizationId, report.id, editedVersion, manager)
        : null;
    const current =
      edited && (await this.reports.revisionAsOf(report.organizationId, report.id, report.version, manager));
    if (!sections || !edited || !current) return assertCurrentVersion('report', report.version, editedVersion);
    const conflicts = conflictingChanges(diffDocuments(edited.snapshot, current.snapshot), sections);
    if (conflicts.length > 0)
      throw new ConflictException({
        message: `The report was saved since version ${editedVersion} (now version ${report.version}), changing what this save would write: ${conflicts.map((change) => change.path).join(', ')}. Look at those changes; to replace them, save again with version ${report.version}.`,
        details: { currentVersion: report.version, changes: conflicts },
      });
  }
}
