import { formerMemberName } from '../../users/audit-log-people';
import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { fiscalYearInJapan } from '../../common/dates';
import { parseFiscalYearInput } from '../../common/era-input';
import { formatFiscalYear } from '../../common/japanese-era';
import { textOf } from '../../common/text';
import { CyclesService } from '../../cycles/cycles.service';
import { apiPath } from '../../infra/http/api-path';
import { ExpertStatisticsView } from '../../reports/reviews/reviews.dto';
import { ReviewsService } from '../../reports/reviews/reviews.service';
import { FormState, type PageError } from '../forms';
import { queryStatus } from '../list-query';
import { FISCAL_YEAR_NOT_LISTED } from '../messages/error-messages';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';

/**
 * 外部有識者の一覧: every expert of the organization with how they have answered its requests, in one fiscal year or
 * in all, for the planning division choosing whom to ask.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.PlanningDivision, Role.Administrator)
@Controller('o/:organizationId/experts')
export class ExpertsPageController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly cycles: CyclesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: OrganizationActor,
    @Query() query: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const requested = textOf(query.fiscalYear).trim();
    const parsed = requested ? parseFiscalYearInput(requested) : null;
    const errors: PageError[] =
      requested && parsed === null
        ? [{ text: FISCAL_YEAR_NOT_LISTED, href: '#f-fiscalYear', path: '/fiscalYear' }]
        : [];
    const years = new Set([
      fiscalYearInJapan(),
      ...(await this.cycles.list(actor.organizationId)).map((cycle) => cycle.fiscalYear),
      ...(await this.reviews.fiscalYearsAsked(actor)),
      ...(parsed ? [parsed] : []),
    ]);
    const experts = (await this.reviews.expertStatistics(actor, parsed ?? undefined)).map((statistics) => ({
      ...ExpertStatisticsView.from(statistics),
      // Named as the audit log names people who have left: their opinions of the period stay counted.
      displayName: statistics.formerMember ? formerMemberName(statistics.displayName) : statistics.displayName,
    }));
    const query_ = parsed ? `?fiscalYear=${parsed}` : '';
    return this.pages.render(
      response,
      'experts/list.njk',
      {
        fiscalYear: parsed,
        periodLabel: parsed ? formatFiscalYear(parsed) : '全期間',
        form: new FormState({ '/fiscalYear': parsed ? String(parsed) : '' }, errors),
        errors,
        yearChoices: [...years]
          .sort((a, b) => b - a)
          .map((fiscalYear) => ({ value: String(fiscalYear), text: formatFiscalYear(fiscalYear) })),
        experts,
        apiHref: `/${apiPath(`organizations/${actor.organizationId}/expert-statistics`)}${query_}`,
      },
      queryStatus(errors),
    );
  }
}
