import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { AllowAction } from '../rules/allow-action';
import { OrganizationActor } from '../../access/actor';
import { apiPath } from '../../infra/http/api-path';
import { ALL_ROLES, Role } from '../../access/role';
import { ReportAction } from '../rules/report-workflow';
import { ReasonRequest } from '../workflow/workflow.dto';
import { AssignExpertsRequest } from './reviews.dto';
import { AssignmentView, CommentView, MessageRequest, OpinionRequest, OpinionsView, RespondToAssignmentRequest } from './reviews.dto';
import { ReviewsService } from './reviews.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** 外部有識者の意見照会: assignments, opinions, and the question thread of a report. */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller(apiPath('organizations/:organizationId/reports/:reportId'))
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Allow(Role.PlanningDivision, Role.Administrator, Role.ExternalExpert)
  @Get('assignments')
  async assignments(@CurrentActor() actor: OrganizationActor, @Param('reportId', uuid) reportId: string): Promise<AssignmentView[]> {
    return (await this.reviews.listAssignments(actor, reportId)).map(AssignmentView.from);
  }

  @AllowAction(ReportAction.ReassignExperts)
  @Post('assignments')
  async addExperts(@CurrentActor() actor: OrganizationActor, @Param('reportId', uuid) reportId: string, @Body() body: AssignExpertsRequest): Promise<AssignmentView[]> {
    return (await this.reviews.addExperts(actor, reportId, body)).map(AssignmentView.from);
  }

  @AllowAction(ReportAction.ReassignExperts)
  @Delete('assignments/:assignmentId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async removeExpert(
    @CurrentActor() actor: OrganizationActor,
    @Param('reportId', uuid) reportId: string,
    @Param('assignmentId', uuid) assignmentId: string,
    @Body() body: ReasonRequest,
  ): Promise<void> {
    await this.reviews.removeExpert(actor, reportId, assignmentId, body.reason);
  }

  @AllowAction(ReportAction.RespondToAssignment)
  @Post('assignments/:assignmentId/respond')
  @HttpCode(HttpStatus.OK)
  async respond(
    @CurrentActor() actor: OrganizationActor,
    @Param('reportId', uuid) reportId: string,
    @Param('assignmentId', uuid) assignmentId: string,
    @Body() body: RespondToAssignmentRequest,
  ): Promise<AssignmentView> {
    return AssignmentView.from(await this.reviews.respond(actor, reportId, assignmentId, body));
  }

  @AllowAction(ReportAction.EnterOpinion)
  @Put('assignments/:assignmentId/opinion')
  async enterOpinion(
    @CurrentActor() actor: OrganizationActor,
    @Param('reportId', uuid) reportId: string,
    @Param('assignmentId', uuid) assignmentId: string,
    @Body() body: OpinionRequest,
  ): Promise<AssignmentView> {
    return AssignmentView.from(await this.reviews.enterOpinion(actor, reportId, assignmentId, body));
  }

  /** For consolidating ⑦: the individual opinions side by side and a starting text. */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('opinions')
  opinions(@CurrentActor() actor: OrganizationActor, @Param('reportId', uuid) reportId: string): Promise<OpinionsView> {
    return this.reviews.opinions(actor, reportId);
  }

  @Allow(...ALL_ROLES)
  @Get('comments')
  async comments(@CurrentActor() actor: OrganizationActor, @Param('reportId', uuid) reportId: string): Promise<CommentView[]> {
    return (await this.reviews.listComments(actor, reportId)).map(CommentView.from);
  }

  @AllowAction(ReportAction.AskQuestion)
  @Post('questions')
  async ask(@CurrentActor() actor: OrganizationActor, @Param('reportId', uuid) reportId: string, @Body() body: MessageRequest): Promise<CommentView> {
    return CommentView.from(await this.reviews.askQuestion(actor, reportId, body.body));
  }

  @AllowAction(ReportAction.AnswerQuestion)
  @Post('questions/:questionId/answer')
  async answer(
    @CurrentActor() actor: OrganizationActor,
    @Param('reportId', uuid) reportId: string,
    @Param('questionId', uuid) questionId: string,
    @Body() body: MessageRequest,
  ): Promise<CommentView> {
    return CommentView.from(await this.reviews.answerQuestion(actor, reportId, questionId, body.body));
  }
}
