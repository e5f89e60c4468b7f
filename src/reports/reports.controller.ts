import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentActor, LinkSessionAllowed } from '../access/access.decorators';
import { AllowAction } from './rules/allow-action';
import { OrganizationActor } from '../access/actor';
import { fiscalYearLabel } from '../common/era-input';
import { REPORT_STATUS_LABELS } from './rules/report-status';
import { apiPath } from '../infra/http/api-path';
import { ListPage } from '../infra/http/list-page';
import { OrdinalParam } from '../infra/http/ordinal-param';
import { ApiUuidParam, UuidParam } from '../infra/http/uuid-param';
import { ALL_ROLES, Role } from '../access/role';
import { ReportStatus } from './rules/report-status';
import { ReportAction } from './rules/report-workflow';
import { FieldChange } from '../common/document-diff';
import { ReportRevision } from './report/report-revision.entity';
import { ReportView } from './report/report-view';
import {
  AcknowledgeWarningsRequest,
  CarryOverBudgetRequest,
  CreateReportRequest,
  DEFAULT_REPORT_PAGE_SIZE,
  DiffQuery,
  FieldChangeView,
  ReportListQuery,
  UpdateReportRequest,
} from './reports.dto';
import { ReportsService } from './reports.service';
import { type ListedReport } from './report/reports.repository';

export class ReportListItem {
  @ApiProperty() id: string;
  @ApiProperty() projectId: string;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() projectName: string;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty() grantTypeCode: string;
  @ApiProperty({ nullable: true, type: String }) grantTypeLabel: string | null;
  @ApiProperty() fiscalYear: number;
  @ApiProperty() fiscalYearLabel: string;
  @ApiProperty({ enum: ReportStatus }) status: ReportStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;

  static from(report: ListedReport): ReportListItem {
    const project = report.project;
    return {
      id: report.id,
      projectId: report.projectId,
      projectNumber: project.projectNumber,
      projectName: project.name,
      departmentName: project.department?.name ?? null,
      grantTypeCode: project.grantTypeCode,
      grantTypeLabel: project.grantType?.label ?? null,
      fiscalYear: report.fiscalYear,
      fiscalYearLabel: fiscalYearLabel(report.fiscalYear),
      status: report.status,
      statusLabel: REPORT_STATUS_LABELS[report.status],
      version: report.version,
      updatedAt: report.updatedAt.toISOString(),
    };
  }
}

export class ReportPage extends ListPage {
  @ApiProperty({ type: [ReportListItem] }) items: ReportListItem[];
}

export class RevisionView {
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String }) changedBy: string | null;
  @ApiProperty() changedAt: string;

  static from(revision: Omit<ReportRevision, 'snapshot'>): RevisionView {
    return { version: revision.version, changedBy: revision.changedBy, changedAt: revision.changedAt.toISOString() };
  }
}

/** 事業実施結果報告. Who sees which report is decided in ReportsRepository.visibleTo; who may change it in the workflow rules. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/reports'))
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Allow(...ALL_ROLES)
  @Get()
  @ApiOkResponse({ type: ReportPage })
  async list(@CurrentActor() actor: OrganizationActor, @Query() query: ReportListQuery): Promise<ReportPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_REPORT_PAGE_SIZE;
    const [reports, total] = await this.reports.list(actor, query, { page, pageSize });
    return { items: reports.map(ReportListItem.from), total, page, pageSize };
  }

  @Allow(Role.ProjectOwner, Role.PlanningDivision, Role.Administrator)
  @Post()
  @ApiCreatedResponse({ type: ReportView })
  @ApiConflictResponse({ description: 'A report for this project and fiscal year already exists.' })
  create(@CurrentActor() actor: OrganizationActor, @Body() body: CreateReportRequest): Promise<ReportView> {
    return this.reports.create(actor, body);
  }

  @LinkSessionAllowed()
  @Allow(...ALL_ROLES)
  @Get(':reportId')
  @ApiOkResponse({ type: ReportView })
  get(@CurrentActor() actor: OrganizationActor, @UuidParam('reportId') reportId: string): Promise<ReportView> {
    return this.reports.get(actor, reportId);
  }

  @AllowAction(ReportAction.Edit)
  @Patch(':reportId')
  @ApiOkResponse({ type: ReportView })
  @ApiConflictResponse({
    description:
      'Stale version (someone else saved first; `details.currentVersion`, and `details.changes` when the fields this save writes changed) or the report is no longer a draft; nothing was saved.',
  })
  update(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: UpdateReportRequest,
  ): Promise<ReportView> {
    return this.reports.update(actor, reportId, body);
  }

  @AllowAction(ReportAction.Edit)
  @Post(':reportId/warnings/acknowledge')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  acknowledge(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: AcknowledgeWarningsRequest,
  ): Promise<ReportView> {
    return this.reports.acknowledgeWarnings(actor, reportId, body);
  }

  /**
   * Starts the draft's empty ④ from the project's latest earlier report — the year before, or the last year reported
   * when the project skipped one — (its published edition, once published): each line's 事業名 and 概要, with results
   * and amounts left for this year. An edit like PATCH.
   */
  @AllowAction(ReportAction.Edit)
  @Post(':reportId/budget-lines/carry-over')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReportView })
  @ApiConflictResponse({
    description:
      'Stale version (`details.currentVersion`), the report is not a draft, ④ has lines already, or the latest earlier report has none; nothing was changed.',
  })
  carryOverBudgetLines(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Body() body: CarryOverBudgetRequest,
  ): Promise<ReportView> {
    return this.reports.carryOverBudgetLines(actor, reportId, body);
  }

  @AllowAction(ReportAction.Delete)
  @Delete(':reportId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Report deleted.' })
  async delete(@CurrentActor() actor: OrganizationActor, @UuidParam('reportId') reportId: string): Promise<void> {
    await this.reports.delete(actor, reportId);
  }

  @Allow(...ALL_ROLES)
  @Get(':reportId/revisions')
  @ApiOkResponse({ type: [RevisionView] })
  async revisions(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
  ): Promise<RevisionView[]> {
    return (await this.reports.revisions(actor, reportId)).map(RevisionView.from);
  }

  @Allow(...ALL_ROLES)
  @Get(':reportId/revisions/diff')
  @ApiOkResponse({ type: [FieldChangeView] })
  diff(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Query() query: DiffQuery,
  ): Promise<FieldChange[]> {
    return this.reports.diff(actor, reportId, query.from, query.to);
  }

  /** 第N版: a published edition exactly as it was published; the report's `editions` lists them. */
  @Allow(...ALL_ROLES)
  @Get(':reportId/editions/:edition')
  @ApiOkResponse({ type: ReportView })
  edition(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @OrdinalParam('edition') edition: number,
  ): Promise<ReportView> {
    return this.reports.edition(actor, reportId, edition);
  }
}
