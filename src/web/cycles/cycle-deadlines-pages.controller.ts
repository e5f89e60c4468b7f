import { Body, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { dateInputValue } from '../../common/era-input';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { CycleDeadlinesService, DeadlinesChangedMeanwhileException } from '../../cycles/cycle-deadlines.service';
import { CycleDeadlinesRequest, CycleView } from '../../cycles/cycles.dto';
import { CyclesService } from '../../cycles/cycles.service';
import { UuidParam } from '../../infra/http/uuid-param';
import { FormBody, formErrors, FormState, formValues, optional, statusOf, text, validated } from '../forms';
import { CYCLE_DEADLINES_SAVED_MEANWHILE } from '../messages/error-messages';
import { organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { WebExceptionFilter } from '../web-exception.filter';

/** Where the page shows the deadlines now, which a refused change from an older read is to be compared with. */
const CURRENT_DEADLINES_ANCHOR = 'current-deadlines';

/** 期限の変更: planning or an administrator moves the submission and review due dates of a year under way. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(Role.PlanningDivision, Role.Administrator)
@Controller('o/:organizationId/cycles/:cycleId/deadlines')
export class CycleDeadlinesPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly deadlines: CycleDeadlinesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('cycleId') cycleId: string,
    @Res() response: Response,
  ): Promise<void> {
    const cycle = await this.cycle(actor, cycleId);
    const form = new FormState({
      '/submissionDueDate': dateInputValue(cycle.submissionDueDate),
      '/reviewDueDate': cycle.reviewDueDate ? dateInputValue(cycle.reviewDueDate) : '',
      '/deadlinesChecksum': cycle.deadlinesChecksum,
    });
    return this.render(response, actor, cycle, form);
  }

  @Post()
  async change(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('cycleId') cycleId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    let changed: boolean;
    let request: CycleDeadlinesRequest | null = null;
    try {
      request = await validated(CycleDeadlinesRequest, {
        submissionDueDate: text(body, '/submissionDueDate'),
        reviewDueDate: optional(body, '/reviewDueDate') ?? undefined,
        deadlinesChecksum: text(body, '/deadlinesChecksum'),
      });
      changed = (await this.deadlines.change(actor, cycleId, request)).changed;
    } catch (error) {
      if (error instanceof DeadlinesChangedMeanwhileException && request) {
        // The dates typed stay, now with the checksum of the deadlines changed meanwhile: sending again replaces them.
        const { current } = error;
        const form = new FormState({ ...formValues(body), '/deadlinesChecksum': current.deadlinesChecksum }, [
          { ...CYCLE_DEADLINES_SAVED_MEANWHILE, href: `#${CURRENT_DEADLINES_ANCHOR}` },
        ]);
        const differs = {
          '/submissionDueDate': request.submissionDueDate !== current.submissionDueDate,
          '/reviewDueDate': (request.reviewDueDate ?? null) !== current.reviewDueDate,
        };
        return this.render(response, actor, current, form, HttpStatus.CONFLICT, differs);
      }
      const errors = formErrors(error);
      if (!errors) throw error;
      const cycle = await this.cycle(actor, cycleId);
      return this.render(response, actor, cycle, new FormState(formValues(body), errors), statusOf(error));
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, `cycles/${cycleId}/deadlines`),
      changed ? 'cycle-deadlines-changed' : 'cycle-deadlines-unchanged',
    );
  }

  private async cycle(actor: OrganizationActor, cycleId: string): Promise<CycleView> {
    const cycle = await this.cycles.get(actor.organizationId, cycleId);
    return CycleView.from(cycle);
  }

  private render(
    response: Response,
    actor: OrganizationActor,
    cycle: CycleView,
    form: FormState,
    status = HttpStatus.OK,
    differs: Record<string, boolean> = {},
  ): Promise<void> {
    return this.pages.render(
      response,
      'cycles/deadlines.njk',
      {
        cycle,
        form,
        errors: form.errors,
        // Set when deadlines read before another change were refused: which of those now differ from the dates typed.
        differs,
        currentAnchor: CURRENT_DEADLINES_ANCHOR,
        // Where the person came from: the year's board for planning, the list of years for administrators.
        back: actor.roles.includes(Role.Administrator)
          ? { href: organizationPath(actor.organizationId, 'admin/cycles'), text: '年度サイクルへ戻る' }
          : {
              href: organizationPath(actor.organizationId, `board?fiscalYear=${cycle.fiscalYear}`),
              text: '年度ボードへ戻る',
            },
      },
      status,
    );
  }
}
