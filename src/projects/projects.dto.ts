import { Transform } from 'class-transformer';
import { foldedName } from '../common/text';
import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { fiscalYearLabel, yearMonthLabel } from '../common/era-input';
import { FiscalYearInput, KpiValueInput, VersionNumber, YearMonthInput, MaxTextLength } from '../common/input-fields';
import { MAX_NAME_LENGTH, MAX_PROJECT_NUMBER_LENGTH, MAX_TEXT_LENGTH, MAX_UNIT_LENGTH } from '../common/text-limits';
import { KPI_DIRECTION_LABELS } from './kpi-direction';
import { NestedRequest, NotBlank, NotLessThan, Omittable } from '../common/validators';
import { GrantProject } from './grant-project.entity';
import { GrantType } from './grant-type.entity';
import { KpiDefinition } from './kpi-definition.entity';
import { diffDocuments, type FieldChange } from '../common/document-diff';
import { PlanAmendment } from './plan-amendment.entity';
import { KpiDirection } from './kpi-direction';
import { kpisBySlot, MAX_KPIS } from './kpi-label';
import { plannedKpisOf } from './planned-kpi';
import { planPeriodLabel } from './project-title';

/** 指標① = 1 … 指標④ = 4 */
export const KpiPosition = (description = '指標① = 1 … 指標④ = 4') =>
  applyDecorators(
    ApiProperty({ minimum: 1, maximum: MAX_KPIS, description }),
    IsInt({ message: 'position must be 1, 2, 3 or 4' }),
    Min(1, { message: 'position must be 1, 2, 3 or 4' }),
    Max(MAX_KPIS, { message: 'position must be 1, 2, 3 or 4' }),
  );

export class KpiDefinitionRequest {
  @KpiPosition()
  position: number;

  @ApiProperty({ example: '本事業を活用した商談成立数' })
  @IsString()
  @NotBlank()
  @MaxTextLength(MAX_NAME_LENGTH)
  name: string;

  @KpiValueInput('基準値', 0) baseline?: number | null;
  @KpiValueInput('目標値', 120) target?: number | null;

  @ApiPropertyOptional({ example: '件', description: '単位' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_UNIT_LENGTH)
  unit?: string;

  @YearMonthInput({ description: '目標年月, e.g. 2024-03 or R6.3月' })
  targetYearMonth?: string | null;

  @ApiPropertyOptional({ enum: KpiDirection, default: KpiDirection.HigherIsBetter })
  @Omittable()
  @IsEnum(KpiDirection, { message: `direction must be one of: ${Object.values(KpiDirection).join(', ')}` })
  direction?: KpiDirection;
}

export class CreateProjectRequest {
  @ApiProperty({ description: 'Owning department (事業担当課)' })
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId: string;

  @ApiPropertyOptional({
    nullable: true,
    example: '1',
    description: "The municipality's own number (No); full-width 「１」 is stored as 1",
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? foldedName(value) || null : value))
  @IsOptional()
  @IsString()
  @MaxTextLength(MAX_PROJECT_NUMBER_LENGTH)
  projectNumber?: string | null;

  @ApiProperty({ example: 'ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト', description: '①国提出事業名' })
  @IsString()
  @NotBlank()
  @MaxTextLength(MAX_NAME_LENGTH)
  name: string;

  @ApiProperty({ example: 'promotion', description: 'code from GET /api/v1/grant-types' })
  @IsString()
  @MinLength(1, { message: 'grantTypeCode is required' })
  @MaxTextLength(50)
  grantTypeCode: string;

  @FiscalYearInput({ description: '②実施計画期間 start (western fiscal year or 和暦)' })
  planStartFiscalYear: number;

  @FiscalYearInput({ description: '②実施計画期間 end' })
  @NotLessThan('planStartFiscalYear', { message: 'planEndFiscalYear must not be before planStartFiscalYear' })
  planEndFiscalYear: number;

  @ApiPropertyOptional({ description: '③全体概要 (plain text)' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  overview?: string;

  @ApiPropertyOptional({ nullable: true, example: '【北海道共同申請】' })
  @IsOptional()
  @IsString()
  @MaxTextLength(200)
  jointApplicationNote?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['鷹栖町', '東神楽町'] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxTextLength(100, { each: true })
  partnerMunicipalities?: string[];

  @ApiPropertyOptional({ nullable: true, description: '施策' })
  @IsOptional()
  @IsString()
  @MaxTextLength(500)
  policyArea?: string | null;

  @ApiPropertyOptional({ type: [KpiDefinitionRequest], description: 'Up to 4 KPIs (指標①–④); replaces the list' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_KPIS, { message: `kpis may hold at most ${MAX_KPIS} KPIs (指標①–④)` })
  @NestedRequest(() => KpiDefinitionRequest, { each: true })
  kpis?: KpiDefinitionRequest[];

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'true registers the project (or saves the edit) although one registered already looks the same (the same ' +
      'number and name, widths and spaces aside, and a plan period sharing a year); without it such a registration, ' +
      'or an edit of the number, name or plan period into such a project, is refused with 409 naming that project, ' +
      'and nothing is written',
  })
  @Omittable()
  @IsBoolean({ message: 'confirmSimilarProject must be true or false' })
  confirmSimilarProject?: boolean;
}

/** What a likely twin is told by, read as a registration reads it: to look for twins of a form refused otherwise. */
export class ProjectIdentityRequest extends PickType(CreateProjectRequest, [
  'projectNumber',
  'name',
  'planStartFiscalYear',
  'planEndFiscalYear',
] as const) {}

export class PlanAmendmentRequest {
  @FiscalYearInput({ description: '適用年度: reports of this fiscal year and later follow the amended plan' })
  effectiveFiscalYear: number;

  @ApiProperty({ description: '計画変更の理由' })
  @IsString()
  @NotBlank('reason is required (why the plan changes)')
  @MaxTextLength(2000)
  reason: string;
}

export class UpdateProjectRequest extends PartialType(CreateProjectRequest, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version you edited; a stale one gets 409' })
  @VersionNumber('version is required (the version you loaded)')
  version: number;

  @ApiPropertyOptional({
    type: PlanAmendmentRequest,
    description:
      '計画変更: required when targets, KPIs or the plan period change once a report of the project is past draft',
  })
  @Omittable()
  @NestedRequest(() => PlanAmendmentRequest)
  amendment?: PlanAmendmentRequest;
}

export class PlanAmendmentView {
  @ApiProperty() id: string;
  @ApiProperty() effectiveFiscalYear: number;
  @ApiProperty({ example: 'R6年度' }) effectiveFiscalYearLabel: string;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'plan period and KPI definitions, before and after' }) changes: FieldChange[];
  @ApiProperty() amendedBy: string;
  @ApiProperty() amendedAt: string;

  static from(amendment: PlanAmendment): PlanAmendmentView {
    return {
      id: amendment.id,
      effectiveFiscalYear: amendment.effectiveFiscalYear,
      effectiveFiscalYearLabel: fiscalYearLabel(amendment.effectiveFiscalYear),
      reason: amendment.reason,
      changes: amendment.changes,
      amendedBy: amendment.amendedBy,
      amendedAt: amendment.amendedAt.toISOString(),
    };
  }
}

export class KpiDefinitionView {
  @ApiProperty() position: number;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) baseline: number | null;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty() unit: string;
  @ApiProperty({ nullable: true, type: String, example: '2024-03' }) targetYearMonth: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'R6.3月' }) targetYearMonthLabel: string | null;
  @ApiProperty({ enum: KpiDirection }) direction: KpiDirection;
  @ApiProperty() directionLabel: string;

  static from(kpi: KpiDefinition): KpiDefinitionView {
    return {
      position: kpi.position,
      name: kpi.name,
      baseline: kpi.baseline,
      target: kpi.target,
      unit: kpi.unit,
      targetYearMonth: kpi.targetYearMonth,
      targetYearMonthLabel: yearMonthLabel(kpi.targetYearMonth),
      direction: kpi.direction,
      directionLabel: KPI_DIRECTION_LABELS[kpi.direction],
    };
  }
}

export class ProjectView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() departmentId: string;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() name: string;
  @ApiProperty() grantTypeCode: string;
  @ApiProperty({ nullable: true, type: String }) grantTypeLabel: string | null;
  @ApiProperty() planStartFiscalYear: number;
  @ApiProperty() planEndFiscalYear: number;
  @ApiProperty({ example: 'R3年度～R5年度' }) planPeriodLabel: string;
  @ApiProperty() overview: string;
  @ApiProperty({ nullable: true, type: String }) jointApplicationNote: string | null;
  @ApiProperty({ type: [String] }) partnerMunicipalities: string[];
  @ApiProperty({ nullable: true, type: String }) policyArea: string | null;
  @ApiProperty({ type: [KpiDefinitionView] }) kpis: KpiDefinitionView[];
  @ApiProperty() version: number;

  static from(project: GrantProject): ProjectView {
    return {
      id: project.id,
      organizationId: project.organizationId,
      departmentId: project.departmentId,
      departmentName: project.department?.name ?? null,
      projectNumber: project.projectNumber,
      name: project.name,
      grantTypeCode: project.grantTypeCode,
      grantTypeLabel: project.grantType?.label ?? null,
      planStartFiscalYear: project.planStartFiscalYear,
      planEndFiscalYear: project.planEndFiscalYear,
      planPeriodLabel: planPeriodLabel(project),
      overview: project.overview,
      jointApplicationNote: project.jointApplicationNote,
      partnerMunicipalities: project.partnerMunicipalities,
      policyArea: project.policyArea,
      kpis: [...(project.kpis ?? [])].sort((a, b) => a.position - b.position).map(KpiDefinitionView.from),
      version: project.version,
    };
  }
}

export class ProjectUpdateView extends ProjectView {
  @ApiProperty({
    type: [String],
    description:
      'reports open for editing (drafts, and reports being corrected) whose plan copy followed this edit; submitted and published reports keep their year’s plan',
  })
  updatedDraftReportIds: string[];
}

export class GrantTypeView {
  @ApiProperty({ example: 'promotion' }) code: string;
  @ApiProperty({ example: '地方創生推進交付金' }) label: string;

  static from(type: GrantType): GrantTypeView {
    return { code: type.code, label: type.label };
  }
}

/** The editable content of a project, for revisions and the audit log's before/after. */
export function projectDocument(
  project: Omit<GrantProject, 'kpis'> & { kpis?: Omit<KpiDefinition, 'id' | 'projectId' | 'project'>[] },
) {
  return {
    projectNumber: project.projectNumber,
    name: project.name,
    departmentId: project.departmentId,
    grantTypeCode: project.grantTypeCode,
    planStartFiscalYear: project.planStartFiscalYear,
    planEndFiscalYear: project.planEndFiscalYear,
    overview: project.overview,
    jointApplicationNote: project.jointApplicationNote,
    partnerMunicipalities: project.partnerMunicipalities,
    policyArea: project.policyArea,
    kpis: plannedKpisOf(project.kpis),
  };
}

/**
 * A new project as the audit log records an edit: each field it starts with, changed from nothing. Fields it starts
 * without (null) are left out, as an edit never records a field that stays as it was.
 */
export function initialProjectChanges(project: Parameters<typeof projectDocument>[0]): FieldChange[] {
  return diffDocuments({}, projectChangeDocument(project)).filter((change) => change.after !== null);
}

/** A project as its changes are recorded (the audit log, plan amendments, an import's differences): KPIs by slot. */
export function projectChangeDocument(project: Parameters<typeof projectDocument>[0]) {
  const document = projectDocument(project);
  return { ...document, kpis: kpisBySlot(document.kpis) };
}
