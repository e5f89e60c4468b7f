import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { ApiInvalidFieldsResponse } from '../infra/http/api-errors';
import { ALL_ROLES, Role } from '../access/role';
import { CycleDeadlinesService } from './cycle-deadlines.service';
import {
  ChangedDeadlinesView,
  CycleDeadlinesRequest,
  CycleView,
  LeftOutProjectView,
  OpenCycleRequest,
  OpenedCycleView,
} from './cycles.dto';
import { CyclesService } from './cycles.service';

/** 年度サイクル: opening and closing each fiscal year's verification. */
@ApiTags('cycles')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/cycles'))
export class CyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly deadlines: CycleDeadlinesService,
  ) {}

  @Allow(...ALL_ROLES)
  @Get()
  @ApiOkResponse({ type: [CycleView] })
  async list(@CurrentActor() actor: OrganizationActor): Promise<CycleView[]> {
    return (await this.cycles.list(actor.organizationId)).map(CycleView.from);
  }

  @Allow(Role.Administrator)
  @Post()
  @ApiCreatedResponse({ type: OpenedCycleView })
  @ApiConflictResponse({ description: 'The year has a cycle already.' })
  @ApiBadRequestResponse({
    description:
      'A due date is wrong (the review due before the reports, or a submission deadline gone by for a year whose ' +
      'verification is not over), or includeEndedProjectIds names a project whose plan does not cover the year.',
  })
  async open(@CurrentActor() actor: OrganizationActor, @Body() body: OpenCycleRequest): Promise<OpenedCycleView> {
    const { cycle, draftsCreated, leftOut } = await this.cycles.open(actor, body);
    return { ...CycleView.from(cycle), draftsCreated, leftOutProjects: leftOut.map(LeftOutProjectView.from) };
  }

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Put(':cycleId/deadlines')
  @ApiOkResponse({
    type: ChangedDeadlinesView,
    description: 'The open year’s deadlines; awaited opinions due on the previous review due date move with it.',
  })
  @ApiInvalidFieldsResponse(
    HttpStatus.BAD_REQUEST,
    'The review is due before the reports, a new review due date has already passed, a new submission deadline has already passed (for a year whose verification is not over), or no `deadlinesChecksum` of the deadlines read.',
  )
  @ApiConflictResponse({
    description:
      'The year is closed, or its deadlines were changed since the ones read (`deadlinesChecksum`; the year now, with its checksum, in `details.current`); nothing was changed.',
  })
  async changeDeadlines(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('cycleId') cycleId: string,
    @Body() body: CycleDeadlinesRequest,
  ): Promise<ChangedDeadlinesView> {
    const { cycle, movedAssignments } = await this.deadlines.change(actor, cycleId, body);
    return { ...CycleView.from(cycle), movedAssignments };
  }

  @Allow(Role.Administrator)
  @Post(':cycleId/close')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: CycleView })
  @ApiConflictResponse({ description: 'The year is closed already.' })
  async close(@CurrentActor() actor: OrganizationActor, @UuidParam('cycleId') cycleId: string): Promise<CycleView> {
    return CycleView.from(await this.cycles.close(actor, cycleId));
  }
}
