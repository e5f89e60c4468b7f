import { Body, Controller, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UuidParam } from '../../infra/http/uuid-param';
import type { Response } from 'express';
import { CurrentActor } from '../../access/access.decorators';
import { AllowAction } from '../../reports/rules/allow-action';
import { OrganizationActor } from '../../access/actor';
import { AcknowledgeWarningsRequest } from '../../reports/reports.dto';
import { ReportsService } from '../../reports/reports.service';
import { MessageRequest, OpinionRequest, RespondToAssignmentRequest } from '../../reports/reviews/reviews.dto';
import { ReviewsService } from '../../reports/reviews/reviews.service';
import { ReportAction } from '../../reports/rules/report-workflow';
import { CommentRequest, EvaluateRequest, ProposePolicyRequest } from '../../reports/workflow/workflow.dto';
import { ReasonRequest } from '../../reports/reviews/reviews.dto';
import { AssignExpertsRequest } from '../../reports/reviews/reviews.dto';
import { WorkflowService } from '../../reports/workflow/workflow.service';
import {
  FormBody,
  formErrors,
  FormState,
  formValues,
  list,
  optional,
  statusOf,
  text,
  underPointer,
  validated,
} from '../forms';
import { organizationPath, reportPath } from '../navigation';
import { FieldLabels } from '../messages/field-labels';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { problemHref, ReportPages, ReportTab } from './report-pages';

interface Step {
  /** The form on the page, shown again with the user's input when the step is refused. */
  form: string;
  body: FormBody;
  run: () => Promise<unknown>;
  notice: string;
  /** Where the form lives (default: the report tab); and where to go on success (default: the report). */
  tab?: ReportTab;
  next?: string;
  /** Puts the request's error paths under this pointer, for forms repeated on one page (answers). */
  errorPrefix?: string;
  extra?: () => Promise<Record<string, unknown>>;
  /** Where an error's field is, when it is not on this page. */
  hrefFor?: (path: string) => string;
  /** The fields' labels on this form, so a message names the field as the user sees it. */
  labels?: FieldLabels;
}

/**
 * The workflow's steps as form posts. Each validates with the API's DTO and calls the same service method as the
 * API route, so the rules are enforced once; on success the browser is redirected (POST, redirect, GET).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('o/:organizationId/reports/:reportId')
export class ReportActionsController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly reviews: ReviewsService,
    private readonly reports: ReportsService,
    private readonly reportPages: ReportPages,
    private readonly pages: PageRenderer,
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
            version: Number(text(body, '/version')),
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
    const base = reportPath(actor.organizationId, reportId);
    return this.act(response, actor, reportId, {
      form: 'submit',
      body,
      notice: 'submitted',
      hrefFor: (path) => problemHref(base, path),
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
      notice: 'withdrawn',
      run: () => this.workflow.withdraw(actor, reportId),
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
      labels: { '/comment': '差戻しの理由' },
      body,
      notice: 'returned',
      run: async () =>
        this.workflow.returnToDraft(
          actor,
          reportId,
          (await validated(CommentRequest, { comment: text(body, '/comment') })).comment,
        ),
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
    return this.act(response, actor, reportId, {
      form: 'accept',
      labels: { '/experts': '意見を依頼する外部有識者', '/dueDate': '意見の期限' },
      body,
      notice: 'accepted',
      run: async () =>
        this.workflow.accept(
          actor,
          reportId,
          await validated(AssignExpertsRequest, { experts: list(body, '/experts'), dueDate: text(body, '/dueDate') }),
        ),
    });
  }

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
    return this.act(response, actor, reportId, {
      form: 'respond',
      labels: { '/accept': '依頼への回答', '/reason': '辞退する場合の理由' },
      body,
      notice: accepting ? 'assignment-accepted' : 'assignment-declined',
      // A declined report is no longer the expert's to see: back to their list.
      next: accepting
        ? `${reportPath(actor.organizationId, reportId)}#opinion`
        : organizationPath(actor.organizationId, 'assignments'),
      run: async () =>
        this.reviews.respond(
          actor,
          reportId,
          assignmentId,
          await validated(RespondToAssignmentRequest, { accept, reason: optional(body, '/reason') ?? undefined }),
        ),
    });
  }

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
      labels: { '/rating': '事業の評価', '/opinion': '意見' },
      body,
      notice: 'opinion',
      next: `${reportPath(actor.organizationId, reportId)}#opinion`,
      run: async () =>
        this.reviews.enterOpinion(
          actor,
          reportId,
          assignmentId,
          await validated(OpinionRequest, { rating: optional(body, '/rating'), opinion: text(body, '/opinion') }),
        ),
    });
  }

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
      labels: { '/body': '質問' },
      body,
      tab: 'questions',
      notice: 'asked',
      next: reportPath(actor.organizationId, reportId, 'questions'),
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
      labels: { '/body': '回答' },
      body,
      tab: 'questions',
      notice: 'answered',
      next: reportPath(actor.organizationId, reportId, 'questions'),
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
    return this.act(response, actor, reportId, {
      form: 'evaluate',
      labels: { '/rating': '事業の評価', '/opinion': '外部有識者からの意見' },
      body,
      tab: 'consolidate',
      notice: 'evaluated',
      extra: async () => ({ opinions: await this.reviews.opinions(actor, reportId) }),
      run: async () =>
        this.workflow.evaluate(
          actor,
          reportId,
          await validated(EvaluateRequest, { rating: optional(body, '/rating'), opinion: text(body, '/opinion') }),
        ),
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
      labels: { '/decision': '今後の方針', '/reason': '今後の方針の理由' },
      body,
      notice: 'proposed',
      run: async () =>
        this.workflow.propose(
          actor,
          reportId,
          await validated(ProposePolicyRequest, {
            decision: optional(body, '/decision'),
            reason: text(body, '/reason'),
          }),
        ),
    });
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
      run: () => this.workflow.approve(actor, reportId),
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
      labels: { '/comment': '方針案を差し戻す理由' },
      body,
      notice: 'sent-back',
      run: async () =>
        this.workflow.sendBack(
          actor,
          reportId,
          (await validated(CommentRequest, { comment: text(body, '/comment') })).comment,
        ),
    });
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
      run: () => this.workflow.publish(actor, reportId),
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
      labels: { '/reason': 'やり直す理由' },
      body,
      notice: 'reopened',
      run: async () =>
        this.workflow.reopen(
          actor,
          reportId,
          (await validated(ReasonRequest, { reason: text(body, '/reason') })).reason,
        ),
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
      labels: { '/reason': '訂正の理由' },
      body,
      notice: 'correction-started',
      run: async () =>
        this.workflow.startCorrection(
          actor,
          reportId,
          (await validated(ReasonRequest, { reason: text(body, '/reason') })).reason,
        ),
    });
  }

  private async act(response: Response, actor: OrganizationActor, reportId: string, step: Step): Promise<void> {
    try {
      await step.run();
    } catch (error) {
      const refused = formErrors(error, step.labels, step.hrefFor);
      if (!refused) throw error;
      const errors = step.errorPrefix ? underPointer(refused, step.errorPrefix) : refused;
      const extra = step.extra ? await step.extra() : {};
      return this.reportPages.render(
        response,
        actor,
        reportId,
        step.tab ?? 'report',
        extra,
        { name: step.form, state: new FormState(formValues(step.body), errors) },
        statusOf(error),
      );
    }
    this.pages.redirect(response, step.next ?? reportPath(actor.organizationId, reportId), step.notice);
  }
}
