import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { apiPath } from '../../infra/http/api-path';
import { ApiUuidParam } from '../../infra/http/uuid-param';
import { ReviewSettingsRequest, ReviewSettingsView } from './review-settings.dto';
import { ReviewSettingsService } from './review-settings.service';

/**
 * 意見照会の設定. The planning division runs the reviews and so sets how experts are reminded, next to the
 * administrators who keep the organization's other settings.
 */
@ApiTags('review settings')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.PlanningDivision, Role.Administrator)
@Controller(apiPath('organizations/:organizationId/review-settings'))
export class ReviewSettingsController {
  constructor(private readonly settings: ReviewSettingsService) {}

  @Get()
  @ApiOkResponse({ type: ReviewSettingsView })
  get(@CurrentActor() actor: OrganizationActor): Promise<ReviewSettingsView> {
    return this.settings.get(actor.organizationId);
  }

  @Put()
  @ApiOkResponse({ type: ReviewSettingsView })
  @ApiBadRequestResponse({
    description:
      'A reminder day that is not a whole number from −60 to 60 or is repeated, a link validity outside 1–365 days, a wording that is empty, too long or has an unknown placeholder, or no `checksum` of the settings read.',
  })
  @ApiConflictResponse({
    description:
      'The settings were saved since the ones read (`checksum`; the settings now, with their checksum, in `details.current`); nothing was saved.',
  })
  async update(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: ReviewSettingsRequest,
  ): Promise<ReviewSettingsView> {
    return (await this.settings.update(actor, body)).settings;
  }
}
