import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { MaxTextLength } from '../common/input-fields';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { ApiStaleVersionResponse } from '../infra/http/api-errors';
import { Role } from '../access/role';
import {
  CreateProjectRequest,
  PlanAmendmentView,
  ProjectUpdateView,
  ProjectView,
  UpdateProjectRequest,
} from './projects.dto';
import { ProjectsService } from './projects.service';

export class ProjectListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxTextLength(50) grantTypeCode?: string;
  @ApiPropertyOptional({
    description:
      'Words all in the project name (split at spaces; full- and half-width forms alike), or a project number (exactly, with or without "No.")',
  })
  @IsOptional()
  @IsString()
  @MaxTextLength(200)
  q?: string;
}

/** 国提出事業. Experts read projects through the reports assigned to them, not here. */
@ApiTags('projects')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
@Controller(apiPath('organizations/:organizationId/projects'))
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOkResponse({ type: [ProjectView] })
  async list(@CurrentActor() actor: OrganizationActor, @Query() query: ProjectListQuery): Promise<ProjectView[]> {
    return (await this.projects.list(actor, query)).map(ProjectView.from);
  }

  @Post()
  @ApiCreatedResponse({ type: ProjectView })
  async create(@CurrentActor() actor: OrganizationActor, @Body() body: CreateProjectRequest): Promise<ProjectView> {
    return ProjectView.from(await this.projects.create(actor, body));
  }

  @Get(':projectId')
  @ApiOkResponse({ type: ProjectView })
  async get(@CurrentActor() actor: OrganizationActor, @UuidParam('projectId') projectId: string): Promise<ProjectView> {
    return ProjectView.from(await this.projects.get(actor, projectId));
  }

  @Patch(':projectId')
  @ApiOkResponse({ type: ProjectUpdateView })
  @ApiStaleVersionResponse('Someone else saved the project since the `version` read; nothing was saved.')
  async update(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('projectId') projectId: string,
    @Body() body: UpdateProjectRequest,
  ): Promise<ProjectUpdateView> {
    const { project, updatedDraftReportIds } = await this.projects.update(actor, projectId, body);
    return { ...ProjectView.from(project), updatedDraftReportIds };
  }

  /** 計画変更の履歴, newest first. */
  @Get(':projectId/amendments')
  @ApiOkResponse({ type: [PlanAmendmentView] })
  async amendments(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('projectId') projectId: string,
  ): Promise<PlanAmendmentView[]> {
    return (await this.projects.amendmentsOf(actor, projectId)).map(PlanAmendmentView.from);
  }
}
