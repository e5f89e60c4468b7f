import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { sessionTokenOf } from '../auth/session-cookie';
import { cookieOf } from '../infra/http/plain-cookies';
import { Authenticated, CurrentActor, Public } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { anonymousAuditActor, auditActorOf } from '../audit/audit-log';
import { AppConfig } from '../infra/config/app-config';
import { InvitationUnusableException } from '../invitations/invitation-status';
import { InvitationRegistrationRequest } from '../invitations/invitations.dto';
import { InvitationDetails, InvitationsService } from '../invitations/invitations.service';
import { UsersService } from '../users/users.service';
import { FormBody, formErrors, FormState, formValues, statusOf, text, validated } from './forms';
import { signedInByLink } from './link-session';
import { INVITATION_UNUSABLE_MESSAGES } from './messages/error-messages';
import { startPageFor } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/** Carries the link's token across the sign-in of an existing account, so no signed-in URL has to hold it. */
const INVITATION_COOKIE = 'kpiv_invitation';
const INVITATION_COOKIE_MS = 60 * 60 * 1000;

/** What the invitation page offers: who may answer, and how. */
type Step = 'register' | 'sign-in' | 'respond' | 'wrong-account' | 'department-retired';

/**
 * The page behind the link in an invitation e-mail. A new person names themselves and chooses a password; an
 * existing account signs in on the usual page and comes back to accept; anyone holding the link may decline. Only the
 * link itself carries the token in its URL (the forms post it), so refusals and redirects never write it anywhere.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('invitations')
export class InvitationPagesController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  /** Where an existing account lands after signing in; declared before :token, which would match it too. */
  @Authenticated()
  @Get('respond')
  async respond(@CurrentActor() actor: Actor, @Req() request: Request, @Res() response: Response): Promise<void> {
    const token = cookieOf(request, INVITATION_COOKIE) ?? '';
    try {
      const [details, user] = await Promise.all([this.invitations.openToAccept(token), this.users.get(actor.userId)]);
      if (user.email !== details.invitation.email)
        return await this.render(
          response,
          token,
          details,
          'wrong-account',
          { signedInAs: user.email },
          HttpStatus.FORBIDDEN,
        );
      return await this.render(response, token, details, 'respond', { signedInAs: user.email });
    } catch (error) {
      return this.refuse(response, error, token);
    }
  }

  /**
   * Where a decline lands (post/redirect/get), so that the decline sent again goes here too instead of being refused as
   * answered; it names no invitation, as no URL holds the token. Declared before :token, which would match it too.
   */
  @Public()
  @Get('declined')
  declined(@Res() response: Response): Promise<void> {
    return this.pages.render(response, 'invitation.njk', { step: 'declined' });
  }

  /**
   * Where someone signed in as another account comes back signed out, to join as an invited address with no account:
   * the link's page, its token from the cookie. Declared before :token, which would match it too.
   */
  @Public()
  @Get('open')
  reopen(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.show(cookieOf(request, INVITATION_COOKIE) ?? '', response);
  }

  @Public()
  @Get(':token')
  async show(@Param('token') token: string, @Res() response: Response): Promise<void> {
    try {
      const details = await this.invitations.openToAccept(token);
      const signedIn = Boolean(sessionTokenOf(response.req)) && !signedInByLink(response.req);
      // A deactivated account cannot sign in: its owner sets a name and a new password, as a new person does.
      if (details.account !== 'active' && !signedIn) return await this.render(response, token, details, 'register');
      response.cookie(INVITATION_COOKIE, token, { ...this.cookieOptions(), maxAge: INVITATION_COOKIE_MS });
      // Signed in already (not by an expert's one-click link, which reaches its report only): no sign-in is asked
      // for. The next page accepts as the invited account, or says another account is signed in (also when the
      // address has no account, so that nobody makes one unawares while signed in as themselves); a session ended
      // meanwhile is asked to sign in there, as the link of the sign-in step would.
      if (signedIn) return response.redirect(HttpStatus.SEE_OTHER, '/invitations/respond');
      return await this.render(response, token, details, 'sign-in');
    } catch (error) {
      return this.refuse(response, error, token);
    }
  }

  @Authenticated()
  @Post('accept')
  async accept(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const token = text(body, 'token');
    try {
      const invitation = await this.invitations.accept(token, actor.userId, auditActorOf(actor));
      const memberships = await this.users.membershipsIn(invitation.organizationId, actor.userId);
      response.clearCookie(INVITATION_COOKIE, this.cookieOptions());
      const start = startPageFor(
        invitation.organizationId,
        memberships.map((membership) => membership.role),
      );
      return this.pages.redirect(response, start, 'invitation-accepted');
    } catch (error) {
      return this.refuse(response, error, token);
    }
  }

  @Public()
  @Post('register')
  async register(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    const token = text(body, 'token');
    try {
      const details = await this.invitations.openToAccept(token);
      try {
        const request = await validated(InvitationRegistrationRequest, {
          token,
          displayName: text(body, '/displayName'),
          password: text(body, '/password'),
        });
        const { invitation } = await this.invitations.register(token, request, anonymousAuditActor(response.req));
        const start = startPageFor(
          invitation.organizationId,
          invitation.grants.map((grant) => grant.role),
        );
        return this.pages.redirect(response, `/sign-in?next=${encodeURIComponent(start)}`, 'invitation-registered');
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        const form = new FormState(formValues({ ...body, '/password': '' }), errors);
        return await this.render(response, token, details, 'register', { form, errors }, statusOf(error));
      }
    } catch (error) {
      return this.refuse(response, error, token);
    }
  }

  @Public()
  @Post('decline')
  async decline(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    const token = text(body, 'token');
    try {
      await this.invitations.decline(token, anonymousAuditActor(response.req));
      response.clearCookie(INVITATION_COOKIE, this.cookieOptions());
      return this.pages.redirect(response, '/invitations/declined');
    } catch (error) {
      return this.refuse(response, error);
    }
  }

  private render(
    response: Response,
    token: string,
    details: InvitationDetails,
    step: Step,
    extra: Record<string, unknown> = {},
    status: HttpStatus = HttpStatus.OK,
  ): Promise<void> {
    return this.pages.render(
      response,
      'invitation.njk',
      { token, details, step, form: new FormState(), ...extra },
      status,
    );
  }

  /**
   * A dead link gets its own explanation; anything else goes to the error page. One that cannot be accepted, its
   * department retired with no successor (`token`: the link's, found on opening it or while its page was open), shows
   * what it offered, why, and its decline, so that it does not stay open on the organization's list.
   */
  private async refuse(response: Response, error: unknown, token?: string): Promise<void> {
    if (!(error instanceof InvitationUnusableException)) throw error;
    const message = INVITATION_UNUSABLE_MESSAGES[error.reason];
    if (error.reason === 'department_retired' && token) {
      let details: InvitationDetails;
      try {
        details = await this.invitations.open(token);
      } catch (meanwhile) {
        return this.refuse(response, meanwhile);
      }
      return this.render(response, token, details, 'department-retired', { message }, HttpStatus.GONE);
    }
    return this.pages.render(
      response,
      'invitation.njk',
      { step: 'unusable', reason: error.reason, message },
      error.getStatus(),
    );
  }

  private cookieOptions(): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: '/invitations',
    };
  }
}
