import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ALL_ROLES, Role } from '../access/role';
import { CycleView, OpenCycleRequest, OpenedCycleView } from './cycles.dto';
import { CyclesService } from './cycles.service';

/** 年度サイクル: opening and closing each fiscal year's verification. */
@ApiTags('cycles')
@ApiBearerAuth()
@Controller(apiPath('organizations/:organizationId/cycles'))
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @Allow(...ALL_ROLES)
  @Get()
  async list(@CurrentActor() actor: OrganizationActor): Promise<CycleView[]> {
    return (await this.cycles.list(actor.organizationId)).map(CycleView.from);
  }

  @Allow(Role.Administrator)
  @Post()
  @ApiConflictResponse({ description: 'The year has a cycle already.' })
  async open(@CurrentActor() actor: OrganizationActor, @Body() body: OpenCycleRequest): Promise<OpenedCycleView> {
    const { cycle, draftsCreated } = await this.cycles.open(actor, body);
    return { ...CycleView.from(cycle), draftsCreated };
  }

  @Allow(Role.Administrator)
  @Post(':cycleId/close')
  @HttpCode(HttpStatus.OK)
  async close(@CurrentActor() actor: OrganizationActor, @Param('cycleId', new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) cycleId: string): Promise<CycleView> {
    return CycleView.from(await this.cycles.close(actor, cycleId));
  }
}
