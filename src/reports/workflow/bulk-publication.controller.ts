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
import { BulkPublicationService } from './bulk-publication.service';
import { BulkPublicationRequest, BulkPublicationView } from './workflow.dto';

/** 一括公表: a fiscal year's decided reports published in one action, each as if published alone. */
@ApiTags('workflow')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/fiscal-years/:fiscalYear/publications'))
export class BulkPublicationController {
  constructor(private readonly publications: BulkPublicationService) {}

  @AllowAction(ReportAction.Publish)
  @Post()
  @ApiCreatedResponse({ type: BulkPublicationView })
  @ApiInvalidFieldsResponse(
    HttpStatus.CONFLICT,
    'A report named is not a decided report of that year, or changed since the version given in versions (details name each, by its place in reportIds); nothing was published.',
  )
  @ApiForbiddenResponse({ description: 'Only the planning division publishes.' })
  publish(
    @CurrentActor() actor: OrganizationActor,
    @FiscalYearParam() fiscalYear: number,
    @Body() body: BulkPublicationRequest,
  ): Promise<BulkPublicationView> {
    return this.publications.publish(actor, fiscalYear, body.reportIds, body.versions);
  }
}
