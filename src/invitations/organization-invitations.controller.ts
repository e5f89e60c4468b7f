import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { InvitationRequest, InvitationSentView, InvitationView } from './invitations.dto';
import { InvitationsService } from './invitations.service';

/** Adding people to an organization: by invitation only, and the same answer for every address. */
@ApiTags('users')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.Administrator)
@Controller(apiPath('organizations/:organizationId'))
export class OrganizationInvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('users')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: InvitationSentView,
    description:
      'An invitation e-mail goes to the address, whether or not it has an account; the person becomes a member ' +
      'with these roles only by accepting it.',
  })
  @ApiConflictResponse({ description: 'The address is a member already, or an invitation to it is still open.' })
  async invite(@CurrentActor() actor: OrganizationActor, @Body() body: InvitationRequest): Promise<InvitationSentView> {
    const invitation = await this.invitations.invite(actor, body.email, body.roles);
    return {
      message: `An invitation was sent to ${invitation.email}.`,
      invitationId: invitation.id,
      email: invitation.email,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  @Get('invitations')
  @ApiOkResponse({ type: [InvitationView], description: 'Every invitation of the organization, newest first.' })
  async list(@CurrentActor() actor: OrganizationActor): Promise<InvitationView[]> {
    return (await this.invitations.list(actor.organizationId)).map(InvitationView.from);
  }

  @Post('invitations/:invitationId/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: InvitationSentView,
    description:
      'A pending or expired invitation is mailed again with a new link and a new expiry; the earlier link no longer works.',
  })
  @ApiNotFoundResponse({ description: 'No such invitation in this organization.' })
  @ApiConflictResponse({
    description:
      'The invitation was accepted, declined, revoked or superseded already; the address has joined or has another ' +
      'open invitation since; or a department it gives a role in was retired with no successor.',
  })
  async resend(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('invitationId') invitationId: string,
  ): Promise<InvitationSentView> {
    const invitation = await this.invitations.resend(actor, invitationId);
    return {
      message: `The invitation was sent again to ${invitation.email}; the link in the earlier mail no longer works.`,
      invitationId: invitation.id,
      email: invitation.email,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  @Delete('invitations/:invitationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Revoked: the link no longer works.' })
  @ApiConflictResponse({ description: 'The invitation was accepted, declined or revoked already.' })
  async revoke(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('invitationId') invitationId: string,
  ): Promise<void> {
    await this.invitations.revoke(actor, invitationId);
  }
}
