import {
  Body,
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Post,
  Query,
  Res,
  UnauthorizedException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, Authenticated, CurrentActor, Public } from '../access/access.decorators';
import { Actor, OrganizationActor } from '../access/actor';
import { SignInRequest } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { SESSION_COOKIE, sessionCookieOptions } from '../auth/session-cookie';
import { AppConfig } from '../infra/config/app-config';
import { ALL_ROLES } from '../access/role';
import { UsersService } from '../users/users.service';
import { FormBody, formErrors, FormState, formValues, PageError, statusOf, text, validated } from './forms';
import { startPageFor } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';
import { requestIdOf } from '../infra/http/request-id';

/** Only paths of this site: a sign-in link must never send the user elsewhere. */
function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\\]*$/.test(next) ? next : '/';
}

/** Sign-in and sign-out with the same session cookie the API sets, and the start page of each organization. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly pages: PageRenderer,
  ) {}

  @Public()
  @Get('sign-in')
  signInPage(@Res() response: Response, @Query('next') next?: string): Promise<void> {
    return this.pages.render(response, 'sign-in.njk', { form: new FormState(), next: localPath(next) });
  }

  @Public()
  @Post('sign-in')
  async signIn(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    const next = localPath(body.next);
    const request = response.req;
    try {
      const credentials = await validated(SignInRequest, {
        email: text(body, '/email'),
        password: text(body, '/password'),
      });
      const session = await this.auth.signIn(credentials.email, credentials.password, {
        ip: request.ip ?? 'unknown',
        requestId: requestIdOf(request),
        userAgent: request.headers['user-agent'],
      });
      response.cookie(
        SESSION_COOKIE,
        session.accessToken,
        sessionCookieOptions(this.config.cookieSecure, session.expiresAt),
      );
      return this.pages.redirect(response, next);
    } catch (error) {
      const errors = this.signInErrors(error);
      if (!errors) throw error;
      const values = formValues({ '/email': text(body, '/email') });
      return this.pages.render(
        response,
        'sign-in.njk',
        { form: new FormState(values, errors), errors, next },
        HttpStatus.BAD_REQUEST,
      );
    }
  }

  @Authenticated()
  @Post('sign-out')
  async signOut(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    await this.auth.signOut(actor);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.cookieSecure));
    this.pages.redirect(response, '/sign-in', 'signed-out');
  }

  /** The organizations the user works in; straight on when there is only one. */
  @Authenticated()
  @Get()
  async home(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const user = await this.users.getWithMemberships(actor.userId);
    const memberships = user.memberships ?? [];
    const organizationIds = [...new Set(memberships.map((membership) => membership.organizationId))];
    if (organizationIds.length === 1) {
      return response.redirect(
        HttpStatus.SEE_OTHER,
        startPageFor(
          organizationIds[0],
          memberships.map((membership) => membership.role),
        ),
      );
    }
    const choices = organizationIds.map((organizationId) => {
      const own = memberships.filter((membership) => membership.organizationId === organizationId);
      return {
        organization: own[0].organization!,
        roles: own.map((membership) => membership.role),
        href: startPageFor(
          organizationId,
          own.map((membership) => membership.role),
        ),
      };
    });
    return this.pages.render(response, 'organizations.njk', { choices });
  }

  @Allow(...ALL_ROLES)
  @Get('o/:organizationId')
  start(@CurrentActor() actor: OrganizationActor, @Res() response: Response): void {
    response.redirect(HttpStatus.SEE_OTHER, startPageFor(actor.organizationId, actor.roles));
  }

  private signInErrors(error: unknown): PageError[] | null {
    if (error instanceof UnauthorizedException)
      return [{ text: 'メールアドレスまたはパスワードが正しくありません。', href: '#f-email', path: '/email' }];
    if (error instanceof HttpException && statusOf(error) === HttpStatus.TOO_MANY_REQUESTS) {
      const seconds = (error.getResponse() as { retryAfterSeconds?: number }).retryAfterSeconds ?? 60;
      return [
        {
          text: `サインインの失敗が続いたため、一時的に受け付けを止めています。${Math.ceil(seconds / 60)}分ほど待ってからもう一度お試しください。`,
          href: '#f-email',
        },
      ];
    }
    return formErrors(error);
  }
}
