import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ClassConstructor, plainToInstance, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { FieldChange } from '../common/document-diff';
import { DateInput, MaxTextLength } from '../common/input-fields';
import { NestedRequest, Omittable } from '../common/validators';
import { KpiDirection } from '../projects/kpi-direction';
import { EffectLevel, PanelRating, PolicyDecision } from '../reports/report/assessment';
import { YearlyActual } from '../reports/report/kpi-result.entity';
import { BudgetLineView } from '../reports/report/report-view';
import { ReportStatus } from '../reports/rules/report-status';
import { ImportLayout, ImportMode, ProjectChoiceKind } from './import-model';

/** Pasted text of up to a few hundred reports; larger files go through the upload. */
export const MAX_PASTED_CHARACTERS = 2_000_000;
/** A report workbook is well under 1 MB; 5 MB leaves room for pictures and stops a hostile upload early. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const CHECKSUM = /^[0-9a-f]{64}$/;
export const MAX_PROJECT_CHOICES = 5000;

/**
 * A multipart form sends a list as JSON text: parsed into instances of `type` (the transformer runs this after its own
 * step, which leaves text alone). What does not parse is left for the validators to name.
 */
function jsonListOf<T>(type: ClassConstructor<T>) {
  return ({ value }: { value: unknown }): unknown => {
    if (typeof value !== 'string') return value;
    if (value.trim() === '') return undefined;
    try {
      const parsed = JSON.parse(value) as unknown;
      return Array.isArray(parsed) ? plainToInstance(type, parsed as object[]) : parsed;
    } catch {
      return value;
    }
  };
}

/** For a report whose name is close to a stored project's (its `candidate` in the dry run): link to it, or a new project. */
export class ProjectChoiceRequest {
  @ApiProperty({ description: 'reports[].index of the dry run' })
  @IsInt({ message: 'reportIndex must be the index of a report of the dry run' })
  @Min(0, { message: 'reportIndex must be the index of a report of the dry run' })
  reportIndex: number;

  @ApiProperty({
    enum: ProjectChoiceKind,
    description: 'link: the report joins the proposed stored project (its name stays); new: a new project is created',
  })
  @IsEnum(ProjectChoiceKind, { message: `choice must be one of: ${Object.values(ProjectChoiceKind).join(', ')}` })
  choice: ProjectChoiceKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'for link: candidate.projectId of the dry run' })
  @ValidateIf((request: ProjectChoiceRequest) => request.choice === ProjectChoiceKind.Link)
  @IsUUID('all', { message: 'projectId must be the candidate.projectId of the dry run' })
  projectId?: string;
}

/** The department (事業担当課) of the new project of one report of the dry run. */
export class ProjectDepartmentRequest {
  @ApiProperty({ description: 'reports[].index of the dry run' })
  @IsInt({ message: 'reportIndex must be the index of a report of the dry run' })
  @Min(0, { message: 'reportIndex must be the index of a report of the dry run' })
  reportIndex: number;

  @ApiProperty({ format: 'uuid', description: 'a department of the organization (an owner: their own)' })
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId: string;
}

/** How the file is read and where it lands; the same for the dry run and the confirmation. */
export class ImportOptionsRequest {
  @ApiProperty({
    description:
      'Owning department (事業担当課) of new projects, unless projectDepartments or the sheet says otherwise',
  })
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId: string;

  @ApiPropertyOptional({
    enum: ImportMode,
    default: ImportMode.Draft,
    description:
      'draft: 作成中 reports of the department; published: past years loaded as 公表済 history (administrators only)',
  })
  @IsOptional()
  @IsEnum(ImportMode, { message: `mode must be one of: ${Object.values(ImportMode).join(', ')}` })
  mode?: ImportMode;

  @DateInput({
    optional: true,
    example: '2023-09-29',
    description:
      'For mode published (required there): the day the reports were originally published (公表日), shown as their publication date; not in the future',
  })
  publishedOn?: string;

  @ApiPropertyOptional({ enum: ImportLayout, default: ImportLayout.Auto })
  @IsOptional()
  @IsEnum(ImportLayout, { message: `layout must be one of: ${Object.values(ImportLayout).join(', ')}` })
  layout?: ImportLayout;

  @ApiPropertyOptional({
    default: 'promotion',
    description: 'Grant type of new projects when the file does not name one (GET /api/v1/grant-types)',
  })
  @IsOptional()
  @IsString()
  @MaxTextLength(50)
  grantTypeCode?: string;

  @ApiPropertyOptional({
    type: [ProjectChoiceRequest],
    description:
      'One per report the dry run proposes a stored project for (reports[].candidate); the checksum covers them. ' +
      'In a multipart form: the list as JSON text.',
  })
  @Omittable()
  @Transform(jsonListOf(ProjectChoiceRequest))
  @IsArray({ message: 'projectChoices must be a list of { reportIndex, choice, projectId }' })
  @ArrayMaxSize(MAX_PROJECT_CHOICES)
  @NestedRequest(() => ProjectChoiceRequest, {
    each: true,
    message: 'each of projectChoices must be an object { reportIndex, choice, projectId }',
  })
  projectChoices?: ProjectChoiceRequest[];

  @ApiPropertyOptional({
    type: [ProjectDepartmentRequest],
    description:
      'The department of the new project of a report, where it is not departmentId nor the 担当課 the sheet names; ' +
      'a stored project keeps its own. In a multipart form: the list as JSON text.',
  })
  @Omittable()
  @Transform(jsonListOf(ProjectDepartmentRequest))
  @IsArray({ message: 'projectDepartments must be a list of { reportIndex, departmentId }' })
  @ArrayMaxSize(MAX_PROJECT_CHOICES)
  @NestedRequest(() => ProjectDepartmentRequest, {
    each: true,
    message: 'each of projectDepartments must be an object { reportIndex, departmentId }',
  })
  projectDepartments?: ProjectDepartmentRequest[];
}

export class PastedImportRequest extends ImportOptionsRequest {
  @ApiProperty({ description: 'Cells as copied from Excel: tab-separated, one row per line' })
  @IsString()
  @MinLength(1, { message: 'text is required (paste the sheet)' })
  @MaxTextLength(MAX_PASTED_CHARACTERS, {
    message: `text is too long (at most ${MAX_PASTED_CHARACTERS} characters); upload the file instead`,
  })
  text: string;

  @ApiPropertyOptional({
    example: '旭川市R4事業実施結果報告.xlsx から貼り付け',
    description: 'Named in the audit log as the source',
  })
  @IsOptional()
  @IsString()
  @MaxTextLength(200)
  sourceName?: string;
}

export class ConfirmPastedImportRequest extends PastedImportRequest {
  @ApiProperty({ description: 'The checksum the dry run returned for this text' })
  @Matches(CHECKSUM, { message: 'checksum must be the 64-character checksum from the dry run' })
  checksum: string;
}

export class ConfirmUploadRequest extends ImportOptionsRequest {
  @ApiProperty({ description: 'The checksum the dry run returned for this file' })
  @Matches(CHECKSUM, { message: 'checksum must be the 64-character checksum from the dry run' })
  checksum: string;
}

/** OpenAPI schema of the multipart forms (the file arrives through multer, the fields as strings). */
export function uploadSchema(withChecksum: boolean) {
  return {
    type: 'object',
    required: ['file', 'departmentId', ...(withChecksum ? ['checksum'] : [])],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description: '.xlsx workbook, or tab-separated text (UTF-8 or Shift_JIS)',
      },
      departmentId: { type: 'string', format: 'uuid' },
      mode: { type: 'string', enum: Object.values(ImportMode) },
      publishedOn: { type: 'string', format: 'date', description: '公表日, required for mode published' },
      layout: { type: 'string', enum: Object.values(ImportLayout) },
      grantTypeCode: { type: 'string' },
      projectDepartments: {
        type: 'string',
        description: 'JSON list of { reportIndex, departmentId }',
      },
      projectChoices: {
        type: 'string',
        description: 'JSON list of { reportIndex, choice: "link" | "new", projectId }',
        example: '[{"reportIndex":0,"choice":"link","projectId":"…"}]',
      },
      ...(withChecksum ? { checksum: { type: 'string', pattern: CHECKSUM.source } } : {}),
    },
  };
}

export class ImportIssueView {
  @ApiProperty({ enum: ['error', 'warning'] }) severity: 'error' | 'warning';
  @ApiProperty({ example: 'total_mismatch' }) code: string;
  @ApiProperty({
    example: '/reports/0/typedTotals/actualAmount',
    description: 'JSON-pointer-like path into this result',
  })
  path: string;
  @ApiProperty({
    description: 'in Japanese, as the sheet it describes: what is wrong and what to do',
    example: '②実施計画期間が空欄です。「R2年度～R6年度」のように入力してください。',
  })
  message: string;
  @ApiPropertyOptional({ example: '12行目' }) location?: string;
  @ApiPropertyOptional({ description: 'the cell text as read' }) raw?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'what the message lists, one item each',
    example: ['⑤指標①の目標値 当時 27 / 現在 32'],
  })
  details?: string[];
}

export class ImportedKpiView {
  @ApiProperty() position: number;
  @ApiProperty({ example: '指標①' }) label: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) baseline: number | null;
  @ApiProperty({ nullable: true, type: Number }) target: number | null;
  @ApiProperty() unit: string;
  @ApiProperty({ nullable: true, type: String, example: '2024-03' }) targetYearMonth: string | null;
  @ApiProperty({ enum: KpiDirection }) direction: KpiDirection;
}

export class ImportedKpiResultView {
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, type: Number }) latestValue: number | null;
  @ApiProperty({ nullable: true, type: String, example: '2023-06' }) latestAsOf: string | null;
  @ApiProperty({ description: '【参考値】' }) isReference: boolean;
  @ApiProperty() yearlyActuals: YearlyActual[];
  @ApiProperty({
    type: [Number],
    description: 'years of yearlyActuals a draft takes from the published record, the file giving none',
  })
  carriedYears: number[];
}

export class ImportedProjectView {
  @ApiProperty({
    enum: ['create', 'link'],
    description: 'create a project, or link the report to a stored one (never changed)',
  })
  action: 'create' | 'link';
  @ApiProperty({ nullable: true, type: String }) projectId: string | null;
  @ApiProperty({
    description:
      'its department (事業担当課): a stored project keeps its own; a new one the one chosen for the report (projectDepartments), else the one the sheet names as 担当課, else departmentId',
  })
  departmentId: string;
  @ApiProperty({ nullable: true, type: String, description: 'the 担当課 the sheet names' })
  departmentNameInFile: string | null;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() name: string;
  @ApiProperty() grantTypeCode: string;
  @ApiProperty({ nullable: true, type: Number }) planStartFiscalYear: number | null;
  @ApiProperty({ nullable: true, type: Number }) planEndFiscalYear: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'R3年度～R5年度' }) planPeriodLabel: string | null;
  @ApiProperty() overview: string;
  @ApiProperty({ nullable: true, type: String }) jointApplicationNote: string | null;
  @ApiProperty({ type: [ImportedKpiView] }) kpis: ImportedKpiView[];
  @ApiProperty({
    description:
      "for a stored project: where this report's year differs; kept in the report's plan copy, the project stays",
  })
  changes: FieldChange[];
}

export class TextRangeView {
  @ApiProperty({ description: 'UTF-16 offset of the first character, as String.prototype.slice takes it' })
  start: number;
  @ApiProperty({ description: 'offset after the last character' }) end: number;
}

export class NameDifferencesView {
  @ApiProperty({ type: [TextRangeView], description: 'characters of the stored name the file does not have' })
  inName: TextRangeView[];
  @ApiProperty({ type: [TextRangeView], description: "characters of the file's name the stored one does not have" })
  inNameInFile: TextRangeView[];
}

export class StoredYearReportView {
  @ApiProperty({ enum: ReportStatus }) status: ReportStatus;
  @ApiProperty({ example: '公表済' }) statusLabel: string;
  @ApiProperty({ description: '①事業名 as that report writes it' }) name: string;
}

export class ProjectCandidateView {
  @ApiProperty({ description: 'the stored project proposed; send it as projectId of a link choice' }) projectId: string;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty({ description: 'the stored name (a link keeps it)' }) name: string;
  @ApiProperty({ description: "the name as this year's report writes it (a link keeps it in the report)" })
  nameInFile: string;
  @ApiProperty({
    example: 0.97,
    description: '1 − edit distance / length of the longer name (spacing and width aside)',
  })
  similarity: number;
  @ApiProperty() sameProjectNumber: boolean;
  @ApiProperty({ type: NameDifferencesView }) differences: NameDifferencesView;
  @ApiProperty({
    enum: ProjectChoiceKind,
    nullable: true,
    description: 'the choice sent with this request; null: the import cannot be confirmed until one is made',
  })
  choice: ProjectChoiceKind | null;
  @ApiProperty({
    type: StoredYearReportView,
    nullable: true,
    description:
      "the stored project's report of this report's year: linking is then refused as a duplicate, a new project would make a second report of the year",
  })
  reportOfYear: StoredYearReportView | null;
}

export class ImportedReportView {
  @ApiProperty() index: number;
  @ApiProperty({ example: '3行目' }) location: string;
  @ApiProperty({ nullable: true, type: String, description: '【…】 section of a KPI table' }) section: string | null;
  @ApiProperty({ nullable: true, type: Number }) fiscalYear: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'R4年度' }) fiscalYearLabel: string | null;
  @ApiProperty({ enum: ReportStatus, description: 'the state it lands in' }) status: ReportStatus;
  @ApiProperty({ description: 'the file marks it (案)' }) markedDraft: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'the year of the plan the file states' }) statedPlanYear:
    number | null;
  @ApiProperty({ nullable: true, type: String, example: '2年度目' }) planYearLabel: string | null;
  @ApiProperty({ type: ImportedProjectView }) project: ImportedProjectView;
  @ApiProperty({
    type: ProjectCandidateView,
    nullable: true,
    description: 'a stored project whose name is close to the one in the file: choose link or new (projectChoices)',
  })
  candidate: ProjectCandidateView | null;
  @ApiProperty({ nullable: true, type: String }) actualAsOf: string | null;
  @ApiProperty({ type: [BudgetLineView] }) budgetLines: BudgetLineView[];
  @ApiProperty({ description: '④ 合計 as printed' }) typedTotals: Record<string, number | null>;
  @ApiProperty({ description: '④ 合計 computed from the lines' }) computedTotals: Record<string, number>;
  @ApiProperty({ type: [ImportedKpiResultView] }) kpiResults: ImportedKpiResultView[];
  @ApiProperty({ enum: EffectLevel, nullable: true }) effectLevel: EffectLevel | null;
  @ApiProperty({ nullable: true, type: String }) effectLevelLabel: string | null;
  @ApiProperty() effectNarrative: string;
  @ApiProperty({ enum: PanelRating, nullable: true }) panelRating: PanelRating | null;
  @ApiProperty({ nullable: true, type: String }) panelRatingLabel: string | null;
  @ApiProperty() panelOpinion: string;
  @ApiProperty({ enum: PolicyDecision, nullable: true }) policyDecision: PolicyDecision | null;
  @ApiProperty({ nullable: true, type: String }) policyLabel: string | null;
  @ApiProperty() policyReason: string;
  @ApiProperty({ type: [ImportIssueView] }) errors: ImportIssueView[];
  @ApiProperty({ type: [ImportIssueView] }) warnings: ImportIssueView[];
}

export class GrantTypeChoiceView {
  @ApiProperty({ example: 'promotion' }) code: string;
  @ApiProperty({ example: '地方創生推進交付金' }) label: string;
}

export class DryRunView {
  @ApiProperty({
    description:
      'SHA-256 of the file (or pasted text, UTF-8), combined with the projectChoices, publishedOn and a grantTypeCode other than the default when there are any; send it back with the same settings to confirm',
  })
  checksum: string;
  @ApiProperty() sourceName: string;
  @ApiProperty({ enum: [ImportLayout.ResultReport, ImportLayout.KpiTable], nullable: true })
  layout: ImportLayout | null;
  @ApiProperty({ enum: ImportMode }) mode: ImportMode;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'published: the 公表日 the reports will carry; draft: null',
  })
  publishedOn: string | null;
  @ApiProperty({
    type: GrantTypeChoiceView,
    description: 'the grant type new projects get where the file names none (grantTypeCode, else the default)',
  })
  newProjectGrantType: GrantTypeChoiceView;
  @ApiProperty({ description: 'true when nothing is in error: confirming would write every report' })
  canConfirm: boolean;
  @ApiProperty() counts: {
    reports: number;
    newProjects: number;
    /** Stored projects the reports are linked to (an import never changes them). */
    linkedProjects: number;
    errors: number;
    warnings: number;
  };
  @ApiProperty({ type: [ImportedReportView] }) reports: ImportedReportView[];
  @ApiProperty({ type: [ImportIssueView], description: 'issues of the file as a whole' }) errors: ImportIssueView[];
  @ApiProperty({ type: [ImportIssueView] }) warnings: ImportIssueView[];
}

export class ImportedReportRef {
  @ApiProperty() index: number;
  @ApiProperty() reportId: string;
  @ApiProperty() projectId: string;
  @ApiProperty() projectName: string;
  @ApiProperty() projectCreated: boolean;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ enum: ReportStatus }) status: ReportStatus;
}

export class ImportResultView {
  @ApiProperty() checksum: string;
  @ApiProperty() sourceName: string;
  @ApiProperty({ enum: ImportMode }) mode: ImportMode;
  @ApiProperty({ type: [ImportedReportRef] }) reports: ImportedReportRef[];
  @ApiProperty({ type: [ImportIssueView], description: 'the warnings accepted with the import' })
  warnings: ImportIssueView[];
}
