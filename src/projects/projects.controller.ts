import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Allow, Authenticated, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { Role } from '../access/role';
import { CreateProjectRequest, GrantTypeView, ProjectView, UpdateProjectRequest } from './projects.dto';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

export class ProjectListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'departmentId must be a department id' }) departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) grantTypeCode?: string;
  @ApiPropertyOptional({ description: 'Text search in project names' }) @IsOptional() @IsString() @MaxLength(200) q?: string;
}

/** 国提出事業. Experts read projects through the reports assigned to them, not here. */
@ApiTags('projects')
@ApiBearerAuth()
@Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
@Controller(apiPath('organizations/:organizationId/projects'))
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  async list(@CurrentActor() actor: OrganizationActor, @Query() query: ProjectListQuery): Promise<ProjectView[]> {
    return (await this.projects.list(actor, query)).map(ProjectView.from);
  }

  @Post()
  async create(@CurrentActor() actor: OrganizationActor, @Body() body: CreateProjectRequest): Promise<ProjectView> {
    return ProjectView.from(await this.projects.create(actor, body));
  }

  @Get(':projectId')
  async get(@CurrentActor() actor: OrganizationActor, @Param('projectId', uuid) projectId: string): Promise<ProjectView> {
    return ProjectView.from(await this.projects.get(actor, projectId));
  }

  @Patch(':projectId')
  async update(@CurrentActor() actor: OrganizationActor, @Param('projectId', uuid) projectId: string, @Body() body: UpdateProjectRequest): Promise<ProjectView> {
    return ProjectView.from(await this.projects.update(actor, projectId, body));
  }
}

@ApiTags('projects')
@ApiBearerAuth()
@Controller(apiPath('grant-types'))
export class GrantTypesController {
  constructor(private readonly projects: ProjectsRepository) {}

  /** 交付金の種類 to choose from. */
  @Authenticated()
  @Get()
  async list(): Promise<GrantTypeView[]> {
    return (await this.projects.listGrantTypes()).map(GrantTypeView.from);
  }
}
