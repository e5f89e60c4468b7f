import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { Role } from '../access/role';
import { FailedDeliveries } from './failed-deliveries';
import { FailedDeliveryView } from './notifications.dto';

/** E-mails that could not be delivered after every retry, for the organization's administrators. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.Administrator)
@Controller(apiPath('organizations/:organizationId/notifications/failed'))
export class FailedDeliveriesController {
  constructor(private readonly failed: FailedDeliveries) {}

  @Get()
  @ApiOkResponse({ type: [FailedDeliveryView] })
  async list(@CurrentActor() actor: OrganizationActor): Promise<FailedDeliveryView[]> {
    return (await this.failed.list(actor.organizationId)).map(FailedDeliveryView.from);
  }

  @Post(':deliveryId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: FailedDeliveryView })
  @ApiConflictResponse({ description: 'What the e-mail asked for has been settled since: nothing to resend.' })
  async retry(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('deliveryId') deliveryId: string,
  ): Promise<FailedDeliveryView> {
    return FailedDeliveryView.from(await this.failed.retry(actor, deliveryId));
  }
}
