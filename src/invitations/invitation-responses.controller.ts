import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, CurrentActor, Public } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { anonymousAuditActor, auditActorOf } from '../audit/audit-log';
import { apiPath } from '../infra/http/api-path';
import { MembershipView } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { InvitationAcceptedView, InvitationRegistrationRequest, InvitationTokenRequest } from './invitations.dto';
import { InvitationsService } from './invitations.service';

const UNKNOWN = 'The token is not the code of any invitation.';
const GONE =
  'The invitation has expired, was revoked, or was answered already (a link works once); or it was sent again, and ' +
  'only the newest mail’s link works.';

/** The invited person's answers, with the token from the e-mailed link. */
@ApiTags('invitations')
@Controller(apiPath('invitations'))
export class InvitationResponsesController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly users: UsersService,
  ) {}

  @Authenticated()
  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOkResponse({ type: InvitationAcceptedView, description: 'Signed in as the invited address: now a member.' })
  @ApiForbiddenResponse({ description: 'Signed in with an account of another address.' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiGoneResponse({ description: GONE })
  async accept(@CurrentActor() actor: Actor, @Body() body: InvitationTokenRequest): Promise<InvitationAcceptedView> {
    const invitation = await this.invitations.accept(body.token, actor.userId, auditActorOf(actor));
    return this.accepted(invitation.organizationId, actor.userId);
  }

  @Public()
  @Post('register')
  @ApiCreatedResponse({
    type: InvitationAcceptedView,
    description: 'For an address without an account: the account is created and joins with the invited roles.',
  })
  @ApiConflictResponse({ description: 'The address has an account: sign in and use /invitations/accept.' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiGoneResponse({ description: GONE })
  async register(
    @Body() body: InvitationRegistrationRequest,
    @Req() request: Request,
  ): Promise<InvitationAcceptedView> {
    const { invitation, userId } = await this.invitations.register(body.token, body, anonymousAuditActor(request));
    return this.accepted(invitation.organizationId, userId);
  }

  @Public()
  @Post('decline')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Declined: nothing else changes, and the link no longer works.' })
  @ApiNotFoundResponse({ description: UNKNOWN })
  @ApiGoneResponse({ description: GONE })
  async decline(@Body() body: InvitationTokenRequest, @Req() request: Request): Promise<void> {
    await this.invitations.decline(body.token, anonymousAuditActor(request));
  }

  private async accepted(organizationId: string, userId: string): Promise<InvitationAcceptedView> {
    const memberships = await this.users.membershipsIn(organizationId, userId);
    return { organizationId, userId, memberships: memberships.map(MembershipView.from) };
  }
}
