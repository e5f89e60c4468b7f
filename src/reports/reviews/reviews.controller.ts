import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentActor, LinkSessionAllowed } from '../../access/access.decorators';
import { AllowAction } from '../rules/allow-action';
import { OrganizationActor } from '../../access/actor';
import { apiPath } from '../../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../../infra/http/uuid-param';
import { ALL_ROLES, Role } from '../../access/role';
import { ReportAction } from '../rules/report-workflow';
import { ReasonRequest } from './reviews.dto';
import { AssignExpertsRequest } from './reviews.dto';
import {
  AssignmentView,
  CommentView,
  DismissAssignmentRequest,
  MessageRequest,
  OpinionRequest,
  OpinionsView,
  ReopenAssignmentRequest,
  RespondToAssignmentRequest,
} from './reviews.dto';
import { REMINDER_SPACING_MINUTES, ReviewsService } from './reviews.service';

/** 外部有識者の意見照会: assignments, opinions, and the question thread of a report. */
@ApiTags('reviews')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/reports/:reportId'))
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @LinkSessionAllowed()
  @Allow(Role.PlanningDivision, Role.Administrator, Role.ExternalExpert)
  @Get('assignments')
  @ApiOkResponse({ type: [AssignmentView] })
  async assignments(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
  ): Promise<AssignmentView[]> {
    return (await this.reviews.listAssignments(actor, reportId)).map(AssignmentView.from);
  }

  @AllowAction(ReportAction.AddExperts)
  @Post('assignments')
  @ApiCreatedResponse({ type: [AssignmentView] })
  async addExperts(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: AssignExpertsRequest,
  ): Promise<AssignmentView[]> {
    return (await this.reviews.addExperts(actor, reportId, body)).map(AssignmentView.from);
  }

  @AllowAction(ReportAction.ReassignExperts)
  @Delete('assignments/:assignmentId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Expert removed from the report.' })
  async removeExpert(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: ReasonRequest,
  ): Promise<void> {
    await this.reviews.removeExpert(actor, reportId, assignmentId, body.reason);
  }

  /** 未回答で解除: closes the assignment of an expert who does not answer; they are told, and reminders stop. */
  @AllowAction(ReportAction.DismissExpert)
  @Post('assignments/:assignmentId/dismiss')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AssignmentView })
  @ApiConflictResponse({
    description:
      'The assignment is dismissed or declined already, has an opinion, or its status is no longer `statusRead` (the expert answered meanwhile).',
  })
  async dismiss(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: DismissAssignmentRequest,
  ): Promise<AssignmentView> {
    return AssignmentView.from(await this.reviews.dismiss(actor, reportId, assignmentId, body.note, body.statusRead));
  }

  /** Asks a declined or dismissed expert again (back to 回答待ち); the expert is told. */
  @AllowAction(ReportAction.ReopenAssignment)
  @Post('assignments/:assignmentId/reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AssignmentView })
  async reopen(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: ReopenAssignmentRequest,
  ): Promise<AssignmentView> {
    return AssignmentView.from(await this.reviews.reopen(actor, reportId, assignmentId, body));
  }

  /** 今すぐ催促: one reminder to the expert at once. */
  @AllowAction(ReportAction.RemindExpert)
  @Post('assignments/:assignmentId/remind')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AssignmentView, description: 'The assignment, with lastRemindedAt now.' })
  @ApiConflictResponse({
    description: `Nothing sent: the expert has given their opinion, the assignment ended, or the expert was reminded less than ${REMINDER_SPACING_MINUTES} minutes ago (two reminders at once send one).`,
  })
  async remind(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
  ): Promise<AssignmentView> {
    return AssignmentView.from(await this.reviews.remind(actor, reportId, assignmentId));
  }

  @LinkSessionAllowed()
  @AllowAction(ReportAction.RespondToAssignment)
  @Post('assignments/:assignmentId/respond')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AssignmentView })
  async respond(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: RespondToAssignmentRequest,
  ): Promise<AssignmentView> {
    return AssignmentView.from(await this.reviews.respond(actor, reportId, assignmentId, body));
  }

  @LinkSessionAllowed()
  @AllowAction(ReportAction.EnterOpinion)
  @Put('assignments/:assignmentId/opinion')
  @ApiOkResponse({ type: AssignmentView })
  @ApiConflictResponse({
    description:
      'Not accepted, the review is over, or an opinion was saved since the one read (`opinionSubmittedAtRead`; the opinion now in `details.currentOpinion`); nothing was saved.',
  })
  async enterOpinion(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Body() body: OpinionRequest,
  ): Promise<AssignmentView> {
    return AssignmentView.from(await this.reviews.enterOpinion(actor, reportId, assignmentId, body));
  }

  /** For consolidating ⑦: the individual opinions side by side and a starting text. */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('opinions')
  @ApiOkResponse({ type: OpinionsView })
  opinions(@CurrentActor() actor: OrganizationActor, @UuidParam('reportId') reportId: string): Promise<OpinionsView> {
    return this.reviews.opinions(actor, reportId);
  }

  @LinkSessionAllowed()
  @Allow(...ALL_ROLES)
  @Get('comments')
  @ApiOkResponse({ type: [CommentView] })
  async comments(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
  ): Promise<CommentView[]> {
    return (await this.reviews.listComments(actor, reportId)).map(CommentView.from);
  }

  @LinkSessionAllowed()
  @AllowAction(ReportAction.AskQuestion)
  @Post('questions')
  @ApiCreatedResponse({ type: CommentView })
  async ask(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: MessageRequest,
  ): Promise<CommentView> {
    return CommentView.from(await this.reviews.askQuestion(actor, reportId, body.body));
  }

  @AllowAction(ReportAction.AnswerQuestion)
  @Post('questions/:questionId/answer')
  @ApiCreatedResponse({ type: CommentView })
  async answer(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('questionId') questionId: string,
    @Body() body: MessageRequest,
  ): Promise<CommentView> {
    return CommentView.from(await this.reviews.answerQuestion(actor, reportId, questionId, body.body));
  }
}
