import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { DepartmentRetirementRequest, DepartmentView } from '../organizations/organizations.dto';
import { RetirementPreviewView } from './department-retirement.dto';
import { DepartmentRetirementService } from './department-retirement.service';

@ApiTags('organizations')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations'))
export class DepartmentRetirementController {
  constructor(private readonly retirement: DepartmentRetirementService) {}

  /**
   * What POST would do with the same successor (its projects and owners that move), refused as POST would be: for a
   * client to confirm as the departments page does.
   */
  @Allow(Role.Administrator)
  @Get(':organizationId/departments/:departmentId/retirement')
  @ApiOkResponse({ type: RetirementPreviewView })
  async preview(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('departmentId') departmentId: string,
    @Query() query: DepartmentRetirementRequest,
  ): Promise<RetirementPreviewView> {
    return RetirementPreviewView.from(await this.retirement.preview(actor, departmentId, query.successorId));
  }

  /** 廃止 (統合): the department's projects and owners move to the successor in the same step. */
  @Allow(Role.Administrator)
  @Post(':organizationId/departments/:departmentId/retirement')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DepartmentView })
  async retire(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('departmentId') departmentId: string,
    @Body() body: DepartmentRetirementRequest,
  ): Promise<DepartmentView> {
    return DepartmentView.from(await this.retirement.retire(actor, departmentId, body.successorId));
  }
}
