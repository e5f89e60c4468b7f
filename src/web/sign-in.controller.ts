import { Body, Controller, Get, HttpStatus, Post, Res, UnauthorizedException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, Authenticated, CurrentActor, LinkSessionAllowed, Public } from '../access/access.decorators';
import { Actor, OrganizationActor } from '../access/actor';
import { SignInRequest } from '../auth/auth.dto';
import { AccountDeactivatedException, AuthService } from '../auth/auth.service';
import { TooManyAttemptsException } from '../auth/login-throttle';
import { clientOf, SESSION_COOKIE, sessionCookieOptions, setSessionCookie } from '../auth/session-cookie';
import { AppConfig } from '../infra/config/app-config';
import { ALL_ROLES, Role } from '../access/role';
import { TasksService } from '../tasks/tasks.service';
import { UsersService } from '../users/users.service';
import { KeptChoicesReader } from './kept-choices-reader';
import { keptText } from './kept-text';
import { LINK_SESSION_MARKER, signedInByLink } from './link-session';
import { FormBody, formErrors, FormState, formValues, optional, PageError, text, validated } from './forms';
import { SIGN_IN_REFUSALS } from './messages/error-messages';
import { localPath, startPageFor } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';
import { QueryText } from '../infra/http/query-text';

/** Sign-in and sign-out with the same session cookie the API sets, and the start page of each organization. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly tasks: TasksService,
    private readonly config: AppConfig,
    private readonly pages: PageRenderer,
    private readonly keptChoices: KeptChoicesReader,
  ) {}

  @Public()
  @Get('sign-in')
  signInPage(@Res() response: Response, @QueryText('next') next: string): Promise<void> {
    return this.pages.render(response, 'sign-in.njk', {
      form: new FormState(),
      next: localPath(next),
      byLink: signedInByLink(response.req),
    });
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
      const session = await this.auth.signIn(credentials.email, credentials.password, clientOf(request));
      setSessionCookie(response, session, this.config.cookieSecure);
      response.clearCookie(LINK_SESSION_MARKER, sessionCookieOptions(this.config.cookieSecure));
      return this.pages.redirect(response, next);
    } catch (error) {
      const refusal = this.signInRefusal(error);
      if (!refusal) throw error;
      if (refusal.retryAfterSeconds) response.setHeader('Retry-After', String(refusal.retryAfterSeconds));
      const values = formValues({ '/email': text(body, '/email') });
      return this.pages.render(
        response,
        'sign-in.njk',
        // A refused form's text the sign-in page carried (see WebExceptionFilter): shown again to copy.
        {
          form: new FormState(values, refusal.errors),
          errors: refusal.errors,
          next,
          kept: keptText(body, {}, '', await this.keptChoices.of(body, next)),
          byLink: signedInByLink(request),
        },
        refusal.status,
      );
    }
  }

  @LinkSessionAllowed()
  @Authenticated()
  @Post('sign-out')
  async signOut(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    await this.auth.signOut(actor);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.cookieSecure));
    // A page that signs out to have another account signed in (an invitation's) names where that sign-in goes on to;
    // one answered signed out (an invitation to an address with no account) names where to go back to.
    const next = optional(body, 'next');
    const back = optional(body, 'back');
    this.pages.redirect(
      response,
      back ? localPath(back) : next ? `/sign-in?next=${encodeURIComponent(localPath(next))}` : '/sign-in',
      'signed-out',
    );
  }

  /** The organizations the user works in; straight on when there is only one, and a page saying so when none. */
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
    // Experts often sit on several municipalities' panels: each organization says how many opinions it awaits.
    const awaited = memberships.some((membership) => membership.role === Role.ExternalExpert)
      ? await this.tasks.opinionsAwaitedFrom(actor.userId)
      : new Map<string, { open: number; overdue: number }>();
    const choices = organizationIds.map((organizationId) => {
      const own = memberships.filter((membership) => membership.organizationId === organizationId);
      return {
        organization: own[0].organization!,
        roles: own.map((membership) => membership.role),
        opinions: own.some((membership) => membership.role === Role.ExternalExpert)
          ? (awaited.get(organizationId) ?? { open: 0, overdue: 0 })
          : null,
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

  private signInRefusal(
    error: unknown,
  ): { errors: PageError[]; status: HttpStatus; retryAfterSeconds?: number } | null {
    if (error instanceof UnauthorizedException)
      return {
        errors: [{ text: SIGN_IN_REFUSALS.wrongCredentials, href: '#f-email', path: '/email' }],
        status: HttpStatus.BAD_REQUEST,
      };
    if (error instanceof AccountDeactivatedException)
      return {
        errors: [
          {
            text: SIGN_IN_REFUSALS.deactivated,
            href: '#f-email',
            path: '/email',
            changed: SIGN_IN_REFUSALS.heading,
          },
        ],
        status: HttpStatus.FORBIDDEN,
      };
    if (error instanceof TooManyAttemptsException) {
      const { retryAfterSeconds } = error.getResponse() as { retryAfterSeconds: number };
      return {
        errors: [
          {
            text: SIGN_IN_REFUSALS.tooManyAttempts(retryAfterSeconds),
            href: '#f-email',
            changed: SIGN_IN_REFUSALS.heading,
          },
        ],
        status: HttpStatus.TOO_MANY_REQUESTS,
        retryAfterSeconds,
      };
    }
    const errors = formErrors(error);
    return errors ? { errors, status: HttpStatus.BAD_REQUEST } : null;
  }
}
