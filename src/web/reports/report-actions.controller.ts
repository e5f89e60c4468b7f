import { Body, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UuidParam } from '../../infra/http/uuid-param';
import { QueryText } from '../../infra/http/query-text';
import type { Response } from 'express';
import { CurrentActor, LinkSessionAllowed } from '../../access/access.decorators';
import { AllowAction } from '../../reports/rules/allow-action';
import { japaneseDate } from '../../common/dates';
import { OrganizationActor } from '../../access/actor';
import { AssessmentScale } from '../../reports/report/assessment-choices';
import { AssessmentOptions } from '../../reports/report/assessment-options';
import type { ReportView } from '../../reports/report/report-view';
import { AcknowledgeWarningsRequest } from '../../reports/reports.dto';
import { ReportsService } from '../../reports/reports.service';
import {
  AssignExpertsRequest,
  DismissAssignmentRequest,
  MessageRequest,
  OpinionRequest,
  ReopenAssignmentRequest,
  RespondToAssignmentRequest,
} from '../../reports/reviews/reviews.dto';
import { DECLINE_REASON_LABELS } from '../../reports/rules/assignment-answer';
import { AlternatesRequest } from '../../reports/reviews/review-alternates.dto';
import { ReviewAlternatesService } from '../../reports/reviews/review-alternates.service';
import { reopenedDueDate, ReviewsService } from '../../reports/reviews/reviews.service';
import { ACTIVE_ASSIGNMENT_STATUSES, AssignmentStatus } from '../../reports/rules/assignment-status';
import { ReportStatus, UNDER_CORRECTION } from '../../reports/rules/report-status';
import { OpinionsAwaitedException, ReportAction } from '../../reports/rules/report-workflow';
import {
  AcceptRequest,
  AdministratorStepRequest,
  CommentRequest,
  CorrectAssessmentRequest,
  EvaluateRequest,
  ProposePolicyRequest,
  ReadVersionRequest,
  WithdrawPublicationRequest,
} from '../../reports/workflow/workflow.dto';
import { WorkflowService } from '../../reports/workflow/workflow.service';
import {
  FormBody,
  formErrors,
  FormState,
  formValues,
  list,
  optional,
  type PageError,
  statusOf,
  text,
  underPointer,
  validated,
} from '../forms';
import { type ConfirmationPage, isConfirmed, renderConfirmation, wentBack } from '../confirmation';
import { CONFIRMATIONS, type ConfirmationText } from '../messages/confirmations';
import { organizationPath, reportPath } from '../navigation';
import { EXPERT_ANSWER_LABELS, FieldLabels, kpiPlaceLabels, REPORT_ACTION_LABELS } from '../messages/field-labels';
import { changedStatusOf, reportStatusChanged } from '../messages/error-messages';
import { keptText, type KeptText } from '../kept-text';
import { PageRenderer } from '../page-renderer';
import { LINK_SESSION_DECLINED_PATH } from '../link-session';
import { ReportPageExceptionFilter } from './report-page-exception.filter';
import { assertPermitted } from './permissions';
import type { ReportPage } from './report-page-types';
import { problemHref, ReportPages, ReportTab } from './report-pages';
import { chosenExpertNames } from './report-tab';

interface Step<Outcome = unknown> {
  /** The form on the page, shown again with the user's input when the step is refused. */
  form: string;
  body: FormBody;
  run: () => Promise<Outcome>;
  /** What the next page says, or how it follows from what the step did (a list saved as it was changed nothing). */
  notice: string | ((outcome: Outcome) => string);
  /** Where the form lives (default: the report tab); and where to go on success (default: the report). */
  tab?: ReportTab;
  next?: string;
  /** Puts the request's error paths under this pointer, for forms repeated on one page (answers). */
  errorPrefix?: string;
  /** Where an error's field is, when it is not on this page. */
  hrefFor?: (path: string) => string;
  /**
   * The fields' labels on this form, so a message names the field as the user sees it; or, where they depend on the
   * report as it is (its KPIs by number), how to read them once the step is refused.
   */
  labels?: FieldLabels | (() => Promise<FieldLabels>);
  /** An action that cannot be undone: it runs only when posted from its confirmation page (see confirmFirst). */
  confirm?: StepConfirmation;
}

/** The confirmation page of a step: what it says about this report, worked out from the report's page. */
interface StepConfirmation {
  action: ReportAction;
  /** The step's route under the report, where the confirmation page posts. */
  path: string;
  /** Checks the form's input (a refusal goes back to the form) and words the page, with what was entered. */
  page: (report: ReportPage) => ConfirmationContent | Promise<ConfirmationContent>;
}

type ConfirmationContent = ConfirmationText & Pick<ConfirmationPage, 'facts'>;

/**
 * The version of the report a decision's form was shown with (hidden, so never blank from the page): a post without
 * one counts as from an older page, never as "any version", and is refused as the report having changed.
 */
function versionRead(body: FormBody): number {
  return Number(text(body, '/version'));
}

/**
 * The alternates waiting to be asked as the alternates form showed them, one hidden field of ids in order. A post
 * without it reads as from a page that showed none, never as "any list": another list saved meanwhile is refused.
 */
function alternatesRead(body: FormBody): string[] {
  const read = text(body, '/alternatesRead');
  return read === '' ? [] : read.split(',');
}

/**
 * The notice of an owner's own withdrawal (of a submission, of a correction), saying so when the report took its
 * project's plan then: a version beyond the withdrawal's own (PlanFollowers.reopened).
 */
function withdrawalNotice(notice: 'withdrawn' | 'correction-withdrawn', body: FormBody) {
  return ({ version }: { version: number }) => (version > versionRead(body) + 1 ? `${notice}-plan-followed` : notice);
}

/** The version read, checked as the API checks it, for a step that takes nothing else (承認, 公表, 取下げ). */
async function checkedVersion(body: FormBody): Promise<number | undefined> {
  return (await validated(ReadVersionRequest, { version: versionRead(body) })).version;
}

/** A reason sent back with a decision (差戻し and the like) and the version it was written on. */
function commentOn(body: FormBody): Promise<CommentRequest> {
  return validated(CommentRequest, { comment: text(body, '/comment'), version: versionRead(body) });
}

/** An administrator's reason for undoing a step (やり直し, 訂正) and the version it was written on. */
function reasonOn(body: FormBody): Promise<AdministratorStepRequest> {
  return validated(AdministratorStepRequest, { reason: text(body, '/reason'), version: versionRead(body) });
}

/** The edition a published report shows: one published before editions were kept has none yet, and shows its first. */
function editionShown(view: ReportView): number {
  return Math.max(view.editions.length, 1);
}

/** Back to the report's review panel, where the expert's row was acted on. */
function reviewPanel(actor: OrganizationActor, reportId: string): string {
  return `${reportPath(actor.organizationId, reportId)}#review-title`;
}

/** Questions and answers are posted from their own tab, and lead back to it. */
function onQuestionsTab(actor: OrganizationActor, reportId: string): Pick<Step, 'tab' | 'next'> {
  return { tab: 'questions', next: reportPath(actor.organizationId, reportId, 'questions') };
}

/**
 * The workflow's steps as form posts. Each validates with the API's DTO and calls the same service method as the
 * API route, so the rules are enforced once; on success the browser is redirected (POST, redirect, GET).
 */
@ApiExcludeController()
@UseFilters(ReportPageExceptionFilter)
@Controller('o/:organizationId/reports/:reportId')
export class ReportActionsController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly reviews: ReviewsService,
    private readonly reports: ReportsService,
    private readonly reportPages: ReportPages,
    private readonly pages: PageRenderer,
    private readonly options: AssessmentOptions,
    private readonly alternates: ReviewAlternatesService,
  ) {}

  @AllowAction(ReportAction.Edit)
  @Post('warnings/acknowledge')
  acknowledge(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'acknowledge',
      body,
      notice: 'acknowledged',
      run: async () =>
        this.reports.acknowledgeWarnings(
          actor,
          reportId,
          await validated(AcknowledgeWarningsRequest, {
            version: versionRead(body),
            keys: list(body, '/keys'),
          }),
        ),
    });
  }

  @AllowAction(ReportAction.Submit)
  @Post('submit')
  submit(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'submit',
      body,
      notice: 'submitted',
      ...this.submissionProblems(actor, reportId),
      run: () => this.workflow.submit(actor, reportId),
    });
  }

  @AllowAction(ReportAction.Withdraw)
  @Post('withdraw')
  withdraw(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'withdraw',
      body,
      notice: withdrawalNotice('withdrawn', body),
      run: async () => this.workflow.withdraw(actor, reportId, await checkedVersion(body)),
    });
  }

  @AllowAction(ReportAction.Return)
  @Post('return')
  returnToDraft(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'return',
      labels: { '/comment': REPORT_ACTION_LABELS.returnComment },
      body,
      notice: 'returned',
      run: async () => {
        const { comment, version } = await commentOn(body);
        return this.workflow.returnToDraft(actor, reportId, comment, version);
      },
    });
  }

  /** 補欠: the alternates to ask in order when an expert declines or is dismissed; blank rows are left out. */
  @AllowAction(ReportAction.ListAlternates)
  @Post('alternates')
  listAlternates(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const experts = Object.keys(body)
      .filter((pointer) => /^\/experts\/\d+$/.test(pointer))
      .sort((a, b) => Number(a.split('/')[2]) - Number(b.split('/')[2]))
      .map((pointer) => text(body, pointer))
      .filter((expert) => expert !== '');
    // Closed up, so that a refusal's /experts/<index> names the row the list shows again.
    const listed = Object.fromEntries(experts.map((expert, index) => [`/experts/${index}`, expert]));
    return this.act(response, actor, reportId, {
      form: 'alternates',
      labels: Object.fromEntries(experts.map((_, index) => [`/experts/${index}`, `補欠${index + 1}`])),
      body: listed,
      notice: ({ changed }) => (changed ? 'alternates-saved' : 'alternates-unchanged'),
      run: async () => {
        const request = await validated(AlternatesRequest, { experts, alternatesRead: alternatesRead(body) });
        return this.alternates.replace(actor, reportId, request.experts, request.alternatesRead);
      },
    });
  }

  @AllowAction(ReportAction.Accept)
  @Post('accept')
  accept(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const request = () =>
      validated(AcceptRequest, {
        experts: list(body, '/experts'),
        dueDate: text(body, '/dueDate'),
        version: versionRead(body),
      });
    return this.act(response, actor, reportId, {
      form: 'accept',
      labels: { '/experts': REPORT_ACTION_LABELS.requestedExperts, '/dueDate': REPORT_ACTION_LABELS.dueDate },
      body,
      notice: 'accepted',
      confirm: {
        action: ReportAction.Accept,
        path: 'accept',
        page: async ({ experts }) => {
          const { experts: chosen, dueDate } = await request();
          const names = chosenExpertNames(chosen, experts);
          return CONFIRMATIONS.accept({ experts: names, dueDate });
        },
      },
      run: async () => this.workflow.accept(actor, reportId, await request()),
    });
  }

  /** 今すぐ催促 beside an expert who still owes an answer or an opinion: one reminder mail at once. */
  @AllowAction(ReportAction.RemindExpert)
  @Post('assignments/:assignmentId/remind')
  remind(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'remind',
      body,
      notice: 'reminded',
      next: reviewPanel(actor, reportId),
      run: () => this.reviews.remind(actor, reportId, assignmentId),
    });
  }

  @LinkSessionAllowed()
  @AllowAction(ReportAction.RespondToAssignment)
  @Post('assignments/:assignmentId/respond')
  respond(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const answer = text(body, '/accept');
    const accepting = answer === 'true';
    const accept = accepting ? true : answer === 'false' ? false : undefined;
    // Only the chosen answer's fields go to the request: what was typed under the other one is not part of it.
    const suggested = {
      name: optional(body, '/suggestedExpert/name'),
      email: optional(body, '/suggestedExpert/email'),
      affiliation: optional(body, '/suggestedExpert/affiliation'),
    };
    const request = () =>
      validated(RespondToAssignmentRequest, {
        accept,
        ...(accept === true
          ? {
              conflictOfInterest: optional(body, '/conflictOfInterest') ?? undefined,
              conflictOfInterestDetails: optional(body, '/conflictOfInterestDetails') ?? undefined,
            }
          : {}),
        ...(accept === false
          ? {
              declineReasonKind: optional(body, '/declineReasonKind') ?? undefined,
              reason: optional(body, '/reason') ?? undefined,
              suggestedExpert:
                suggested.name || suggested.email || suggested.affiliation
                  ? {
                      name: suggested.name ?? '',
                      email: suggested.email ?? '',
                      affiliation: suggested.affiliation ?? undefined,
                    }
                  : undefined,
            }
          : {}),
      });
    return this.act(response, actor, reportId, {
      form: 'respond',
      labels: EXPERT_ANSWER_LABELS,
      body,
      notice: accepting ? 'assignment-accepted' : 'assignment-declined',
      // Accepted, the report opens at its top, to be read before the opinion after it. A declined report is no longer
      // the expert's to see: back to their list.
      next: accepting
        ? reportPath(actor.organizationId, reportId)
        : actor.linkScope
          ? // A one-click link session opens this assignment only, not the expert's list.
            LINK_SESSION_DECLINED_PATH
          : organizationPath(actor.organizationId, 'assignments'),
      // Declining takes the report out of the expert's hands; accepting is the expected answer and needs no second step.
      confirm:
        accept === false
          ? {
              action: ReportAction.RespondToAssignment,
              path: `assignments/${assignmentId}/respond`,
              page: async () => {
                const { declineReasonKind, reason, suggestedExpert } = await request();
                return {
                  ...CONFIRMATIONS.decline(),
                  facts: [
                    {
                      label: EXPERT_ANSWER_LABELS['/declineReasonKind'],
                      value: DECLINE_REASON_LABELS[declineReasonKind!],
                    },
                    ...(reason ? [{ label: EXPERT_ANSWER_LABELS['/reason'], value: reason }] : []),
                    ...(suggestedExpert
                      ? [
                          {
                            label: REPORT_ACTION_LABELS.suggestedExpert,
                            value: [suggestedExpert.name, suggestedExpert.affiliation, suggestedExpert.email]
                              .filter(Boolean)
                              .join('・'),
                          },
                        ]
                      : []),
                  ],
                };
              },
            }
          : undefined,
      run: async () => this.reviews.respond(actor, reportId, assignmentId, await request()),
    });
  }

  /** 未回答で解除: planning closes an assignment whose expert does not answer, with a note, after a confirmation. */
  @AllowAction(ReportAction.DismissExpert)
  @Post('assignments/:assignmentId/dismiss')
  dismiss(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const prefix = `/assignments/${assignmentId}/dismissal`;
    const request = () =>
      validated(DismissAssignmentRequest, {
        note: text(body, `${prefix}/note`),
        // Hidden on the form, so never blank from the page: the status the assignment was shown with.
        statusRead: text(body, `${prefix}/statusRead`),
      });
    const note = async () => (await request()).note;
    return this.act(response, actor, reportId, {
      form: `dismiss-${assignmentId}`,
      labels: { '/note': REPORT_ACTION_LABELS.dismissalNote },
      body,
      errorPrefix: prefix,
      notice: 'assignment-dismissed',
      next: reviewPanel(actor, reportId),
      confirm: {
        action: ReportAction.DismissExpert,
        path: `assignments/${assignmentId}/dismiss`,
        page: async ({ assignments }) => {
          const assignment = assignments.find((candidate) => candidate.id === assignmentId);
          return {
            ...CONFIRMATIONS.dismissExpert({
              expert: assignment?.expertName ?? '',
              accepted: assignment?.status === AssignmentStatus.Accepted,
            }),
            facts: [
              { label: REPORT_ACTION_LABELS.dueDate, value: assignment ? japaneseDate(assignment.dueDate) : '—' },
              { label: REPORT_ACTION_LABELS.dismissalNote, value: await note() },
            ],
          };
        },
      },
      run: async () => {
        const { note: written, statusRead } = await request();
        return this.reviews.dismiss(actor, reportId, assignmentId, written, statusRead);
      },
    });
  }

  /** Asks more experts on a review under way (in place of one who declined), after a confirmation. */
  @AllowAction(ReportAction.AddExperts)
  @Post('experts')
  addExperts(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const request = () =>
      validated(AssignExpertsRequest, { experts: list(body, '/experts'), dueDate: text(body, '/dueDate') });
    return this.act(response, actor, reportId, {
      form: 'add-experts',
      labels: { '/experts': REPORT_ACTION_LABELS.requestedExperts, '/dueDate': REPORT_ACTION_LABELS.dueDate },
      body,
      notice: 'experts-added',
      next: reviewPanel(actor, reportId),
      confirm: {
        action: ReportAction.AddExperts,
        path: 'experts',
        page: async ({ experts }) => {
          const { experts: chosen, dueDate } = await request();
          const names = chosenExpertNames(chosen, experts);
          return CONFIRMATIONS.addExperts({ experts: names, dueDate });
        },
      },
      run: async () => this.reviews.addExperts(actor, reportId, await request()),
    });
  }

  /** Asks a declined or dismissed expert again, with a due date, after a confirmation. */
  @AllowAction(ReportAction.ReopenAssignment)
  @Post('assignments/:assignmentId/reopen')
  reopenAssignment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const prefix = `/assignments/${assignmentId}/reopening`;
    const request = () =>
      validated(ReopenAssignmentRequest, { dueDate: optional(body, `${prefix}/dueDate`) ?? undefined });
    return this.act(response, actor, reportId, {
      form: `reopen-${assignmentId}`,
      labels: { '/dueDate': REPORT_ACTION_LABELS.newDueDate },
      body,
      errorPrefix: prefix,
      notice: 'assignment-reopened',
      next: reviewPanel(actor, reportId),
      confirm: {
        action: ReportAction.ReopenAssignment,
        path: `assignments/${assignmentId}/reopen`,
        page: async ({ assignments, today }) => {
          const { dueDate } = await request();
          const assignment = assignments.find((candidate) => candidate.id === assignmentId);
          return CONFIRMATIONS.reopenAssignment({
            expert: assignment?.expertName ?? '',
            // The service's rule: without a date the old one is kept, and once that has passed the form asks for one
            // (an assignment not on the report is refused on confirming).
            dueDate: reopenedDueDate(assignment?.dueDate ?? today, dueDate),
          });
        },
      },
      run: async () => this.reviews.reopen(actor, reportId, assignmentId, await request()),
    });
  }

  @LinkSessionAllowed()
  @AllowAction(ReportAction.EnterOpinion)
  @Post('assignments/:assignmentId/opinion')
  enterOpinion(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'opinion',
      labels: { '/rating': REPORT_ACTION_LABELS.rating, '/opinion': REPORT_ACTION_LABELS.opinion },
      body,
      notice: 'opinion',
      run: async () =>
        this.reviews.enterOpinion(
          actor,
          reportId,
          assignmentId,
          await validated(OpinionRequest, {
            rating: optional(body, '/rating'),
            opinion: text(body, '/opinion'),
            // Hidden on the form, blank before the first opinion: a post without it was written over none.
            opinionSubmittedAtRead: text(body, '/opinionSubmittedAtRead') || null,
          }),
        ),
    });
  }

  @LinkSessionAllowed()
  @AllowAction(ReportAction.AskQuestion)
  @Post('questions')
  ask(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'ask',
      labels: { '/body': REPORT_ACTION_LABELS.question },
      body,
      notice: 'asked',
      ...onQuestionsTab(actor, reportId),
      run: async () =>
        this.reviews.askQuestion(
          actor,
          reportId,
          (await validated(MessageRequest, { body: text(body, '/body') })).body,
        ),
    });
  }

  @AllowAction(ReportAction.AnswerQuestion)
  @Post('questions/:questionId/answer')
  answer(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const prefix = `/answers/${questionId}`;
    return this.act(response, actor, reportId, {
      form: `answer-${questionId}`,
      labels: { '/body': REPORT_ACTION_LABELS.answer },
      body,
      notice: 'answered',
      ...onQuestionsTab(actor, reportId),
      errorPrefix: prefix,
      run: async () =>
        this.reviews.answerQuestion(
          actor,
          reportId,
          questionId,
          (await validated(MessageRequest, { body: text(body, `${prefix}/body`) })).body,
        ),
    });
  }

  @AllowAction(ReportAction.Evaluate)
  @Post('evaluate')
  evaluate(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    const request = () =>
      validated(EvaluateRequest, {
        rating: optional(body, '/rating'),
        opinion: text(body, '/opinion'),
        version: versionRead(body),
      });
    return this.act(response, actor, reportId, {
      form: 'evaluate',
      labels: { '/rating': REPORT_ACTION_LABELS.rating, '/opinion': REPORT_ACTION_LABELS.panelOpinion },
      body,
      tab: 'consolidate',
      notice: 'evaluated',
      confirm: {
        action: ReportAction.Evaluate,
        path: 'evaluate',
        page: async ({ assignments, view }) => {
          const { rating, opinion } = await request();
          const chosen = await this.options.choose(actor.organizationId, AssessmentScale.PanelRating, rating, {
            path: '/rating',
            currentKey: view.evaluation.option,
          });
          return {
            ...CONFIRMATIONS.evaluate({
              rating: chosen.label,
              asked: assignments.filter((assignment) => ACTIVE_ASSIGNMENT_STATUSES.includes(assignment.status)).length,
            }),
            facts: [{ label: REPORT_ACTION_LABELS.panelOpinion, value: opinion }],
          };
        },
      },
      run: async () => this.workflow.evaluate(actor, reportId, await request()),
    });
  }

  @AllowAction(ReportAction.ProposePolicy)
  @Post('propose')
  propose(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'propose',
      labels: { '/decision': REPORT_ACTION_LABELS.policyDecision, '/reason': REPORT_ACTION_LABELS.policyReason },
      body,
      notice: 'proposed',
      run: async () =>
        this.workflow.propose(
          actor,
          reportId,
          await validated(ProposePolicyRequest, {
            decision: optional(body, '/decision'),
            reason: text(body, '/reason'),
            version: versionRead(body),
          }),
        ),
    });
  }

  /**
   * The 承認して決定する button leads here, with the version it was shown with (without one, the version the
   * confirmation shows): the confirmation page, whose form posts below.
   */
  @AllowAction(ReportAction.ApprovePolicy)
  @Get('approve')
  confirmApproval(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @QueryText('version') version: string,
    @Res() response: Response,
  ) {
    return this.approve(actor, reportId, { '/version': version }, response);
  }

  @AllowAction(ReportAction.ApprovePolicy)
  @Post('approve')
  approve(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'approve',
      body,
      notice: 'approved',
      confirm: {
        action: ReportAction.ApprovePolicy,
        path: 'approve',
        page: ({ view, people }) => ({
          ...CONFIRMATIONS.approve({ policy: view.policy.label ?? '', proposer: people.proposer }),
          facts: [
            { label: REPORT_ACTION_LABELS.panelRating, value: view.evaluation.ratingLabel ?? '—' },
            { label: REPORT_ACTION_LABELS.proposedPolicy, value: view.policy.formText ?? '—' },
            { label: REPORT_ACTION_LABELS.decidedPolicyReason, value: view.policy.reason },
          ],
        }),
      },
      run: async () => this.workflow.approve(actor, reportId, await checkedVersion(body)),
    });
  }

  @AllowAction(ReportAction.SendBackProposal)
  @Post('send-back')
  sendBack(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'send-back',
      labels: { '/comment': REPORT_ACTION_LABELS.policyReturnComment },
      body,
      notice: 'sent-back',
      run: async () => {
        const { comment, version } = await commentOn(body);
        return this.workflow.sendBack(actor, reportId, comment, version);
      },
    });
  }

  /**
   * The 公表する button leads here, with the version it was shown with (without one, the version the confirmation
   * shows): the confirmation page, whose form posts below.
   */
  @AllowAction(ReportAction.Publish)
  @Get('publish')
  confirmPublication(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @QueryText('version') version: string,
    @Res() response: Response,
  ) {
    return this.publish(actor, reportId, { '/version': version }, response);
  }

  @AllowAction(ReportAction.Publish)
  @Post('publish')
  publish(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'publish',
      body,
      notice: 'published',
      confirm: {
        action: ReportAction.Publish,
        path: 'publish',
        page: ({ view }) => {
          const correcting = view.status === ReportStatus.CorrectionSubmitted;
          return {
            ...CONFIRMATIONS.publish({ correcting, edition: view.editions.length + 1 }),
            facts: [
              { label: REPORT_ACTION_LABELS.panelRating, value: view.evaluation.ratingLabel ?? '—' },
              { label: REPORT_ACTION_LABELS.decidedPolicy, value: view.policy.label ?? '—' },
              ...(correcting
                ? [{ label: REPORT_ACTION_LABELS.correctionReason, value: view.correctionReason ?? '' }]
                : []),
            ],
          };
        },
      },
      run: async () => this.workflow.publish(actor, reportId, await checkedVersion(body)),
    });
  }

  @AllowAction(ReportAction.Reopen)
  @Post('reopen')
  reopen(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'reopen',
      labels: { '/reason': REPORT_ACTION_LABELS.approvalUndoReason },
      body,
      notice: 'reopened',
      confirm: {
        action: ReportAction.Reopen,
        path: 'reopen',
        page: async ({ view, people }) => ({
          ...CONFIRMATIONS.reopen({ policy: view.policy.label ?? '' }),
          facts: [
            { label: REPORT_ACTION_LABELS.approver, value: people.approver },
            { label: REPORT_ACTION_LABELS.approvalUndoReason, value: (await reasonOn(body)).reason },
          ],
        }),
      },
      run: async () => {
        const { reason, version } = await reasonOn(body);
        return this.workflow.reopen(actor, reportId, reason, version);
      },
    });
  }

  @AllowAction(ReportAction.StartCorrection)
  @Post('correct')
  startCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'correct',
      labels: { '/reason': REPORT_ACTION_LABELS.correctionReason },
      body,
      notice: 'correction-started',
      confirm: {
        action: ReportAction.StartCorrection,
        path: 'correct',
        page: async ({ view }) => ({
          ...CONFIRMATIONS.correct({ edition: editionShown(view) }),
          facts: [{ label: REPORT_ACTION_LABELS.correctionReason, value: (await reasonOn(body)).reason }],
        }),
      },
      run: async () => {
        const { reason, version } = await reasonOn(body);
        return this.workflow.startCorrection(actor, reportId, reason, version);
      },
    });
  }

  @AllowAction(ReportAction.SubmitCorrection)
  @Post('submit-correction')
  submitCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'submit-correction',
      body,
      notice: 'correction-submitted',
      ...this.submissionProblems(actor, reportId),
      run: () => this.workflow.submitCorrection(actor, reportId),
    });
  }

  @AllowAction(ReportAction.WithdrawCorrection)
  @Post('withdraw-correction')
  withdrawCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'withdraw-correction',
      body,
      notice: withdrawalNotice('correction-withdrawn', body),
      run: async () => this.workflow.withdrawCorrection(actor, reportId, await checkedVersion(body)),
    });
  }

  @AllowAction(ReportAction.ReturnCorrection)
  @Post('return-correction')
  returnCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'return-correction',
      labels: { '/comment': REPORT_ACTION_LABELS.correctionReturnComment },
      body,
      notice: 'correction-returned',
      run: async () => {
        const { comment, version } = await commentOn(body);
        return this.workflow.returnCorrection(actor, reportId, comment, version);
      },
    });
  }

  /** ⑦⑧の訂正: planning's form of both parts in 訂正中, prefilled with the values the correction has. */
  @AllowAction(ReportAction.CorrectAssessment)
  @Post('correct-assessment')
  correctAssessment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'correct-assessment',
      labels: {
        '/rating': REPORT_ACTION_LABELS.rating,
        '/opinion': REPORT_ACTION_LABELS.panelOpinion,
        '/decision': REPORT_ACTION_LABELS.policyDecision,
        '/reason': REPORT_ACTION_LABELS.policyReason,
      },
      body,
      notice: 'assessment-corrected',
      run: async () =>
        this.workflow.correctAssessment(
          actor,
          reportId,
          await validated(CorrectAssessmentRequest, {
            rating: optional(body, '/rating'),
            opinion: text(body, '/opinion'),
            decision: optional(body, '/decision'),
            reason: text(body, '/reason'),
            version: versionRead(body),
          }),
        ),
    });
  }

  @AllowAction(ReportAction.CancelCorrection)
  @Post('cancel-correction')
  cancelCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    return this.act(response, actor, reportId, {
      form: 'cancel-correction',
      labels: { '/reason': REPORT_ACTION_LABELS.correctionCancelReason },
      body,
      notice: 'correction-cancelled',
      confirm: {
        action: ReportAction.CancelCorrection,
        path: 'cancel-correction',
        page: async ({ view }) => ({
          ...CONFIRMATIONS.cancelCorrection({ edition: editionShown(view), withdrawn: view.withdrawnAt !== null }),
          facts: [
            { label: REPORT_ACTION_LABELS.correctionReason, value: view.correctionReason ?? '' },
            { label: REPORT_ACTION_LABELS.correctionCancelReason, value: (await reasonOn(body)).reason },
          ],
        }),
      },
      run: async () => {
        const { reason, version } = await reasonOn(body);
        return this.workflow.cancelCorrection(actor, reportId, reason, version);
      },
    });
  }

  @AllowAction(ReportAction.WithdrawPublication)
  @Post('withdraw-publication')
  withdrawPublication(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ) {
    // Its own pointer: the correction form beside it on the same page also asks for a reason.
    const prefix = '/withdrawal';
    const request = () =>
      validated(WithdrawPublicationRequest, { reason: text(body, `${prefix}/reason`), version: versionRead(body) });
    return this.act(response, actor, reportId, {
      form: 'withdraw-publication',
      labels: { '/reason': REPORT_ACTION_LABELS.withdrawalReason },
      body,
      errorPrefix: prefix,
      notice: 'publication-withdrawn',
      confirm: {
        action: ReportAction.WithdrawPublication,
        path: 'withdraw-publication',
        page: async ({ view }) => ({
          ...CONFIRMATIONS.withdrawPublication({
            edition: editionShown(view),
            correcting: UNDER_CORRECTION.includes(view.status),
          }),
          facts: [
            { label: REPORT_ACTION_LABELS.publishedOn, value: japaneseDate(view.publishedAt) },
            { label: REPORT_ACTION_LABELS.withdrawalReason, value: (await request()).reason.trim() },
          ],
        }),
      },
      run: async () => {
        const { reason, version } = await request();
        return this.workflow.withdrawPublication(actor, reportId, reason, version);
      },
    });
  }

  /**
   * A submission's problems link to their fields on the section pages, and name the report's KPIs by their place in
   * its list: labelled by number, as its page does.
   */
  private submissionProblems(actor: OrganizationActor, reportId: string): Pick<Step, 'hrefFor' | 'labels'> {
    const base = reportPath(actor.organizationId, reportId);
    return {
      hrefFor: (path) => problemHref(base, path),
      labels: async () => kpiPlaceLabels((await this.reports.get(actor, reportId)).kpis),
    };
  }

  private async act<Outcome>(
    response: Response,
    actor: OrganizationActor,
    reportId: string,
    step: Step<Outcome>,
  ): Promise<void> {
    // 戻る on the confirmation page: the form as it was typed, for another look; nothing is checked or done.
    if (step.confirm && wentBack(step.body)) return this.showForm(response, actor, reportId, step, [], HttpStatus.OK);
    let outcome: Outcome;
    try {
      if (step.confirm && !isConfirmed(step.body))
        return await this.confirmFirst(response, actor, reportId, step, step.confirm);
      outcome = await step.run();
    } catch (error) {
      // Labels read from the report only for a refusal the form shows: a 403 or 404 may forbid reading it.
      const labels =
        typeof step.labels !== 'function' ? step.labels : formErrors(error) ? await step.labels() : undefined;
      const refused = formErrors(error, labels, step.hrefFor);
      if (!refused) throw error;
      // The report moved on to a state without this form, or the form waits for opinions still awaited: what was typed
      // is shown apart from it, to copy.
      const status = changedStatusOf(error);
      const formGone = status !== null || error instanceof OpinionsAwaitedException;
      const kept = formGone ? keptText(step.body, labels, step.errorPrefix) : [];
      if (kept.length)
        return this.showForm(
          response,
          actor,
          reportId,
          step,
          status
            ? refused.map((refusal) => ({ ...refusal, ...reportStatusChanged(status, 'この操作が', true) }))
            : refused,
          statusOf(error),
          kept,
        );
      const errors = step.errorPrefix ? underPointer(refused, step.errorPrefix) : refused;
      return this.showForm(response, actor, reportId, step, errors, statusOf(error));
    }
    const notice = typeof step.notice === 'string' ? step.notice : step.notice(outcome);
    this.pages.redirect(response, step.next ?? reportPath(actor.organizationId, reportId), notice);
  }

  /**
   * The step's form on its tab, filled with what was sent (after a refusal, with why); or, when the report's state no
   * longer has the form, what was typed into it (`kept`).
   */
  private async showForm<Outcome>(
    response: Response,
    actor: OrganizationActor,
    reportId: string,
    step: Step<Outcome>,
    errors: PageError[],
    status: HttpStatus,
    kept: KeptText[] = [],
  ): Promise<void> {
    return this.reportPages.render(
      response,
      actor,
      reportId,
      step.tab ?? 'report',
      { kept },
      { name: step.form, state: new FormState(formValues(step.body), errors) },
      status,
    );
  }

  /**
   * Instead of the action: its confirmation page, once the workflow rules allow the action now and the form's input
   * is valid (otherwise the refusal shows on the report as usual). 「戻る」 posts the form back to act, which shows it
   * again as typed.
   */
  private async confirmFirst<Outcome>(
    response: Response,
    actor: OrganizationActor,
    reportId: string,
    step: Step<Outcome>,
    { action, path, page }: StepConfirmation,
  ): Promise<void> {
    const report = await this.reportPages.load(actor, reportId);
    if (!report.permissions.can[action]) assertPermitted(action, report.view, actor, report.assignments);
    const content = await page(report);
    return renderConfirmation(this.pages, response, {
      ...content,
      caption: `${report.view.project.name}(${report.view.fiscalYearLabel})`,
      action: reportPath(actor.organizationId, reportId, path),
      back: reportPath(actor.organizationId, reportId, step.tab && step.tab !== 'report' ? step.tab : ''),
      // Opened without a version (a link or bookmark with no ?version=), the page confirms the report it shows.
      body: text(step.body, '/version') ? step.body : { ...step.body, '/version': String(report.view.version) },
    });
  }
}
