import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { ALL_ROLES } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam } from '../infra/http/uuid-param';
import { MyTasksView } from './tasks.dto';
import { TasksService } from './tasks.service';

/** 対応が必要: what waits for the caller, as their landing pages show it. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/my-tasks'))
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Allow(...ALL_ROLES)
  @Get()
  @ApiOkResponse({ type: MyTasksView })
  myTasks(@CurrentActor() actor: OrganizationActor): Promise<MyTasksView> {
    return this.tasks.myTasks(actor);
  }
}
