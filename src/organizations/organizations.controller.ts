import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { auditActorOf } from '../audit/audit-log';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { ALL_ROLES, Role } from '../access/role';
import {
  DepartmentListQuery,
  DepartmentRenameRequest,
  DepartmentRequest,
  DepartmentView,
  OrganizationSettingsRequest,
  OrganizationView,
} from './organizations.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations'))
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Allow(...ALL_ROLES)
  @Get(':organizationId')
  @ApiOkResponse({ type: OrganizationView })
  async get(@CurrentActor() actor: OrganizationActor): Promise<OrganizationView> {
    return OrganizationView.from(await this.organizations.get(actor.organizationId));
  }

  /** The municipality's own settings (administrators). */
  @Allow(Role.Administrator)
  @Patch(':organizationId/settings')
  @ApiOkResponse({ type: OrganizationView })
  @ApiConflictResponse({
    description:
      'The settings were saved since the ones read (`settingsChecksum`; the settings now in `details.settings`, their checksum in `details.settingsChecksum`); nothing was saved.',
  })
  async updateSettings(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: OrganizationSettingsRequest,
  ): Promise<OrganizationView> {
    const { organization } = await this.organizations.updateSettings(actor.organizationId, body, auditActorOf(actor));
    return OrganizationView.from(organization);
  }

  /**
   * By name. Retired departments (廃止) are listed too unless `current=true`, as they always were: a client that offers
   * departments to choose asks for the current ones only.
   */
  @Allow(...ALL_ROLES)
  @Get(':organizationId/departments')
  @ApiOkResponse({ type: [DepartmentView] })
  async departments(
    @CurrentActor() actor: OrganizationActor,
    @Query() query: DepartmentListQuery,
  ): Promise<DepartmentView[]> {
    const departments = query.current
      ? await this.organizations.listCurrentDepartments(actor.organizationId)
      : await this.organizations.listDepartments(actor.organizationId);
    return departments.map(DepartmentView.from);
  }

  @Allow(Role.Administrator)
  @Post(':organizationId/departments')
  @ApiCreatedResponse({ type: DepartmentView })
  async createDepartment(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: DepartmentRequest,
  ): Promise<DepartmentView> {
    return DepartmentView.from(
      await this.organizations.createDepartment(actor.organizationId, body.name, auditActorOf(actor)),
    );
  }

  @Allow(Role.Administrator)
  @Patch(':organizationId/departments/:departmentId')
  @ApiOkResponse({ type: DepartmentView })
  @ApiConflictResponse({
    description:
      'The department was renamed since the one read (`checksum`; its name now in `details.name`, its checksum in `details.checksum`), or another department has the name; nothing was saved.',
  })
  async renameDepartment(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('departmentId') departmentId: string,
    @Body() body: DepartmentRenameRequest,
  ): Promise<DepartmentView> {
    const { department } = await this.organizations.renameDepartment(
      actor.organizationId,
      departmentId,
      body,
      auditActorOf(actor),
    );
    return DepartmentView.from(department);
  }
}
