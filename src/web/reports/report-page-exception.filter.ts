import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundInScopeException } from '../../access/access.decorators';
import { type OrganizationActor } from '../../access/actor';
import { ReviewsService } from '../../reports/reviews/reviews.service';
import { startPageFor } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';

/**
 * Errors of a report's pages as every page shows them, but one: an expert who had the report and no longer may open it
 * (declined, taken off, dismissed) follows a link of an earlier mail to their start page, told why, as from the inbox.
 * Anyone else keeps the 404, which does not say whether the report exists.
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
    const actor = await this.formerReviewer(exception, request);
    if (!actor) return this.errors.catch(exception, host);
    // Not audited as a denial: following a link one was sent is no probe, as opening it from the inbox is none.
    this.pages.redirect(
      host.switchToHttp().getResponse<Response>(),
      startPageFor(actor.organizationId, actor.roles),
      'report-no-longer-open',
    );
  }

  /** The caller, when the report of the page refused is one they were asked about and that is closed to them since. */
  private async formerReviewer(exception: unknown, request: Request): Promise<OrganizationActor | null> {
    const { actor } = request;
    const reportId = request.params.reportId as string | undefined;
    // Only a report that exists outside the caller's scope: an unknown id costs no lookup.
    if (!(exception instanceof NotFoundInScopeException) || request.method !== 'GET' || !reportId) return null;
    // A one-click link session is left out: the report is its start page.
    if (!actor?.organizationId || actor.linkScope) return null;
    const caller = { ...actor, organizationId: actor.organizationId };
    return (await this.reviews.noLongerOpen(caller, reportId)) ? caller : null;
  }
}
