import { Body, Controller, Get, HttpStatus, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor, Public } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { clientOf, sessionCookieOptions, setSessionCookie } from '../auth/session-cookie';
import { AppConfig } from '../infra/config/app-config';
import { UuidParam } from '../infra/http/uuid-param';
import { ReviewLinks, ReviewLinkUnusableException, TooManyLinkRequestsException } from '../review-links/review-links';
import { FormBody, text } from './forms';
import { LINK_SESSION_MARKER } from './link-session';
import { reportPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * The page behind an expert's one-click link. Opening the link only shows a button: mail scanners that fetch links
 * start no session. The button posts the token (never in a redirect or a signed-in URL) and starts a session limited
 * to the assignment, set as the sign-in sets its cookie. A dead link says so and offers a fresh one by mail.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class ReviewLinkPagesController {
  constructor(
    private readonly links: ReviewLinks,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
  ) {}

  /** Where an expert lands after declining in a link session; declared before :token, which would match it too. */
  @Public()
  @Get('review-links/answered')
  answered(@Res() response: Response): Promise<void> {
    return this.pages.render(response, 'review-link.njk', { step: 'answered' });
  }

  @Public()
  @Get('review-links/:token')
  async show(@Param('token') token: string, @Res() response: Response): Promise<void> {
    const problem = await this.links.check(token);
    if (problem) return this.unusable(response, token, new ReviewLinkUnusableException(problem));
    return this.pages.render(response, 'review-link.njk', { step: 'open', token });
  }

  @Public()
  @Post('review-links/open')
  async open(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    const token = text(body, 'token');
    try {
      const opened = await this.links.use(token, clientOf(response.req));
      setSessionCookie(response, opened.session, this.config.cookieSecure);
      response.cookie(LINK_SESSION_MARKER, '1', sessionCookieOptions(this.config.cookieSecure));
      return this.pages.redirect(response, reportPath(opened.organizationId, opened.reportId));
    } catch (error) {
      if (!(error instanceof ReviewLinkUnusableException)) throw error;
      return this.unusable(response, token, error);
    }
  }

  /** The same page whatever the link was: only its mailbox learns whether a fresh link went out. */
  @Public()
  @Post('review-links/renew')
  async renew(@Body() body: FormBody, @Res() response: Response): Promise<void> {
    try {
      await this.links.requestFresh(text(body, 'token'), clientOf(response.req));
      return await this.pages.render(response, 'review-link.njk', { step: 'renewal-sent' });
    } catch (error) {
      if (!(error instanceof TooManyLinkRequestsException)) throw error;
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
      return this.pages.render(
        response,
        'review-link.njk',
        { step: 'renewal-throttled', retryMinutes: Math.ceil(error.retryAfterSeconds / 60) },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** The planning division's button on the report page: the expert's links stop working at once. */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Post('o/:organizationId/reports/:reportId/assignments/:assignmentId/revoke-links')
  async revoke(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @UuidParam('assignmentId') assignmentId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.links.revoke(actor, reportId, assignmentId);
    return this.pages.redirect(
      response,
      `${reportPath(actor.organizationId, reportId)}#review-links`,
      'review-links-revoked',
    );
  }

  private unusable(response: Response, token: string, error: ReviewLinkUnusableException): Promise<void> {
    return this.pages.render(
      response,
      'review-link.njk',
      { step: 'unusable', problem: error.problem, token },
      error.getStatus(),
    );
  }
}
