import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { apiPath } from '../../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../../infra/http/uuid-param';
import { AlternatesRequest, AlternateView } from './review-alternates.dto';
import { ReviewAlternatesService } from './review-alternates.service';

/** 補欠の有識者: the experts to ask, in order, when an assigned one declines or is dismissed. */
@ApiTags('reviews')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/reports/:reportId/alternates'))
export class ReviewAlternatesController {
  constructor(private readonly alternates: ReviewAlternatesService) {}

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get()
  @ApiOkResponse({ type: [AlternateView] })
  async list(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
  ): Promise<AlternateView[]> {
    return (await this.alternates.list(actor, reportId)).map(AlternateView.from);
  }

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Put()
  @ApiOkResponse({ type: [AlternateView], description: 'Those already asked first, then the new list in order.' })
  @ApiConflictResponse({
    description:
      'Not in expert review, or another list was saved since the one read (`alternatesRead`; the list now in `details.currentAlternates`); nothing was saved.',
  })
  async replace(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: AlternatesRequest,
  ): Promise<AlternateView[]> {
    return (await this.alternates.replace(actor, reportId, body.experts, body.alternatesRead)).alternates.map(
      AlternateView.from,
    );
  }
}
