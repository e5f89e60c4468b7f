import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { RevokedLinksView } from './review-links.dto';
import { ReviewLinks } from './review-links';

/** The planning division's hold on experts' one-click links. */
@ApiTags('reviews')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/reports/:reportId/assignments/:assignmentId'))
export class ReviewLinksController {
  constructor(private readonly links: ReviewLinks) {}

  /** Every link mailed for the assignment stops working; sessions opened with them end. The expert may still sign in. */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Post('revoke-links')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RevokedLinksView })
  async revoke(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
  ): Promise<RevokedLinksView> {
    return { revokedLinks: await this.links.revoke(actor, reportId, assignmentId) };
  }
}
