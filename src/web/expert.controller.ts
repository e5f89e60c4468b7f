import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { TasksService } from '../tasks/tasks.service';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/** An external expert's reports: what is assigned to them, by due date, those awaiting their opinion first. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('o/:organizationId')
export class ExpertController {
  constructor(
    private readonly tasks: TasksService,
    private readonly pages: PageRenderer,
  ) {}

  @Allow(Role.ExternalExpert)
  @Get('assignments')
  async assignments(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    const { waiting, others } = await this.tasks.expertTasks(actor);
    return this.pages.render(response, 'assignments.njk', { waiting, others });
  }
}
