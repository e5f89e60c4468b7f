import { Body, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { fiscalYearParam } from '../../infra/http/fiscal-year-param';
import { QueryText } from '../../infra/http/query-text';
import { projectTitle } from '../../projects/project-title';
import { AllowAction } from '../../reports/rules/allow-action';
import { ReportAction } from '../../reports/rules/report-workflow';
import { ReportStatus } from '../../reports/rules/report-status';
import { BulkAcceptanceService } from '../../reports/workflow/bulk-acceptance.service';
import { ChangedSinceListedException } from '../../reports/workflow/bulk-changes';
import { BulkAcceptanceRequest } from '../../reports/workflow/workflow.dto';
import { isConfirmed, renderConfirmation, wentBack } from '../confirmation';
import { type FormBody, formErrors, FormState, formValues, list, statusOf, text, validated } from '../forms';
import { CONFIRMATIONS } from '../messages/confirmations';
import { changedSinceListed } from '../messages/error-messages';
import { REPORT_ACTION_LABELS } from '../messages/field-labels';
import { listedReportHint } from '../messages/notices';
import { organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { ReportPages } from '../reports/report-pages';
import { chosenExpertNames, expertChoices, offeringDueDate } from '../reports/report-tab';
import { WebExceptionFilter } from '../web-exception.filter';
import { listedReports, listedValue } from './listed-reports';

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
      const { reportIds, versions, experts, dueDate } = await validated(BulkAcceptanceRequest, {
        ...listedReports(body, '/reportIds'),
        experts: list(body, '/experts'),
        dueDate: text(body, '/dueDate'),
      });
      if (!isConfirmed(body))
        return await this.confirmation(response, actor, fiscalYear, body, { reportIds, versions, experts, dueDate });
      await this.acceptances.accept(actor, fiscalYear, reportIds, { experts, dueDate }, versions);
    } catch (error) {
      // Chosen reports changed since the list showed them: named, and the list shown as it is now to choose again.
      const errors =
        error instanceof ChangedSinceListedException
          ? [{ ...changedSinceListed(error.changed, ReportStatus.Submitted, '受理'), href: '#f-reportIds' }]
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

  /**
   * What will be accepted, and with whom and by when: each chosen report by name and version, refused here already
   * when one changed since the list showed it, as confirming would refuse it.
   */
  private async confirmation(
    response: Response,
    actor: OrganizationActor,
    fiscalYear: number,
    body: FormBody,
    chosen: { reportIds: string[]; versions?: number[]; experts: string[]; dueDate: string },
  ): Promise<void> {
    const [reports, choices] = await Promise.all([
      this.acceptances.stillAcceptable(actor, fiscalYear, chosen.reportIds, chosen.versions),
      this.reportPages.acceptChoices(actor, fiscalYear),
    ]);
    const action = organizationPath(actor.organizationId, `board/acceptance?fiscalYear=${fiscalYear}`);
    return renderConfirmation(this.pages, response, {
      ...CONFIRMATIONS.acceptYear({
        fiscalYear,
        reports: reports.length,
        experts: chosenExpertNames(chosen.experts, choices.experts),
        // As read (和暦 typed as R9.1.20), not as typed.
        dueDate: chosen.dueDate,
      }),
      caption: '企画政策課・年度ボード',
      action,
      back: action,
      facts: reports.map((report) => ({
        label: projectTitle({ projectNumber: report.projectNumber, name: report.projectName }),
        value: `${report.departmentName ?? '—'}・更新番号 ${report.version}の内容で受理し、意見照会を始めます`,
      })),
      body,
    });
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
    // A report chosen at a version it has since left is shown unticked, with a word why.
    const chosenIds = new Set(listedReports(form.values, '/reportIds').reportIds);
    return this.pages.render(
      response,
      'planning/year-acceptance.njk',
      {
        fiscalYear,
        form: offeringDueDate(form, choices.reviewDueDate, choices.today),
        errors: form.errors,
        reportChoices: acceptable.map((report) => ({
          value: listedValue(report),
          text: projectTitle({ projectNumber: report.projectNumber, name: report.projectName }),
          hint: listedReportHint(
            report.departmentName,
            report.version,
            chosenIds.has(report.id) && !form.has('/reportIds', listedValue(report)),
          ),
        })),
        expertChoices: expertChoices(choices),
        action: organizationPath(actor.organizationId, `board/acceptance?fiscalYear=${fiscalYear}`),
        boardHref: organizationPath(actor.organizationId, `board?fiscalYear=${fiscalYear}`),
      },
      status,
    );
  }
}
