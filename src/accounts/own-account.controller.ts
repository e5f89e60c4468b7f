import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor, Public } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { ChangePasswordRequest, CurrentUserView } from '../auth/auth.dto';
import { apiPath } from '../infra/http/api-path';
import { UsersService } from '../users/users.service';
import { anonymousAuditActor } from '../audit/audit-log';
import {
  EmailChangeCancellation,
  EmailChangeConfirmation,
  EmailChangeRequest,
  EmailChangeRequestedView,
  OwnAccountView,
  OwnNameRequest,
} from './accounts.dto';
import { OwnAccountService } from './own-account.service';

/**
 * アカウント設定 over the API: the signed-in person's own account as it is (GET auth/me) and its name, password and
 * address. GET auth/me is here, not beside sign-in, because it shows a change of address still waiting, which is this
 * domain's. A one-click link session (an expert's) neither sees nor changes any of it.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller(apiPath('auth'))
export class OwnAccountController {
  constructor(
    private readonly account: OwnAccountService,
    private readonly users: UsersService,
  ) {}

  @Authenticated()
  @Get('me')
  @ApiOkResponse({ type: OwnAccountView })
  me(@CurrentActor() actor: Actor): Promise<OwnAccountView> {
    return this.ownAccount(actor);
  }

  @Authenticated()
  @Patch('me')
  @ApiOkResponse({ type: OwnAccountView, description: 'The name is changed wherever it is shown.' })
  async rename(@CurrentActor() actor: Actor, @Body() body: OwnNameRequest): Promise<OwnAccountView> {
    await this.users.renameOwn(actor, body.displayName);
    return this.ownAccount(actor);
  }

  @Authenticated()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description:
      'Password changed; the other sessions and the open password reset links of the account have ended and a mail says so.',
  })
  @ApiBadRequestResponse({ description: 'The current password is not correct, or the new one is the same.' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many wrong current passwords (counted with failed sign-ins); Retry-After gives the seconds to wait.',
  })
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordRequest): Promise<void> {
    await this.account.changePassword(actor, body.currentPassword, body.newPassword);
  }

  @Authenticated()
  @Post('email-change')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: EmailChangeRequestedView,
    description: 'A link is mailed to the new address and a notice to the current one; the address stays until then.',
  })
  @ApiBadRequestResponse({
    description: 'Not an e-mail address, the address the account has, or the current password is not correct.',
  })
  @ApiConflictResponse({ description: 'The address is the address of another account.' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many wrong current passwords (counted with failed sign-ins); Retry-After gives the seconds to wait.',
  })
  async requestEmailChange(
    @CurrentActor() actor: Actor,
    @Body() body: EmailChangeRequest,
  ): Promise<EmailChangeRequestedView> {
    const change = await this.account.requestEmailChange(actor, body.email, body.currentPassword);
    return {
      message: `A link to confirm the new address was sent to ${change.newEmail}; until it is opened, the address stays.`,
      expiresAt: change.expiresAt.toISOString(),
    };
  }

  @Authenticated()
  @Delete('email-change')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The change asked for is cancelled: its links end and the address stays.' })
  @ApiConflictResponse({ description: 'No change is waiting: it was confirmed or cancelled, or it has expired.' })
  async cancelOwnEmailChange(@CurrentActor() actor: Actor): Promise<void> {
    await this.account.cancelOwnEmailChange(actor);
  }

  /** Whoever holds the link has the new mailbox: no session is needed, as for a reset link. */
  @Public()
  @Post('email-change/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account signs in with the new address from now on.' })
  @ApiNotFoundResponse({ description: 'The token is not the code of any confirmation link.' })
  @ApiGoneResponse({ description: 'The link has expired, was used or replaced, or the account is deactivated.' })
  @ApiConflictResponse({ description: 'The address became the address of another account meanwhile.' })
  async confirmEmailChange(@Body() body: EmailChangeConfirmation, @Req() request: Request): Promise<void> {
    await this.account.confirmEmailChange(body.token, anonymousAuditActor(request));
  }

  /** Whoever holds the notice has the account's mailbox: no session is needed to stop a change they did not ask for. */
  @Public()
  @Post('email-change/cancel')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The change is cancelled: its confirmation link ends and the address stays.' })
  @ApiNotFoundResponse({ description: 'The token is not the code of any cancellation link.' })
  @ApiGoneResponse({
    description: 'The change was confirmed, cancelled, replaced or has expired, or the account is deactivated.',
  })
  async cancelEmailChange(@Body() body: EmailChangeCancellation, @Req() request: Request): Promise<void> {
    await this.account.cancelEmailChange(body.token, anonymousAuditActor(request));
  }

  private async ownAccount(actor: Actor): Promise<OwnAccountView> {
    const [user, pending] = await Promise.all([
      this.users.getWithMemberships(actor.userId),
      this.account.pendingEmailChange(actor),
    ]);
    return OwnAccountView.of(CurrentUserView.from(user), pending);
  }
}
