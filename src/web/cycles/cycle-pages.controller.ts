import { Body, ConflictException, Controller, Get, HttpStatus, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { UuidParam } from '../../infra/http/uuid-param';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { CycleView, LeftOutProjectView, OpenCycleRequest } from '../../cycles/cycles.dto';
import { CyclesService } from '../../cycles/cycles.service';
import { CycleStatus } from '../../cycles/fiscal-year-cycle.entity';
import { projectTitle } from '../../projects/project-title';
import { japaneseDate, todayInJapan } from '../../common/dates';
import { Role } from '../../access/role';
import { REPORT_STATUS_LABELS, ReportStatus } from '../../reports/rules/report-status';
import { ReportsService } from '../../reports/reports.service';
import { isConfirmed, renderConfirmation, wentBack } from '../confirmation';
import {
  FormBody,
  formErrors,
  FormState,
  formValues,
  list,
  optional,
  PageError,
  statusOf,
  text,
  validated,
} from '../forms';
import { CONFIRMATIONS } from '../messages/confirmations';
import { cycleClosedNotice, cycleOpenedNotice } from '../messages/notices';
import { organizationPath } from '../navigation';
import { allReports } from '../reports/all-reports';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';

/**
 * What the redirect after opening or closing a year carries back to the page: ?opened=2024&drafts=3&leftOut=1 (the
 * projects left without a draft as ended) or ?closed=2024.
 */
type Outcome = Partial<Record<'opened' | 'drafts' | 'leftOut' | 'closed', string>>;

/** The confirmation page's checkboxes: the ended projects to start a draft for all the same. */
const INCLUDED_FIELD = '/includeEndedProjectIds';

const isCount = (value: string | undefined) => /^\d+$/.test(value ?? '');

/**
 * The confirmation for a redirect's outcome. Only a year the list really has (in the state the step leaves it)
 * is confirmed, so a hand-made link cannot announce a year that was never opened or closed.
 */
function confirmationOf(cycles: CycleView[], outcome: Outcome): string | undefined {
  const opened = cycles.find((cycle) => String(cycle.fiscalYear) === outcome.opened);
  if (opened && isCount(outcome.drafts))
    return cycleOpenedNotice(
      opened.fiscalYear,
      Number(outcome.drafts),
      isCount(outcome.leftOut) ? Number(outcome.leftOut) : 0,
    );
  const closed = cycles.find(
    (cycle) => String(cycle.fiscalYear) === outcome.closed && cycle.status === CycleStatus.Closed,
  );
  return closed ? cycleClosedNotice(closed.fiscalYear) : undefined;
}

/** 年度サイクル: administrators open a fiscal year (a draft for every covering project, a notice to its department) and close it. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.Administrator)
@Controller('o/:organizationId/admin/cycles')
export class CyclePagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly reports: ReportsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  list(@CurrentActor() actor: OrganizationActor, @Query() outcome: Outcome, @Res() response: Response): Promise<void> {
    return this.render(response, actor, { outcome });
  }

  @Post()
  async open(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    // 戻る on the confirmation page: the form as it was typed (the deadlines too), for another look.
    if (wentBack(body)) return this.render(response, actor, { form: new FormState(formValues(body)) });
    let opened: { fiscalYear: number; draftsCreated: number; leftOut: number };
    try {
      const request = await validated(OpenCycleRequest, {
        fiscalYear: text(body, '/fiscalYear'),
        submissionDueDate: text(body, '/submissionDueDate'),
        reviewDueDate: optional(body, '/reviewDueDate') ?? undefined,
        includeEndedProjectIds: list(body, INCLUDED_FIELD),
      });
      // Opening cannot be undone: first what it would do, with the form's values posted again from that page.
      if (!isConfirmed(body)) {
        const preview = await this.cycles.preview(actor, request);
        return await renderConfirmation(this.pages, response, {
          ...CONFIRMATIONS.openCycle({
            fiscalYear: request.fiscalYear,
            submissionDueDate: request.submissionDueDate,
            reviewDueDate: request.reviewDueDate,
            today: todayInJapan(),
            drafts: preview.projects.map(projectTitle),
            departments: preview.departmentsToNotify,
            ended: preview.ended.map((ended) => ({
              ...LeftOutProjectView.from(ended),
              planStartFiscalYear: ended.project.planStartFiscalYear,
              planEndFiscalYear: ended.project.planEndFiscalYear,
            })),
          }),
          choicesField: INCLUDED_FIELD,
          caption: 'システム管理・年度サイクル',
          action: organizationPath(actor.organizationId, 'admin/cycles'),
          back: organizationPath(actor.organizationId, 'admin/cycles'),
          facts: [
            { label: '提出期限', value: japaneseDate(request.submissionDueDate) },
            { label: '意見の期限', value: japaneseDate(request.reviewDueDate) },
          ],
          body,
        });
      }
      const { cycle, draftsCreated, leftOut } = await this.cycles.open(actor, request);
      opened = { fiscalYear: cycle.fiscalYear, draftsCreated, leftOut: leftOut.length };
    } catch (error) {
      // "Already open" names no field: it is about the year typed.
      const errors = formErrors(error)?.map((item) =>
        item.path ? item : { ...item, path: '/fiscalYear', href: '#f-fiscalYear' },
      );
      if (!errors) throw error;
      return this.render(response, actor, { form: new FormState(formValues(body), errors) }, statusOf(error));
    }
    this.pages.redirect(
      response,
      organizationPath(
        actor.organizationId,
        `admin/cycles?opened=${opened.fiscalYear}&drafts=${opened.draftsCreated}&leftOut=${opened.leftOut}`,
      ),
    );
  }

  /** The 終了する button leads here: what closing the year leaves unfinished, and the form that closes it. */
  @Get(':cycleId/close')
  confirmClosing(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('cycleId') cycleId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.close(actor, cycleId, {}, response);
  }

  @Post(':cycleId/close')
  async close(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('cycleId') cycleId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    let fiscalYear: number;
    try {
      if (!isConfirmed(body)) return await this.confirmClose(response, actor, cycleId);
      fiscalYear = (await this.cycles.close(actor, cycleId)).fiscalYear;
    } catch (error) {
      // Closed already (a second click, or another administrator): said at the top, pointing at the year's row.
      const errors = formErrors(error)?.map((item) => ({ ...item, href: `#cycle-${cycleId}` }));
      if (!errors) throw error;
      return this.render(response, actor, { errors }, statusOf(error));
    }
    this.pages.redirect(response, organizationPath(actor.organizationId, `admin/cycles?closed=${fiscalYear}`));
  }

  /** The year's reports not yet published, by state, so the administrator sees what the year leaves unfinished. */
  private async confirmClose(response: Response, actor: OrganizationActor, cycleId: string): Promise<void> {
    const cycle = await this.cycles.get(actor.organizationId, cycleId);
    // The same refusal as closing it (a second tab, another administrator), before any confirmation.
    if (cycle.status === CycleStatus.Closed) throw new ConflictException('The cycle is already closed.');
    const reports = await allReports(this.reports, actor, { fiscalYear: cycle.fiscalYear });
    const unfinished = Object.values(ReportStatus)
      .filter((status) => status !== ReportStatus.Published)
      .map((status) => ({
        label: REPORT_STATUS_LABELS[status],
        count: reports.filter((report) => report.status === status).length,
      }))
      .filter((status) => status.count > 0);
    const cycles = organizationPath(actor.organizationId, 'admin/cycles');
    return renderConfirmation(this.pages, response, {
      ...CONFIRMATIONS.closeCycle({ fiscalYear: cycle.fiscalYear, total: reports.length, unfinished }),
      caption: 'システム管理・年度サイクル',
      action: `${cycles}/${cycle.id}/close`,
      back: cycles,
      facts: [
        { label: '提出期限', value: japaneseDate(cycle.submissionDueDate) },
        { label: 'この年度の報告', value: `${reports.length}件` },
      ],
    });
  }

  private async render(
    response: Response,
    actor: OrganizationActor,
    page: { form?: FormState; errors?: PageError[]; outcome?: Outcome },
    status?: HttpStatus,
  ): Promise<void> {
    const cycles = (await this.cycles.list(actor.organizationId)).map(CycleView.from);
    const form = page.form ?? new FormState();
    const notice = page.outcome ? confirmationOf(cycles, page.outcome) : undefined;
    return this.pages.render(
      response,
      'admin/cycles.njk',
      { cycles, form, errors: page.errors ?? form.errors, ...(notice ? { notice } : {}) },
      status,
    );
  }
}
