import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundInScopeException } from '../../access/access.decorators';
import { type OrganizationActor } from '../../access/actor';
import { ReviewsService } from '../../reports/reviews/reviews.service';
import { type FormBody } from '../forms';
import { keptText } from '../kept-text';
import { REPORT_CLOSED_MESSAGE, REPORT_CLOSED_TITLE } from '../messages/error-messages';
import { startPageFor } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';

/**
 * Errors of a report's pages as every page shows them, but one: an expert who had the report and no longer may open it
 * (declined, taken off, dismissed) follows a link of an earlier mail to their start page, told why, as from the inbox;
 * a form they sent meanwhile (an opinion written while planning dismissed them) is answered with the same reason and
 * what they wrote, to copy. Anyone else keeps the 404, which does not say whether the report exists.
 */
@Catch()
@Injectable()
export class ReportPageExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly pages: PageRenderer,
    private readonly errors: WebExceptionFilter,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const actor = await this.formerReviewer(exception, request);
    if (!actor) return this.errors.catch(exception, host);
    // Not audited as a denial: following a link one was sent is no probe, as opening it from the inbox is none; nor is
    // sending the form of a page one could open when it was shown.
    const startPage = startPageFor(actor.organizationId, actor.roles);
    if (['GET', 'HEAD'].includes(request.method))
      return this.pages.redirect(response, startPage, 'report-no-longer-open');
    await this.pages.render(
      response,
      'error.njk',
      {
        title: REPORT_CLOSED_TITLE,
        message: REPORT_CLOSED_MESSAGE,
        home: startPage,
        kept: keptText(request.body as FormBody | undefined),
      },
      HttpStatus.CONFLICT,
    );
  }

  /** The caller, when the report of the page refused is one they were asked about and that is closed to them since. */
  private async formerReviewer(exception: unknown, request: Request): Promise<OrganizationActor | null> {
    const { actor } = request;
    const reportId = request.params.reportId as string | undefined;
    // Only a report that exists outside the caller's scope: an unknown id costs no lookup.
    if (!(exception instanceof NotFoundInScopeException) || !reportId) return null;
    // A one-click link session is left out: the report is its start page.
    if (!actor?.organizationId || actor.linkScope) return null;
    const caller = { ...actor, organizationId: actor.organizationId };
    return (await this.reviews.noLongerOpen(caller, reportId)) ? caller : null;
  }
}
