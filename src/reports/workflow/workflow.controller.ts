import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor } from '../../access/access.decorators';
import { AllowAction } from '../rules/allow-action';
import { OrganizationActor } from '../../access/actor';
import { apiPath } from '../../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../../infra/http/uuid-param';
import { ReportView } from '../report/report-view';
import { ReportAction } from '../rules/report-workflow';
import {
  AcceptRequest,
  AdministratorStepRequest,
  CommentRequest,
  CorrectAssessmentRequest,
  EvaluateRequest,
  ProposePolicyRequest,
  ReadVersionRequest,
  WithdrawPublicationRequest,
} from './workflow.dto';
import { WorkflowService } from './workflow.service';

/**
 * Transitions of a report. Each route admits the roles the workflow rules name for its action; the rules
 * (report-workflow.ts) then decide on state, relation to the report and conditions.
 */
@ApiTags('workflow')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@ApiConflictResponse({
  description:
    "Not possible in the report's current state (or someone else was faster), or the report changed since the `version` read (`details.currentVersion`).",
})
@ApiForbiddenResponse({ description: 'Your role or relation to this report does not allow it.' })
@Controller(apiPath('organizations/:organizationId/reports/:reportId'))
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  @AllowAction(ReportAction.Submit)
  @Post('submit')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  @ApiUnprocessableEntityResponse({ description: 'The draft fails submission validation; details list the fields.' })
  submit(@CurrentActor() actor: OrganizationActor, @UuidParam('reportId') reportId: string): Promise<ReportView> {
    return this.workflow.submit(actor, reportId);
  }

  @AllowAction(ReportAction.Withdraw)
  @Post('withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  withdraw(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: ReadVersionRequest,
  ): Promise<ReportView> {
    return this.workflow.withdraw(actor, reportId, body.version);
  }

  @AllowAction(ReportAction.Return)
  @Post('return')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  returnToDraft(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: CommentRequest,
  ): Promise<ReportView> {
    return this.workflow.returnToDraft(actor, reportId, body.comment, body.version);
  }

  @AllowAction(ReportAction.Accept)
  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  accept(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: AcceptRequest,
  ): Promise<ReportView> {
    return this.workflow.accept(actor, reportId, body);
  }

  @AllowAction(ReportAction.Evaluate)
  @Post('evaluate')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  @ApiConflictResponse({
    description:
      "Not possible in the report's current state, the report changed since the `version` read (`details.currentVersion`), or an expert still asked has not answered or given an opinion (`details.awaitedExperts`: `expertUserId`, `name`, `status`): enter it on their behalf or dismiss them first.",
  })
  evaluate(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: EvaluateRequest,
  ): Promise<ReportView> {
    return this.workflow.evaluate(actor, reportId, body);
  }

  @AllowAction(ReportAction.ProposePolicy)
  @Post('propose')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  propose(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: ProposePolicyRequest,
  ): Promise<ReportView> {
    return this.workflow.propose(actor, reportId, body);
  }

  @AllowAction(ReportAction.ApprovePolicy)
  @Post('approve')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  approve(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: ReadVersionRequest,
  ): Promise<ReportView> {
    return this.workflow.approve(actor, reportId, body.version);
  }

  @AllowAction(ReportAction.SendBackProposal)
  @Post('send-back')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  sendBack(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: CommentRequest,
  ): Promise<ReportView> {
    return this.workflow.sendBack(actor, reportId, body.comment, body.version);
  }

  @AllowAction(ReportAction.Publish)
  @Post('publish')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  publish(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: ReadVersionRequest,
  ): Promise<ReportView> {
    return this.workflow.publish(actor, reportId, body.version);
  }

  @AllowAction(ReportAction.Reopen)
  @Post('reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  reopen(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: AdministratorStepRequest,
  ): Promise<ReportView> {
    return this.workflow.reopen(actor, reportId, body.reason, body.version);
  }

  @AllowAction(ReportAction.StartCorrection)
  @Post('correct')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ReportView,
    description: '訂正: the published report opens for correction; publish it again for a new edition',
  })
  startCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: AdministratorStepRequest,
  ): Promise<ReportView> {
    return this.workflow.startCorrection(actor, reportId, body.reason, body.version);
  }

  @AllowAction(ReportAction.SubmitCorrection)
  @Post('submit-correction')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ReportView,
    description: '訂正の提出: planning then publishes the correction or sends it back',
  })
  @ApiUnprocessableEntityResponse({
    description: 'The correction fails submission validation; details list the fields.',
  })
  submitCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
  ): Promise<ReportView> {
    return this.workflow.submitCorrection(actor, reportId);
  }

  @AllowAction(ReportAction.WithdrawCorrection)
  @Post('withdraw-correction')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView, description: 'takes a submitted correction back to correcting' })
  withdrawCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: ReadVersionRequest,
  ): Promise<ReportView> {
    return this.workflow.withdrawCorrection(actor, reportId, body.version);
  }

  @AllowAction(ReportAction.ReturnCorrection)
  @Post('return-correction')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView, description: 'sends a submitted correction back to correcting, with a reason' })
  returnCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: CommentRequest,
  ): Promise<ReportView> {
    return this.workflow.returnCorrection(actor, reportId, body.comment, body.version);
  }

  @AllowAction(ReportAction.CorrectAssessment)
  @Post('correct-assessment')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ReportView,
    description:
      '⑦⑧の訂正: during 訂正中, planning corrects the published ⑦ (rating, opinion) and ⑧ (decision, reason); a corrected ⑧ is then published by another planning user (four-eyes, policy.correctedBy)',
  })
  correctAssessment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: CorrectAssessmentRequest,
  ): Promise<ReportView> {
    return this.workflow.correctAssessment(actor, reportId, body);
  }

  @AllowAction(ReportAction.CancelCorrection)
  @Post('cancel-correction')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ReportView,
    description:
      '訂正の取りやめ: the correction ends unpublished; the report goes back to 公表 or 公表の取消, whichever it was corrected from, with the values of its latest edition (no new edition)',
  })
  cancelCorrection(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: AdministratorStepRequest,
  ): Promise<ReportView> {
    return this.workflow.cancelCorrection(actor, reportId, body.reason, body.version);
  }

  @AllowAction(ReportAction.WithdrawPublication)
  @Post('withdraw-publication')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: ReportView,
    description:
      '公表の取消: the report leaves publication and stays frozen; correct and publish it to make it public again',
  })
  withdrawPublication(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: WithdrawPublicationRequest,
  ): Promise<ReportView> {
    return this.workflow.withdrawPublication(actor, reportId, body.reason, body.version);
  }
}
