import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../access/access.decorators';
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
  MessageRequest,
  OpinionRequest,
  OpinionsView,
  RespondToAssignmentRequest,
} from './reviews.dto';
import { ReviewsService } from './reviews.service';

/** 外部有識者の意見照会: assignments, opinions, and the question thread of a report. */
@ApiTags('reviews')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/reports/:reportId'))
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Allow(Role.PlanningDivision, Role.Administrator, Role.ExternalExpert)
  @Get('assignments')
  @ApiOkResponse({ type: [AssignmentView] })
  async assignments(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
  ): Promise<AssignmentView[]> {
    return (await this.reviews.listAssignments(actor, reportId)).map(AssignmentView.from);
  }

  @AllowAction(ReportAction.ReassignExperts)
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

  @AllowAction(ReportAction.EnterOpinion)
  @Put('assignments/:assignmentId/opinion')
  @ApiOkResponse({ type: AssignmentView })
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

  @Allow(...ALL_ROLES)
  @Get('comments')
  @ApiOkResponse({ type: [CommentView] })
  async comments(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
  ): Promise<CommentView[]> {
    return (await this.reviews.listComments(actor, reportId)).map(CommentView.from);
  }

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
