import { Body, Controller, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { ChangePasswordRequest, CurrentUserView } from '../auth/auth.dto';
import { apiPath } from '../infra/http/api-path';
import { UsersService } from '../users/users.service';
import { OwnNameRequest } from './accounts.dto';
import { OwnAccountService } from './own-account.service';

/**
 * アカウント設定 over the API: the signed-in person's own name and password, beside GET auth/me. A one-click link
 * session (an expert's) changes none of it.
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
  @Patch('me')
  @ApiOkResponse({ type: CurrentUserView, description: 'The name is changed wherever it is shown.' })
  async rename(@CurrentActor() actor: Actor, @Body() body: OwnNameRequest): Promise<CurrentUserView> {
    await this.users.renameOwn(actor, body.displayName);
    return CurrentUserView.from(await this.users.getWithMemberships(actor.userId));
  }

  @Authenticated()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'Password changed; the other sessions of the account have ended and a mail says so.',
  })
  @ApiBadRequestResponse({ description: 'The current password is not correct, or the new one is the same.' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many wrong current passwords (counted with failed sign-ins); Retry-After gives the seconds to wait.',
  })
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordRequest): Promise<void> {
    await this.account.changePassword(actor, body.currentPassword, body.newPassword);
  }
}
