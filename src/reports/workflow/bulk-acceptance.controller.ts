import { Body, Controller, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { apiPath } from '../../infra/http/api-path';
import { FiscalYearParam } from '../../infra/http/fiscal-year-param';
import { ApiUuidParam } from '../../infra/http/uuid-param';
import { ApiInvalidFieldsResponse } from '../../infra/http/api-errors';
import { AllowAction } from '../rules/allow-action';
import { ReportAction } from '../rules/report-workflow';
import { BulkAcceptanceService } from './bulk-acceptance.service';
import { BulkAcceptanceRequest, BulkAcceptanceView } from './workflow.dto';

/** 一括受理: several submitted reports of a year accepted in one action, each as if accepted alone. */
@ApiTags('workflow')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/fiscal-years/:fiscalYear/acceptances'))
export class BulkAcceptanceController {
  constructor(private readonly acceptances: BulkAcceptanceService) {}

  @AllowAction(ReportAction.Accept)
  @Post()
  @ApiCreatedResponse({ type: BulkAcceptanceView })
  @ApiInvalidFieldsResponse(
    HttpStatus.BAD_REQUEST,
    'An expert who cannot be asked, or a due date already past (details name it); nothing was accepted.',
  )
  @ApiInvalidFieldsResponse(
    HttpStatus.CONFLICT,
    'A report named is not a submitted report of that year, or changed since the version given in versions (details name each, by its place in reportIds); nothing was accepted.',
  )
  @ApiForbiddenResponse({ description: 'Only the planning division accepts.' })
  accept(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
    @Body() body: BulkAcceptanceRequest,
  ): Promise<BulkAcceptanceView> {
    const { reportIds, experts, dueDate, versions } = body;
    return this.acceptances.accept(actor, fiscalYear, reportIds, { experts, dueDate }, versions);
  }
}
