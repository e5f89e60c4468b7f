import { ConflictException, Injectable } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import {
  type ChangeContext,
  NO_CHANGE,
  type ReportChange,
  ReportChanges,
  reportNotification,
} from '../changes/report-changes';
import { ReportEditions } from '../changes/report-editions';
import { AssessmentScale } from '../report/assessment-choices';
import { AssessmentOptions } from '../report/assessment-options';
import { buildReportView, ReportView } from '../report/report-view';
import { ReportsRepository } from '../report/reports.repository';
import type { ResultReport } from '../report/result-report.entity';
import { CommentKind } from '../reviews/report-comment.entity';
import { ReviewsService } from '../reviews/reviews.service';
import { UNDER_CORRECTION } from '../rules/report-status';
import { ReportAction } from '../rules/report-workflow';
import { AcceptRequest, CorrectAssessmentRequest, EvaluateRequest, ProposePolicyRequest } from './workflow.dto';
import { type AuditAction } from '../../audit/audit-actions';

/** The change of one publication (公表), shared by the single and the year's bulk publication. */
export function publishing(actor: OrganizationActor): ReportChange {
  return ({ report }) => {
    report.publishedAt = new Date();
    // A ⑧ corrected is published now: the next correction's four-eyes check starts anew.
    report.policyCorrectedBy = null;
    report.withdrawnAt = null;
    report.withdrawalReason = null;
    return [reportNotification(report, actor, 'report.published')];
  };
}

/** ⑦ as the panel's evaluation or its correction writes it onto the row-locked report. */
async function writePanelRating(
  options: AssessmentOptions,
  { manager, report }: ChangeContext,
  request: Pick<EvaluateRequest, 'rating' | 'opinion'>,
): Promise<void> {
  const rating = await options.choose(report.organizationId, AssessmentScale.PanelRating, request.rating, {
    path: '/rating',
    currentKey: report.panelRatingOption ?? report.panelRating,
    manager,
  });
  // The kind adds up across municipalities; the report keeps the wording it was evaluated with.
  report.panelRating = rating.kind;
  report.panelRatingOption = rating.key;
  report.panelRatingLabel = rating.label;
  report.panelOpinion = request.opinion.trim();
}

/** ⑧ as a proposal or a correction writes it onto the row-locked report, with the wording of its option then. */
async function writePolicy(
  options: AssessmentOptions,
  { manager, report }: ChangeContext,
  request: Pick<ProposePolicyRequest, 'decision' | 'reason'>,
): Promise<void> {
  const decision = await options.choose(report.organizationId, AssessmentScale.PolicyDecision, request.decision, {
    path: '/decision',
    currentKey: report.policyDecisionOption ?? report.policyDecision,
    manager,
  });
  report.policyDecision = decision.kind;
  report.policyDecisionOption = decision.key;
  report.policyDecisionLabel = decision.label;
  report.policyDecisionFormText = decision.formText;
  report.policyReason = request.reason.trim();
}

/** The columns of ⑦ and of ⑧, each compared with the report before by ⑦⑧の訂正. */
const EVALUATION_COLUMNS = [
  'panelRating',
  'panelRatingOption',
  'panelRatingLabel',
  'panelOpinion',
] as const satisfies readonly (keyof ResultReport)[];
const POLICY_COLUMNS = [
  'policyDecision',
  'policyDecisionOption',
  'policyDecisionLabel',
  'policyDecisionFormText',
  'policyReason',
] as const satisfies readonly (keyof ResultReport)[];

/** The change of the panel's evaluation (⑦), shared by the report's own form and the committee meeting pack's import. */
export function evaluating(
  options: AssessmentOptions,
  actor: OrganizationActor,
  request: Pick<EvaluateRequest, 'rating' | 'opinion'>,
): ReportChange {
  return async (context) => {
    await writePanelRating(options, context, request);
    return [reportNotification(context.report, actor, 'report.evaluated')];
  };
}

/**
 * The transitions of the yearly report. Each is one call of ReportChanges.run, which enforces the rules
 * of report-workflow.ts and writes the audit entry and notification requests with the change.
 */
@Injectable()
export class WorkflowService {
  constructor(
    private readonly changes: ReportChanges,
    private readonly reviews: ReviewsService,
    private readonly editions: ReportEditions,
    private readonly options: AssessmentOptions,
    private readonly reports: ReportsRepository,
  ) {}

  submit(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Submit, 'report.submitted', ({ before, report }) => {
      // What the report answers and is measured against is fixed with its submission.
      report.previousDecision = before.previousDecision;
      report.effectCloseThreshold = before.organization?.effectCloseThreshold ?? null;
      // Sent back or withdrawn before: planning is told it is a resubmission, to look at what changed.
      const resubmitted = report.firstSubmittedAt !== null;
      report.firstSubmittedAt ??= new Date();
      return [reportNotification(report, actor, 'report.submitted', resubmitted ? { resubmitted } : {})];
    });
  }

  withdraw(actor: OrganizationActor, reportId: string, readVersion?: number): Promise<ReportView> {
    return this.announced(actor, reportId, ReportAction.Withdraw, 'report.withdrawn', { readVersion });
  }

  /** 差戻し: back to draft, with the planning division's reason on the report's thread. */
  returnToDraft(
    actor: OrganizationActor,
    reportId: string,
    comment: string,
    readVersion?: number,
  ): Promise<ReportView> {
    return this.returnWithReason(actor, reportId, ReportAction.Return, 'report.returned', comment, readVersion);
  }

  /** Accepts a submission and asks one or more external experts of the organization for their opinion. */
  accept(actor: OrganizationActor, reportId: string, request: AcceptRequest): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      ReportAction.Accept,
      'report.accepted',
      this.reviews.asking(actor, request),
      { details: { experts: request.experts, dueDate: request.dueDate }, readVersion: request.version },
    );
  }

  /** Closes the expert review with the panel's consolidated rating and opinion (⑦). */
  evaluate(actor: OrganizationActor, reportId: string, request: EvaluateRequest): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      ReportAction.Evaluate,
      'report.evaluated',
      evaluating(this.options, actor, request),
      { readVersion: request.version },
    );
  }

  /** 方針案 (⑧): awaits approval by another planning user. */
  propose(actor: OrganizationActor, reportId: string, request: ProposePolicyRequest): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      ReportAction.ProposePolicy,
      'policy.proposed',
      async (context) => {
        const { report } = context;
        await writePolicy(this.options, context, request);
        report.proposedBy = actor.userId;
        report.proposedAt = new Date();
        return [reportNotification(report, actor, 'proposal.awaiting_approval', { proposedBy: actor.userId })];
      },
      { readVersion: request.version },
    );
  }

  /** 承認 (four-eyes): decides the policy as proposed, on the proposal the approver read. */
  approve(actor: OrganizationActor, reportId: string, readVersion?: number): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      ReportAction.ApprovePolicy,
      'policy.approved',
      ({ report }) => {
        report.approvedBy = actor.userId;
        report.approvedAt = new Date();
        return [reportNotification(report, actor, 'report.decided', { decision: report.policyDecision })];
      },
      { readVersion },
    );
  }

  /** The approver sends the proposal back for rework; the next proposal starts the four-eyes check anew. */
  sendBack(actor: OrganizationActor, reportId: string, comment: string, readVersion?: number): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      ReportAction.SendBackProposal,
      'policy.sent_back',
      ({ report }) => {
        const proposedBy = report.proposedBy;
        report.proposedBy = null;
        report.proposedAt = null;
        return [reportNotification(report, actor, 'proposal.sent_back', { comment, proposedBy })];
      },
      { details: { comment }, readVersion },
    );
  }

  /** 公表: the final version, without (案). A corrected edition of a withdrawn report makes it public again. */
  publish(actor: OrganizationActor, reportId: string, readVersion?: number): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.Publish, 'report.published', publishing(actor), {
      readVersion,
    });
  }

  /**
   * ⑦⑧の訂正: planning corrects the published evaluation and policy during a correction. Everyone who corrected ⑧ is
   * kept, as the correction's publication needs a planning user who did not (four-eyes), however often it was corrected
   * after; the same values again write nothing.
   */
  correctAssessment(
    actor: OrganizationActor,
    reportId: string,
    request: CorrectAssessmentRequest,
  ): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      ReportAction.CorrectAssessment,
      'report.assessment_corrected',
      async (context) => {
        const { before, report } = context;
        await writePanelRating(this.options, context, request);
        await writePolicy(this.options, context, request);
        const changed = (columns: readonly (keyof ResultReport)[]) =>
          columns.some((column) => report[column] !== before[column]);
        const policyCorrected = changed(POLICY_COLUMNS);
        if (!policyCorrected && !changed(EVALUATION_COLUMNS)) return NO_CHANGE;
        const correctors = report.policyCorrectedBy ?? [];
        if (policyCorrected && !correctors.includes(actor.userId))
          report.policyCorrectedBy = [...correctors, actor.userId];
        return [reportNotification(report, actor, 'report.assessment_corrected', { policyCorrected })];
      },
      { readVersion: request.version },
    );
  }

  /** Administrators only, with a reason: a decided report goes back to evaluation so its policy can be redone. */
  reopen(actor: OrganizationActor, reportId: string, reason: string, readVersion?: number): Promise<ReportView> {
    return this.announced(actor, reportId, ReportAction.Reopen, 'report.reopened', {
      details: { reason },
      readVersion,
      effect: ({ report }) => {
        report.proposedBy = null;
        report.proposedAt = null;
        report.approvedBy = null;
        report.approvedAt = null;
      },
    });
  }

  /**
   * 訂正: administrators only, with a reason. The published report opens for correction; publishing it again makes a
   * new edition, and every earlier edition stays as it was published.
   */
  startCorrection(
    actor: OrganizationActor,
    reportId: string,
    reason: string,
    readVersion?: number,
  ): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      ReportAction.StartCorrection,
      'report.correction_started',
      async ({ manager, before, report }) => {
        await this.editions.recordFirst(manager, before);
        await this.reports.keepCorrectionOrigin(manager, report.id);
        report.correctionReason = reason.trim();
        return [reportNotification(report, actor, 'report.correction_started', { reason: report.correctionReason })];
      },
      { details: { reason }, readVersion },
    );
  }

  /** 訂正の提出: the owner says the correction is done, once it is as complete as a first submission must be. */
  submitCorrection(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return this.transition(actor, reportId, ReportAction.SubmitCorrection, 'correction.submitted', ({ report }) => [
      reportNotification(report, actor, 'correction.submitted', { reason: report.correctionReason }),
    ]);
  }

  /** The owner takes a submitted correction back to go on correcting it. */
  withdrawCorrection(actor: OrganizationActor, reportId: string, readVersion?: number): Promise<ReportView> {
    return this.announced(actor, reportId, ReportAction.WithdrawCorrection, 'correction.withdrawn', { readVersion });
  }

  /** Planning sends a submitted correction back to correcting, with its reason on the report's thread like a 差戻し. */
  returnCorrection(
    actor: OrganizationActor,
    reportId: string,
    comment: string,
    readVersion?: number,
  ): Promise<ReportView> {
    return this.returnWithReason(
      actor,
      reportId,
      ReportAction.ReturnCorrection,
      'correction.returned',
      comment,
      readVersion,
    );
  }

  /**
   * 訂正の取りやめ: administrators only, with a reason, for a correction started by mistake. The report goes back to where
   * it was opened from (公表 or 公表の取消, also when withdrawn during the correction) with the values of its latest
   * edition, as the correction's start kept them; the correction's revisions stay in its history, and no edition is made.
   */
  cancelCorrection(
    actor: OrganizationActor,
    reportId: string,
    reason: string,
    readVersion?: number,
  ): Promise<ReportView> {
    return this.announced(actor, reportId, ReportAction.CancelCorrection, 'report.correction_cancelled', {
      details: { reason: reason.trim() },
      readVersion,
      effect: async ({ manager, report }) => {
        // A withdrawal during the correction stands: the values go back, the publication does not come back with them.
        const { withdrawnAt, withdrawalReason } = report;
        if (!(await this.reports.restoreCorrectionOrigin(manager, report)))
          throw new ConflictException(
            'This correction was started before the values it started from were kept, so it cannot be cancelled: submit it and publish it instead.',
          );
        Object.assign(report, { withdrawnAt, withdrawalReason });
      },
    });
  }

  /**
   * 公表の取消: administrators only, with a reason. The report leaves publication but stays frozen as published (every
   * edition stays too); correcting it and publishing again makes it public again. During a correction it stays in its
   * state, the owner going on correcting, and publishing the correction makes it public again.
   */
  withdrawPublication(
    actor: OrganizationActor,
    reportId: string,
    reason: string,
    readVersion?: number,
  ): Promise<ReportView> {
    const withdrawalReason = reason.trim();
    const auditAction = 'report.publication_withdrawn';
    return this.transition(
      actor,
      reportId,
      ReportAction.WithdrawPublication,
      auditAction,
      async ({ manager, report }) => {
        // Those told read whether a correction is under way: publishing it, not a new one, makes it public again.
        const duringCorrection = UNDER_CORRECTION.includes(report.status);
        report.withdrawnAt = new Date();
        report.withdrawalReason = withdrawalReason;
        await this.reports.recordWithdrawal(manager, report);
        return [
          reportNotification(report, actor, auditAction, {
            reason: withdrawalReason,
            ...(duringCorrection && { duringCorrection }),
          }),
        ];
      },
      { details: { reason: withdrawalReason }, readVersion },
    );
  }

  /** A step back with the planning division's reason: on the report's thread, in the audit entry and the notification. */
  private returnWithReason(
    actor: OrganizationActor,
    reportId: string,
    action: ReportAction,
    auditAction: AuditAction,
    comment: string,
    readVersion?: number,
  ): Promise<ReportView> {
    return this.announced(actor, reportId, action, auditAction, {
      details: { comment },
      readVersion,
      effect: ({ manager, report }) => this.reviews.addComment(manager, report, actor, CommentKind.Return, comment),
    });
  }

  /**
   * A transition whose notification is named as its audit entry and carries the same details; `effect` is what it
   * changes besides the report's state, before the notification is made.
   */
  private announced(
    actor: OrganizationActor,
    reportId: string,
    action: ReportAction,
    auditAction: AuditAction,
    { effect, ...options }: TransitionOptions & { effect?: (context: ChangeContext) => unknown },
  ): Promise<ReportView> {
    return this.transition(
      actor,
      reportId,
      action,
      auditAction,
      async (context) => {
        await effect?.(context);
        return [reportNotification(context.report, actor, auditAction, options.details)];
      },
      options,
    );
  }

  private async transition(
    actor: OrganizationActor,
    reportId: string,
    action: ReportAction,
    auditAction: AuditAction,
    change: ReportChange,
    { details, readVersion }: TransitionOptions = {},
  ): Promise<ReportView> {
    // Who sees a report follows its project and its experts, which no transition takes from its actor: the report as
    // the change left it is the answer, not read again.
    const after = await this.changes.run(
      actor,
      reportId,
      { action, auditAction, auditDetails: details, readVersion: readVersion ?? undefined },
      change,
    );
    return buildReportView(after, after.project!);
  }
}

interface TransitionOptions {
  /** For the audit entry, beside what the change records itself. */
  details?: Record<string, unknown>;
  /**
   * The version a decision on the report's content, or an administrator's step that cannot be taken back, was taken
   * on, when the caller says (ChangeRequest.readVersion).
   */
  readVersion?: number | null;
}
