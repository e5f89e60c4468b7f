import { Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { FailedEvents } from './failed-events';
import { FailedEventView } from './notifications.dto';

/** Events whose notifications could not be written after every retry: for the organization's administrators. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.Administrator)
@Controller(apiPath('organizations/:organizationId/notifications/failed-events'))
export class FailedEventsController {
  constructor(private readonly failed: FailedEvents) {}

  @Get()
  @ApiOkResponse({ type: [FailedEventView] })
  async list(@CurrentActor() actor: OrganizationActor): Promise<FailedEventView[]> {
    return (await this.failed.list(actor.organizationId)).map(FailedEventView.from);
  }

  @Post(':eventId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: FailedEventView, description: 'Back in the outbox, for a new round of attempts.' })
  @ApiConflictResponse({ description: 'Its job is being run right now (from the queue dashboard).' })
  async retry(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('eventId') eventId: string,
  ): Promise<FailedEventView> {
    return FailedEventView.from(await this.failed.retry(actor, eventId));
  }
}
