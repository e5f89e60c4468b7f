import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { apiPath } from '../../infra/http/api-path';
import { ApiUuidParam } from '../../infra/http/uuid-param';
import { ExpertStatisticsQuery, ExpertStatisticsView } from './reviews.dto';
import { ReviewsService } from './reviews.service';

/** How each external expert of the organization has answered its requests, for planning choosing a panel. */
@ApiTags('reviews')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/expert-statistics'))
export class ExpertStatisticsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get()
  @ApiOkResponse({ type: [ExpertStatisticsView] })
  async list(
    @CurrentActor() actor: OrganizationActor,
    @Query() query: ExpertStatisticsQuery,
  ): Promise<ExpertStatisticsView[]> {
    return (await this.reviews.expertStatistics(actor, query.fiscalYear)).map(ExpertStatisticsView.from);
  }
}
