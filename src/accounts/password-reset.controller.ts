import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../access/access.decorators';
import { anonymousAuditActor } from '../audit/audit-log';
import { apiPath } from '../infra/http/api-path';
import { NewPasswordRequest, PasswordResetRequest, PasswordResetRequestedView } from './accounts.dto';
import { PasswordResetsService } from './password-resets.service';

export const PASSWORD_RESET_REQUESTED_MESSAGE =
  'If this address has an account, a link to set a new password was sent to it.';

/** パスワードを忘れた場合: a link by e-mail, then a new password with the link's token. */
@ApiTags('auth')
@Controller(apiPath('auth/password-reset'))
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetsService) {}

  @Public()
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: PasswordResetRequestedView,
    description: 'The same answer for every address; only an account that can sign in gets the mail.',
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many requests for this address or from this client address; Retry-After gives the seconds.',
  })
  async request(@Body() body: PasswordResetRequest, @Req() request: Request): Promise<PasswordResetRequestedView> {
    await this.resets.request(body.email, anonymousAuditActor(request));
    return { message: PASSWORD_RESET_REQUESTED_MESSAGE };
  }

  @Public()
  @Post('complete')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The new password is set; every session of the account has ended.' })
  @ApiNotFoundResponse({ description: 'The token is not the code of any reset link.' })
  @ApiGoneResponse({
    description:
      'The link has expired, is no longer valid (used, or ended by another link’s use), or the account is deactivated.',
  })
  async complete(@Body() body: NewPasswordRequest, @Req() request: Request): Promise<void> {
    await this.resets.complete(body.token, body.password, anonymousAuditActor(request));
  }
}
