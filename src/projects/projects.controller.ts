import { Body, Controller, Get, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { MaxTextLength, PageNumber, PageSize } from '../common/input-fields';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { ListPage } from '../infra/http/list-page';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { ApiInvalidFieldsResponse } from '../infra/http/api-errors';
import { Role } from '../access/role';
import {
  CreateProjectRequest,
  PlanAmendmentView,
  ProjectUpdateView,
  ProjectView,
  UpdateProjectRequest,
} from './projects.dto';
import { PROJECT_PAGE_SIZE, PROJECT_SORTS, type ProjectSort } from './projects.repository';
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
  @ApiPropertyOptional({
    enum: PROJECT_SORTS,
    default: 'start',
    description:
      'start: 計画開始の新しい順; number: No順; name: 事業名順; department: 事業担当課順 (then by No). Ties by name.',
  })
  @IsOptional()
  @IsIn(PROJECT_SORTS, { message: `sort must be one of ${PROJECT_SORTS.join(', ')}` })
  sort?: ProjectSort;
  @PageNumber() page?: number;
  @PageSize(PROJECT_PAGE_SIZE, 100) pageSize?: number;
}

export class ProjectPage extends ListPage {
  @ApiProperty({ type: [ProjectView] }) items: ProjectView[];
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
  @ApiOkResponse({ type: ProjectPage })
  async list(@CurrentActor() actor: OrganizationActor, @Query() query: ProjectListQuery): Promise<ProjectPage> {
    const { departmentId, grantTypeCode, q, sort = 'start', page = 1, pageSize = PROJECT_PAGE_SIZE } = query;
    const [projects, total] = await this.projects.listPage(actor, { departmentId, grantTypeCode, q }, sort, {
      page,
      pageSize,
    });
    return { items: projects.map(ProjectView.from), total, page, pageSize };
  }

  @Post()
  @ApiCreatedResponse({ type: ProjectView })
  @ApiInvalidFieldsResponse(
    HttpStatus.CONFLICT,
    'A project registered already looks the same (its number and name, its plan period overlapping): details name it ' +
      '(at /confirmSimilarProject); nothing was registered. Open that project, or send confirmSimilarProject: true.',
  )
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
  @ApiConflictResponse({
    description:
      'Someone else saved the project since the `version` read (details: `{currentVersion}`, as StaleVersionError), ' +
      'or the edit makes it look like another project registered already (its number and name, its plan period ' +
      'overlapping: details name it at /confirmSimilarProject, as InvalidFieldsError); nothing was saved. Read it ' +
      'again, or open that project, or send confirmSimilarProject: true.',
  })
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
