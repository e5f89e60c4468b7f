import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { auditActorOf } from '../audit/audit-log';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ALL_ROLES, Role } from '../access/role';
import { DepartmentRequest, DepartmentView, OrganizationView } from './organizations.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller(apiPath('organizations'))
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Allow(...ALL_ROLES)
  @Get(':organizationId')
  async get(@CurrentActor() actor: OrganizationActor): Promise<OrganizationView> {
    return OrganizationView.from(await this.organizations.get(actor.organizationId));
  }

  @Allow(...ALL_ROLES)
  @Get(':organizationId/departments')
  async departments(@CurrentActor() actor: OrganizationActor): Promise<DepartmentView[]> {
    return (await this.organizations.listDepartments(actor.organizationId)).map(DepartmentView.from);
  }

  @Allow(Role.Administrator)
  @Post(':organizationId/departments')
  async createDepartment(@CurrentActor() actor: OrganizationActor, @Body() body: DepartmentRequest): Promise<DepartmentView> {
    return DepartmentView.from(await this.organizations.createDepartment(actor.organizationId, body.name, auditActorOf(actor)));
  }

  @Allow(Role.Administrator)
  @Patch(':organizationId/departments/:departmentId')
  async renameDepartment(
    @CurrentActor() actor: OrganizationActor,
    @Param('departmentId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) departmentId: string,
    @Body() body: DepartmentRequest,
  ): Promise<DepartmentView> {
    return DepartmentView.from(await this.organizations.renameDepartment(actor.organizationId, departmentId, body.name, auditActorOf(actor)));
  }
}
