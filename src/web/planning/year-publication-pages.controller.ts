import { Body, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { fiscalYearParam } from '../../infra/http/fiscal-year-param';
import { QueryText } from '../../infra/http/query-text';
import { AllowAction } from '../../reports/rules/allow-action';
import { ReportAction } from '../../reports/rules/report-workflow';
import { ReportStatus } from '../../reports/rules/report-status';
import { ChangedSinceListedException } from '../../reports/workflow/bulk-changes';
import { BulkPublicationService } from '../../reports/workflow/bulk-publication.service';
import { BulkPublicationRequest } from '../../reports/workflow/workflow.dto';
import { isConfirmed, renderConfirmation, wentBack } from '../confirmation';
import { type FormBody, type PageError, text, validated } from '../forms';
import { CONFIRMATIONS } from '../messages/confirmations';
import { changedSinceListed } from '../messages/error-messages';
import { organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { projectTitle } from '../../projects/project-title';
import { listedReports, listedValue } from './listed-reports';

/**
 * 一括公表 from the year board: a page listing every decided report of the year that will be published, whose confirmed
 * form publishes them through the same use case as the API (all or nothing).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@AllowAction(ReportAction.Publish)
@Controller('o/:organizationId/board/publication')
export class YearPublicationPagesController {
  constructor(
    private readonly publications: BulkPublicationService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  confirm(
    @CurrentActor() actor: OrganizationActor,
    @QueryText('fiscalYear') fiscalYear: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.confirmation(response, actor, fiscalYearParam(fiscalYear));
  }

  @Post()
  async publish(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const fiscalYear = fiscalYearParam(text(body, '/fiscalYear'));
    const board = organizationPath(actor.organizationId, `board?fiscalYear=${fiscalYear}`);
    // Nothing here was typed: 戻る (which posts the reports listed) leads to the board as it is now.
    if (wentBack(body)) return this.pages.redirect(response, board);
    // A post without the confirmation (a stale page, a forged link) only shows the list as it is now.
    if (!isConfirmed(body)) return this.confirmation(response, actor, fiscalYear);
    const { reportIds, versions } = await validated(BulkPublicationRequest, listedReports(body, '/reportIds'));
    try {
      await this.publications.publish(actor, fiscalYear, reportIds, versions);
    } catch (error) {
      if (!(error instanceof ChangedSinceListedException)) throw error;
      // Reports changed since this list was shown: named, above the list as it is now, to confirm again.
      const refusal = { ...changedSinceListed(error.changed, ReportStatus.Decided, '公表'), href: '#main' };
      return this.confirmation(response, actor, fiscalYear, [refusal]);
    }
    this.pages.redirect(response, board, 'year-published');
  }

  /**
   * The reports as listed here, each at the version shown, are the ones the confirmed form names: anything decided
   * later waits for the next time, and one changed meanwhile refuses the publication.
   */
  private async confirmation(
    response: Response,
    actor: OrganizationActor,
    fiscalYear: number,
    errors: PageError[] = [],
  ): Promise<void> {
    const reports = await this.publications.publishable(actor, fiscalYear);
    const board = organizationPath(actor.organizationId, `board?fiscalYear=${fiscalYear}`);
    const status = errors.length > 0 ? HttpStatus.CONFLICT : HttpStatus.OK;
    // Nothing decided yet, or all published already: a page that says so, not a refusal.
    if (reports.length === 0)
      return this.pages.render(
        response,
        'planning/year-publication-empty.njk',
        { fiscalYear, boardHref: board, errors },
        status,
      );
    const departments = new Set(reports.map((report) => report.departmentName));
    return renderConfirmation(this.pages, response, {
      ...CONFIRMATIONS.publishYear({ fiscalYear, reports: reports.length, departments: departments.size }),
      caption: '企画政策課・年度ボード',
      action: organizationPath(actor.organizationId, 'board/publication'),
      back: board,
      facts: reports.map((report) => ({
        label: projectTitle({ projectNumber: report.projectNumber, name: report.projectName }),
        value: `${report.departmentName ?? '—'}・⑧ 今後の方針: ${report.policyLabel ?? '—'}`,
      })),
      body: { '/fiscalYear': String(fiscalYear), '/reportIds': reports.map(listedValue) },
      errors,
      status,
    });
  }
}
