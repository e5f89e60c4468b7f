import { Body, ConflictException, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { fiscalYearParam } from '../../infra/http/fiscal-year-param';
import { QueryText } from '../../infra/http/query-text';
import { projectTitle } from '../../projects/project-title';
import { ReportsService } from '../../reports/reports.service';
import { AllowAction } from '../../reports/rules/allow-action';
import { ReportAction } from '../../reports/rules/report-workflow';
import { BulkAcceptanceService } from '../../reports/workflow/bulk-acceptance.service';
import { BulkAcceptanceRequest } from '../../reports/workflow/workflow.dto';
import { isConfirmed, renderConfirmation, wentBack } from '../confirmation';
import {
  type FormBody,
  formErrors,
  FormState,
  formValues,
  list,
  type PageError,
  statusOf,
  text,
  validated,
} from '../forms';
import { CONFIRMATIONS } from '../messages/confirmations';
import { notSubmittedMeanwhile } from '../messages/error-messages';
import { REPORT_ACTION_LABELS } from '../messages/field-labels';
import { organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { ReportPages } from '../reports/report-pages';
import { expertChoices, offeringDueDate } from '../reports/report-tab';
import { WebExceptionFilter } from '../web-exception.filter';

/** The form's fields, as the page labels them. */
const LABELS = {
  '/reportIds': REPORT_ACTION_LABELS.acceptedReports,
  '/experts': REPORT_ACTION_LABELS.requestedExperts,
  '/dueDate': REPORT_ACTION_LABELS.dueDate,
};

/**
 * 一括受理 from the year board: the submitted reports of the year to tick, one panel of experts and one due date, then
 * a confirmation page; the confirmed form accepts them through the same use case as the API (all or nothing).
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@AllowAction(ReportAction.Accept)
@Controller('o/:organizationId/board/acceptance')
export class YearAcceptancePagesController {
  constructor(
    private readonly acceptances: BulkAcceptanceService,
    private readonly reports: ReportsService,
    private readonly reportPages: ReportPages,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  show(
    @CurrentActor() actor: OrganizationActor,
    @QueryText('fiscalYear') fiscalYear: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.render(response, actor, fiscalYearParam(fiscalYear), new FormState());
  }

  @Post()
  async accept(
    @CurrentActor() actor: OrganizationActor,
    @QueryText('fiscalYear') requestedYear: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const fiscalYear = fiscalYearParam(requestedYear);
    // 戻る on the confirmation page: the form as it was filled in, for another look.
    if (wentBack(body)) return this.render(response, actor, fiscalYear, new FormState(formValues(body)));
    try {
      const { reportIds, experts, dueDate } = await validated(BulkAcceptanceRequest, {
        reportIds: list(body, '/reportIds'),
        experts: list(body, '/experts'),
        dueDate: text(body, '/dueDate'),
      });
      if (!isConfirmed(body)) return await this.confirmation(response, actor, fiscalYear, body, reportIds, experts);
      await this.acceptances.accept(actor, fiscalYear, reportIds, { experts, dueDate });
    } catch (error) {
      const errors =
        error instanceof ConflictException
          ? await this.notAcceptable(actor, list(body, '/reportIds'), error)
          : formErrors(error, LABELS);
      if (!errors) throw error;
      return this.render(response, actor, fiscalYear, new FormState(formValues(body), errors), statusOf(error));
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, `board?fiscalYear=${fiscalYear}`),
      'year-accepted',
    );
  }

  /** What will be accepted, and with whom and by when: each chosen report by name, as the list shows it now. */
  private async confirmation(
    response: Response,
    actor: OrganizationActor,
    fiscalYear: number,
    body: FormBody,
    reportIds: string[],
    experts: string[],
  ): Promise<void> {
    const [acceptable, choices] = await Promise.all([
      this.acceptances.acceptable(actor, fiscalYear),
      this.reportPages.acceptChoices(actor, fiscalYear),
    ]);
    const chosen = acceptable.filter((report) => reportIds.includes(report.id));
    // Taken meanwhile (accepted or returned by someone else): refused now as confirming would refuse it.
    if (chosen.length < reportIds.length)
      throw new ConflictException({
        message: 'A report chosen is no longer submitted.',
        details: reportIds.flatMap((id, index) =>
          chosen.some((report) => report.id === id) ? [] : [{ path: `/reportIds/${index}`, message: 'not submitted' }],
        ),
      });
    const action = organizationPath(actor.organizationId, `board/acceptance?fiscalYear=${fiscalYear}`);
    return renderConfirmation(this.pages, response, {
      ...CONFIRMATIONS.acceptYear({
        fiscalYear,
        reports: chosen.length,
        experts: experts.map((id) => choices.experts.find((expert) => expert.id === id)?.displayName ?? id),
        dueDate: text(body, '/dueDate'),
      }),
      caption: '企画政策課・年度ボード',
      action,
      back: action,
      facts: chosen.map((report) => ({
        label: projectTitle({ projectNumber: report.projectNumber, name: report.projectName }),
        value: report.departmentName ?? '—',
      })),
      body,
    });
  }

  /** A refusal for reports no longer submitted: each named, since the list shown again no longer has it. */
  private async notAcceptable(
    actor: OrganizationActor,
    reportIds: string[],
    error: ConflictException,
  ): Promise<PageError[]> {
    const paths = formErrors(error)?.map((item) => item.path) ?? [];
    const refused = reportIds.filter((_, index) => paths.includes(`/reportIds/${index}`));
    if (refused.length === 0) return formErrors(error, LABELS) ?? [];
    const titles = await this.reports.titlesOf(actor.organizationId, refused);
    return refused.map((id) => ({
      text: notSubmittedMeanwhile(titles.get(id)?.projectTitle),
      href: '#f-reportIds',
      path: '/reportIds',
    }));
  }

  private async render(
    response: Response,
    actor: OrganizationActor,
    fiscalYear: number,
    form: FormState,
    status: HttpStatus = HttpStatus.OK,
  ): Promise<void> {
    const [acceptable, choices] = await Promise.all([
      this.acceptances.acceptable(actor, fiscalYear),
      this.reportPages.acceptChoices(actor, fiscalYear),
    ]);
    return this.pages.render(
      response,
      'planning/year-acceptance.njk',
      {
        fiscalYear,
        form: offeringDueDate(form, choices.reviewDueDate, choices.today),
        errors: form.errors,
        reportChoices: acceptable.map((report) => ({
          value: report.id,
          text: projectTitle({ projectNumber: report.projectNumber, name: report.projectName }),
          hint: report.departmentName ?? undefined,
        })),
        expertChoices: expertChoices(choices),
        action: organizationPath(actor.organizationId, `board/acceptance?fiscalYear=${fiscalYear}`),
        boardHref: organizationPath(actor.organizationId, `board?fiscalYear=${fiscalYear}`),
      },
      status,
    );
  }
}
