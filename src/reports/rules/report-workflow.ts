import { ConflictException, ForbiddenException, UnprocessableEntityException } from '@nestjs/common';
import { type OrganizationActor } from '../../access/actor';
import { PLAN_FOLLOWING, REPORT_STATUS_LABELS } from './report-status';
import { type FieldError } from '../../infra/http/validation';
import { Role } from '../../access/role';
import { ReportStatus } from './report-status';
import { AssignmentStatus, type AwaitedExpert } from './assignment-status';

/** Everything anyone can do to a yearly report. */
export enum ReportAction {
  Edit = 'edit',
  Delete = 'delete',
  Submit = 'submit',
  Withdraw = 'withdraw',
  Return = 'return',
  Accept = 'accept',
  RespondToAssignment = 'respond_to_assignment',
  EnterOpinion = 'enter_opinion',
  /** 外部評価委員会: planning records an opinion an expert gave at the panel's meeting, on the expert's behalf. */
  EnterOpinionOnBehalf = 'enter_opinion_on_behalf',
  AskQuestion = 'ask_question',
  AnswerQuestion = 'answer_question',
  Evaluate = 'evaluate',
  ProposePolicy = 'propose_policy',
  ApprovePolicy = 'approve_policy',
  SendBackProposal = 'send_back_proposal',
  Publish = 'publish',
  /** Planning asks more experts on a review under way: in place of one who declined, or one more. */
  AddExperts = 'add_experts',
  /** An administrator takes an expert off a review under way, with a reason. */
  ReassignExperts = 'reassign_experts',
  /** 今すぐ催促: planning sends an expert who still owes an answer or opinion a reminder at once. */
  RemindExpert = 'remind_expert',
  /** 未回答で解除: planning closes the assignment of an expert who does not answer or give an opinion, with a note. */
  DismissExpert = 'dismiss_expert',
  /** Planning asks a declined or dismissed expert again, with a due date. */
  ReopenAssignment = 'reopen_assignment',
  /** An alternate listed by planning is asked in place of an expert who declined or was dismissed (automatically). */
  InviteAlternate = 'invite_alternate',
  /** 補欠: planning lists the alternates to ask in order, in place of an expert who declines or is dismissed. */
  ListAlternates = 'list_alternates',
  Reopen = 'reopen',
  /** 訂正: an administrator reopens a published (or withdrawn) report, with a reason, for a corrected edition. */
  StartCorrection = 'start_correction',
  /** 訂正の提出: the owner says the correction is done; planning then publishes it or sends it back. */
  SubmitCorrection = 'submit_correction',
  /** The owner takes a submitted correction back to go on correcting, while planning has not acted on it. */
  WithdrawCorrection = 'withdraw_correction',
  /** Planning sends a submitted correction back to the owner, with a reason. */
  ReturnCorrection = 'return_correction',
  /**
   * ⑦⑧の訂正: planning corrects the published ⑦ (rating, opinion) and ⑧ (decision, reason) during a correction, as the
   * owner corrects ①–⑥ (Edit).
   */
  CorrectAssessment = 'correct_assessment',
  /**
   * 訂正の取りやめ: an administrator cancels a correction started by mistake, with a reason; the report goes back to
   * where it was opened from, as its latest edition.
   */
  CancelCorrection = 'cancel_correction',
  /** 公表の取消: an administrator takes a publication back, with a reason; the report stays frozen as it was. */
  WithdrawPublication = 'withdraw_publication',
}

/** What each action is called on the pages (the audit log's reasons for a refusal name it). */
export const REPORT_ACTION_LABELS: Record<ReportAction, string> = {
  [ReportAction.Edit]: '編集',
  [ReportAction.Delete]: '削除',
  [ReportAction.Submit]: '提出',
  [ReportAction.Withdraw]: '提出の取下げ',
  [ReportAction.Return]: '差戻し',
  [ReportAction.Accept]: '受理',
  [ReportAction.RespondToAssignment]: '依頼への回答',
  [ReportAction.EnterOpinion]: '意見の入力',
  [ReportAction.EnterOpinionOnBehalf]: '意見の代理入力',
  [ReportAction.AskQuestion]: '質問',
  [ReportAction.AnswerQuestion]: '質問への回答',
  [ReportAction.Evaluate]: '評価の取りまとめ',
  [ReportAction.ProposePolicy]: '方針案の提案',
  [ReportAction.ApprovePolicy]: '方針の承認',
  [ReportAction.SendBackProposal]: '方針案の差戻し',
  [ReportAction.Publish]: '公表',
  [ReportAction.AddExperts]: '外部有識者の追加',
  [ReportAction.ReassignExperts]: '外部有識者の変更',
  [ReportAction.RemindExpert]: '外部有識者への催促',
  [ReportAction.DismissExpert]: '未回答で解除',
  [ReportAction.ReopenAssignment]: '外部有識者への再依頼',
  [ReportAction.InviteAlternate]: '補欠の外部有識者への依頼',
  [ReportAction.ListAlternates]: '補欠の外部有識者の登録',
  [ReportAction.Reopen]: '再開',
  [ReportAction.StartCorrection]: '訂正開始',
  [ReportAction.SubmitCorrection]: '訂正の提出',
  [ReportAction.WithdrawCorrection]: '訂正の提出の取下げ',
  [ReportAction.ReturnCorrection]: '訂正の差戻し',
  [ReportAction.CorrectAssessment]: '評価・方針の訂正',
  [ReportAction.CancelCorrection]: '訂正の取りやめ',
  [ReportAction.WithdrawPublication]: '公表の取消',
};

/** Conditions beyond role and state. */
export type WorkflowCondition =
  /** The draft passes submission validation (submission.problems is empty). */
  | 'submission_ready'
  /** Four-eyes: the approver is not the planning user who proposed. */
  | 'not_the_proposer'
  /** Four-eyes for a correction: its publisher is none of the planning users who corrected ⑧ in it (policyCorrectedBy). */
  | 'not_the_policy_corrector'
  /**
   * Every expert still asked has given an opinion (awaitedExperts is empty): the evaluation consolidates the panel's
   * opinions, so an expert who does not answer is dismissed (未回答で解除) or their opinion entered on their behalf
   * first. A review left with no one asked (all declined, dismissed or taken off) awaits no one: planning evaluates
   * alone, as those steps closed each expert's part on purpose.
   */
  | 'opinions_in'
  /**
   * The last edition is still public: a correction under way was opened from 公表 and not withdrawn since (openedFrom
   * is not 公表の取消). A state alone cannot say it, as a correction of a withdrawn report is in the same states.
   */
  | 'still_public';

export interface WorkflowRule {
  action: ReportAction;
  /** States the action may start from. */
  from: ReportStatus[];
  /** State it leads to; absent when the report stays where it is. */
  to?: ReportStatus;
  /**
   * Instead of `to`, for a way back whose state one rule cannot name: it leads back to whichever of these the report
   * came from (ReportSubject.openedFrom), which authorizeAction returns as the rule's `to`.
   */
  backTo?: ReportStatus[];
  /** Roles that may do it, each within its relation to the report (see relationHolds). */
  by: Role[];
  requires?: WorkflowCondition[];
  /**
   * The action writes beside the report, never in it nor in anything a decision on it reads (a question and its
   * answer; a reminder; an expert accepting, which awaits the same opinion, or declining or being dismissed, which takes
   * away only someone without one; the alternates listed, who are no one's to wait for until one is asked): the report
   * keeps its version and makes no revision, so a decision's form opened on it stays current; the audit entry and
   * notifications are written as for any change. Only for an action that leads to no other state. Anything that
   * changes the opinions the evaluation consolidates or whose are awaited (an opinion entered, an expert added, asked
   * again, asked as an alternate or taken off) moves the version instead.
   */
  keepsVersion?: true;
}

const {
  Draft,
  Submitted,
  InExpertReview,
  Evaluated,
  DecisionProposed,
  Decided,
  Published,
  Correcting,
  CorrectionSubmitted,
  Withdrawn,
} = ReportStatus;
const { ProjectOwner, ExternalExpert, PlanningDivision, Administrator } = Role;

/**
 * The workflow, declared as data in one place: who may do what from which state, and where it leads.
 * Enforced only through authorizeAction below, which every change of a report passes.
 */
export const WORKFLOW_RULES: readonly WorkflowRule[] = [
  { action: ReportAction.Edit, from: [Draft, Correcting], by: [ProjectOwner] },
  { action: ReportAction.Delete, from: [Draft], by: [ProjectOwner, PlanningDivision] },
  { action: ReportAction.Submit, from: [Draft], to: Submitted, by: [ProjectOwner], requires: ['submission_ready'] },
  { action: ReportAction.Withdraw, from: [Submitted], to: Draft, by: [ProjectOwner] },
  { action: ReportAction.Return, from: [Submitted], to: Draft, by: [PlanningDivision] },
  { action: ReportAction.Accept, from: [Submitted], to: InExpertReview, by: [PlanningDivision] },
  { action: ReportAction.RespondToAssignment, from: [InExpertReview], by: [ExternalExpert], keepsVersion: true },
  { action: ReportAction.EnterOpinion, from: [InExpertReview], by: [ExternalExpert] },
  { action: ReportAction.EnterOpinionOnBehalf, from: [InExpertReview], by: [PlanningDivision] },
  { action: ReportAction.AskQuestion, from: [InExpertReview], by: [ExternalExpert], keepsVersion: true },
  {
    action: ReportAction.AnswerQuestion,
    from: [InExpertReview, Evaluated],
    by: [ProjectOwner],
    keepsVersion: true,
  },
  {
    action: ReportAction.Evaluate,
    from: [InExpertReview],
    to: Evaluated,
    by: [PlanningDivision],
    requires: ['opinions_in'],
  },
  { action: ReportAction.ProposePolicy, from: [Evaluated], to: DecisionProposed, by: [PlanningDivision] },
  {
    action: ReportAction.ApprovePolicy,
    from: [DecisionProposed],
    to: Decided,
    by: [PlanningDivision],
    requires: ['not_the_proposer'],
  },
  { action: ReportAction.SendBackProposal, from: [DecisionProposed], to: Evaluated, by: [PlanningDivision] },
  { action: ReportAction.Publish, from: [Decided], to: Published, by: [PlanningDivision] },
  // Publishing a submitted correction makes the next edition; every earlier one stays as it was published. A ⑧
  // corrected in it is published as a policy is approved: by another planning user than the one who wrote it.
  {
    action: ReportAction.Publish,
    from: [CorrectionSubmitted],
    to: Published,
    by: [PlanningDivision],
    requires: ['not_the_policy_corrector'],
  },
  // Asking is the planning division's work, from acceptance on; taking someone off (their opinion with them) is not.
  { action: ReportAction.AddExperts, from: [InExpertReview], by: [PlanningDivision, Administrator] },
  { action: ReportAction.ReassignExperts, from: [InExpertReview], by: [Administrator] },
  { action: ReportAction.RemindExpert, from: [InExpertReview], by: [PlanningDivision], keepsVersion: true },
  // Chasing the panel is the planning division's daily work; administrators stand in for them.
  {
    action: ReportAction.DismissExpert,
    from: [InExpertReview],
    by: [PlanningDivision, Administrator],
    keepsVersion: true,
  },
  { action: ReportAction.ReopenAssignment, from: [InExpertReview], by: [PlanningDivision, Administrator] },
  { action: ReportAction.InviteAlternate, from: [InExpertReview], by: [PlanningDivision, Administrator] },
  // Who would be asked next: the list is compared with the list as read (ReviewAlternatesService), not the version.
  {
    action: ReportAction.ListAlternates,
    from: [InExpertReview],
    by: [PlanningDivision, Administrator],
    keepsVersion: true,
  },
  { action: ReportAction.Reopen, from: [Decided], to: Evaluated, by: [Administrator] },
  // A withdrawn report comes back only as a corrected edition; publishing that makes it public again.
  { action: ReportAction.StartCorrection, from: [Published, Withdrawn], to: Correcting, by: [Administrator] },
  // A correction goes the way of a first submission: submitted when complete, taken back or sent back to correcting.
  {
    action: ReportAction.SubmitCorrection,
    from: [Correcting],
    to: CorrectionSubmitted,
    by: [ProjectOwner],
    requires: ['submission_ready'],
  },
  { action: ReportAction.WithdrawCorrection, from: [CorrectionSubmitted], to: Correcting, by: [ProjectOwner] },
  { action: ReportAction.ReturnCorrection, from: [CorrectionSubmitted], to: Correcting, by: [PlanningDivision] },
  // ⑦⑧ are the planning division's, as ①–⑥ are the owner's; corrected before the owner submits the correction.
  { action: ReportAction.CorrectAssessment, from: [Correcting], by: [PlanningDivision] },
  // A correction started by mistake is cancelled by the role that starts one; no edition is made.
  {
    action: ReportAction.CancelCorrection,
    from: [Correcting, CorrectionSubmitted],
    backTo: [Published, Withdrawn],
    by: [Administrator],
  },
  { action: ReportAction.WithdrawPublication, from: [Published], to: Withdrawn, by: [Administrator] },
  // During a correction the last edition stays public, so an urgent takedown cannot wait for the correction's
  // publication: it is withdrawn at once and the correction goes on; publishing it makes the report public again.
  {
    action: ReportAction.WithdrawPublication,
    from: [Correcting, CorrectionSubmitted],
    by: [Administrator],
    requires: ['still_public'],
  },
];

/** Every role that may ever do an action, for the access guard's first, coarse check of a route. */
export function rolesFor(action: ReportAction): Role[] {
  return [...new Set(WORKFLOW_RULES.filter((rule) => rule.action === action).flatMap((rule) => rule.by))];
}

/** Read from the rules once: the lists ask it of every report they hold. */
const STATES_BY_ACTION = new Map(
  Object.values(ReportAction).map((action) => [
    action,
    [...new Set(WORKFLOW_RULES.filter((rule) => rule.action === action).flatMap((rule) => rule.from))],
  ]),
);

/** Every state an action may start from, for queries that list what someone can do now (e.g. 対応が必要). */
export function statesFor(action: ReportAction): readonly ReportStatus[] {
  return STATES_BY_ACTION.get(action)!;
}

/**
 * Whether the action opens a report for editing again (a return to 作成中 or 訂正中): it leads from a state whose plan
 * copy stays as it was into one that follows the project (PLAN_FOLLOWING), so the copy is brought up to date then.
 */
export function reopensForEditing(action: ReportAction): boolean {
  return WORKFLOW_RULES.some(
    (rule) =>
      rule.action === action &&
      rule.to !== undefined &&
      PLAN_FOLLOWING.includes(rule.to) &&
      rule.from.some((status) => !PLAN_FOLLOWING.includes(status)),
  );
}

/** The facts about one report that the rules need. */
export interface ReportSubject {
  status: ReportStatus;
  organizationId: string;
  departmentId: string;
  /** Experts whose assignment is pending or accepted. */
  assignedExpertIds: string[];
  proposedBy: string | null;
  /** The planning users who corrected ⑧ in the correction under way; empty when no one did. */
  policyCorrectedBy: string[];
  submissionProblems: FieldError[];
  /** Experts whose assignment is pending or accepted and who have given no opinion yet. */
  awaitedExperts: AwaitedExpert[];
  /**
   * The state a correction under way goes back to when cancelled: 公表, or 公表の取消 when it was opened from a withdrawn
   * report or the publication was withdrawn during it; null outside a correction.
   */
  openedFrom: ReportStatus | null;
}

/** 409 for an evaluation while opinions are awaited, naming the experts (details.awaitedExperts); nothing is written. */
export class OpinionsAwaitedException extends ConflictException {
  constructor(readonly experts: AwaitedExpert[]) {
    const named = experts
      .map(
        ({ name, status }) =>
          `${name} (${status === AssignmentStatus.Pending ? 'not answered yet' : 'accepted, no opinion yet'})`,
      )
      .join(', ');
    super({
      message: `The panel's opinions are not all in: awaited from ${named}. Enter each opinion on the expert's behalf (意見の代理入力) or dismiss the expert (未回答で解除) before evaluating.`,
      details: { awaitedExperts: experts },
    });
  }
}

/**
 * A role counts only in its relation to the report: an owner for their department's reports,
 * an expert for reports assigned to them, planning and administrators for their organization's.
 */
function relationHolds(role: Role, report: ReportSubject, actor: OrganizationActor): boolean {
  if (!actor.roles.includes(role) || report.organizationId !== actor.organizationId) return false;
  switch (role) {
    case Role.ProjectOwner:
      return actor.departmentIds.includes(report.departmentId);
    case Role.ExternalExpert:
      return report.assignedExpertIds.includes(actor.userId);
    case Role.PlanningDivision:
    case Role.Administrator:
      return true;
  }
}

function describe(action: ReportAction): string {
  return action.replace(/_/g, ' ');
}

/**
 * 403 when the caller may never do this to this report, 409 when they could but not in its current state,
 * 403/409/422 when a condition fails. Returns the rule that applies; its `to` is the next state.
 */
export function authorizeAction(action: ReportAction, report: ReportSubject, actor: OrganizationActor): WorkflowRule {
  const permitted = WORKFLOW_RULES.filter(
    (rule) => rule.action === action && rule.by.some((role) => relationHolds(role, report, actor)),
  );
  if (permitted.length === 0)
    throw new ForbiddenException(`You may not take the action "${describe(action)}" on this report.`);
  const rule = permitted.find((candidate) => candidate.from.includes(report.status));
  if (!rule)
    throw new ConflictException(
      `"${describe(action)}" is not possible while the report is ${REPORT_STATUS_LABELS[report.status]} (${report.status}).`,
    );
  for (const condition of rule.requires ?? []) {
    if (condition === 'submission_ready' && report.submissionProblems.length > 0) {
      throw new UnprocessableEntityException({
        message: 'The report is not complete enough to submit; see details.',
        details: report.submissionProblems,
      });
    }
    if (condition === 'not_the_proposer' && report.proposedBy === actor.userId) {
      throw new ForbiddenException(
        'The policy must be approved by a different planning user than the one who proposed it (four-eyes).',
      );
    }
    if (condition === 'not_the_policy_corrector' && report.policyCorrectedBy.includes(actor.userId)) {
      throw new ForbiddenException(
        'The corrected policy (⑧) must be published by a different planning user than the one who corrected it (four-eyes).',
      );
    }
    if (condition === 'opinions_in' && report.awaitedExperts.length > 0)
      throw new OpinionsAwaitedException(report.awaitedExperts);
    if (condition === 'still_public' && report.openedFrom === ReportStatus.Withdrawn)
      throw new ConflictException(
        `"${describe(action)}" is not possible: the report's publication is withdrawn (公表取消) already.`,
      );
  }
  if (!rule.backTo) return rule;
  if (!report.openedFrom || !rule.backTo.includes(report.openedFrom))
    throw new ConflictException(`"${describe(action)}" is not possible: the report does not say where it came from.`);
  return { ...rule, to: report.openedFrom };
}
