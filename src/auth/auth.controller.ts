import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../infra/config/app-config';
import { apiPath } from '../infra/http/api-path';
import { UsersService } from '../users/users.service';
import { Authenticated, CurrentActor, LinkSessionAllowed, Public } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { CurrentUserView, SignInRequest, SignInResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { clientOf, SESSION_COOKIE, sessionCookieOptions, setSessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller(apiPath('auth'))
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SignInResponse, description: 'Also sets the HttpOnly session cookie used by the web pages.' })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password (the same message for both).' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many wrong passwords for this account or from this client address; Retry-After gives the seconds to wait.',
  })
  async login(
    @Body() body: SignInRequest,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SignInResponse> {
    const session = await this.auth.signIn(body.email, body.password, clientOf(request));
    setSessionCookie(response, session, this.config.cookieSecure);
    return {
      accessToken: session.accessToken,
      tokenType: 'Bearer',
      expiresAt: session.expiresAt.toISOString(),
      user: CurrentUserView.from(await this.users.getWithMemberships(session.userId)),
    };
  }

  @LinkSessionAllowed()
  @Authenticated()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Signed out; the session cookie is cleared.' })
  async logout(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.signOut(actor);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.cookieSecure));
  }
}
