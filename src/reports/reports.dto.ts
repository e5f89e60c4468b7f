import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
} from 'class-validator';
import { FieldChange } from '../common/document-diff';
import {
  FiscalYearInput,
  KpiValueInput,
  notANumber,
  NumberInput,
  PageNumber,
  PageSize,
  VersionNumber,
  YearMonthInput,
  MaxTextLength,
} from '../common/input-fields';
import { MAX_AMOUNT } from '../common/number-input';
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '../common/text-limits';
import { NestedRequest, NotGreaterThan, Omittable } from '../common/validators';
import { KpiPosition } from '../projects/projects.dto';
import { ReportStatus } from './rules/report-status';
import { EffectLevel } from './report/assessment';
import { AssessmentOptionKey } from './report/assessment-option-key';

/** 千円 amounts: non-negative integers up to MAX_AMOUNT; "9,048" is accepted as pasted from Excel. */
function Amount(label: string) {
  return applyDecorators(
    ApiPropertyOptional({
      type: Number,
      nullable: true,
      description: `${label} (千円, integer)`,
      minimum: 0,
      maximum: MAX_AMOUNT,
    }),
    NumberInput(),
    IsOptional(),
    IsInt({ message: notANumber('a whole number of 千円') }),
    Min(0, { message: ({ property }) => `${property} must not be negative` }),
    Max(MAX_AMOUNT, { message: ({ property }) => `${property} is too large` }),
  );
}

export class CreateReportRequest {
  @ApiProperty()
  @IsUUID('all', { message: 'projectId must be a project id' })
  projectId: string;

  @FiscalYearInput({ description: 'The fiscal year the report covers (2022 or R4)' })
  fiscalYear: number;
}

export class BudgetLineRequest {
  @ApiPropertyOptional({ description: '事業名' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_NAME_LENGTH)
  name?: string;
  @ApiPropertyOptional({ description: '概要' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  summary?: string;
  @ApiPropertyOptional({ description: '主な事業実績' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  results?: string;
  @Amount('予算額') budgetAmount?: number | null;
  @Amount('うち交付金見込')
  @NotGreaterThan('budgetAmount', {
    message: 'budgetGrantAmount (うち交付金見込) must not exceed budgetAmount (予算額)',
  })
  budgetGrantAmount?: number | null;
  @Amount('実績額') actualAmount?: number | null;
  @Amount('うち交付金')
  @NotGreaterThan('actualAmount', { message: 'actualGrantAmount (うち交付金) must not exceed actualAmount (実績額)' })
  actualGrantAmount?: number | null;
}

export class TypedTotalsRequest {
  @Amount('合計 予算額') budgetAmount?: number | null;
  @Amount('合計 うち交付金見込') budgetGrantAmount?: number | null;
  @Amount('合計 実績額') actualAmount?: number | null;
  @Amount('合計 うち交付金') actualGrantAmount?: number | null;
}

export class YearlyActualRequest {
  @FiscalYearInput() fiscalYear: number;

  @KpiValueInput('the actual of that year') value?: number | null;
}

export class KpiResultRequest {
  @KpiPosition('The KPI (指標①–④) this result is for')
  position: number;

  @KpiValueInput('最新値') latestValue?: number | null;

  @YearMonthInput({
    description: 'The month the latest value was measured, e.g. 2023-06 or R5.6月; not after this month',
    measured: true,
  })
  latestAsOf?: string | null;

  @ApiPropertyOptional({ description: '【参考値】' })
  @Omittable()
  @IsBoolean({ message: 'isReference must be true or false' })
  isReference?: boolean;

  @ApiPropertyOptional({
    type: [YearlyActualRequest],
    description: "The KPI's actuals, in place of its stored ones ([] clears them); left out, the stored ones stay",
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(30)
  @NestedRequest(() => YearlyActualRequest, { each: true })
  yearlyActuals?: YearlyActualRequest[];
}

/** A save of the draft form: send the sections you changed; budgetLines replaces ④, kpiResults merges into ⑤. */
export class UpdateReportRequest {
  @ApiProperty({ description: 'The version you edited; a stale one gets 409 and nothing is saved' })
  @VersionNumber('version is required (the version you loaded)')
  version: number;

  @YearMonthInput({ description: '実績額 as of (e.g. 2023-03 or R5.3)' })
  actualAsOf?: string | null;

  @ApiPropertyOptional({ type: [BudgetLineRequest], description: '④ in order' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(100, { message: 'budgetLines may hold at most 100 lines' })
  @NestedRequest(() => BudgetLineRequest, { each: true })
  budgetLines?: BudgetLineRequest[];

  @ApiPropertyOptional({ type: TypedTotalsRequest, description: '④ 合計 as typed; compared with the computed totals' })
  @Omittable()
  @NestedRequest(() => TypedTotalsRequest)
  typedTotals?: TypedTotalsRequest;

  @ApiPropertyOptional({
    type: [KpiResultRequest],
    description:
      '⑤ at most one per KPI of the project, merged into the stored results: a KPI not sent, and a field a result ' +
      'leaves out, stay as stored; null (false, [] for the flag and the list) clears a field',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(4, { message: 'kpiResults may hold at most 4 results (指標①–④)' })
  @NestedRequest(() => KpiResultRequest, { each: true })
  kpiResults?: KpiResultRequest[];

  @AssessmentOptionKey('⑥ 事業効果', EffectLevel, { optional: true })
  effectLevel?: string | null;

  @ApiPropertyOptional({ description: '⑥ 事業効果 narrative' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  effectNarrative?: string;

  @ApiPropertyOptional({ description: '⑥ why another level than the suggested one (required then)' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  effectLevelReason?: string;

  @ApiPropertyOptional({ description: '要因分析: the factors behind the results' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  resultFactors?: string;

  @ApiPropertyOptional({ description: '要因分析: the measures to take' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  improvementMeasures?: string;

  @ApiPropertyOptional({ description: 'PDCA: what was done about the previous year’s 今後の方針' })
  @Omittable()
  @IsString()
  @MaxTextLength(MAX_TEXT_LENGTH)
  previousPolicyFollowUp?: string;
}

export class AcknowledgeWarningsRequest {
  @ApiProperty() @VersionNumber('version is required (the version you loaded)') version: number;

  @ApiProperty({ type: [String], description: 'keys of the warnings you confirm as intended' })
  @IsArray()
  // Confirming nothing is a form sent without a box ticked: said, rather than answered as done.
  @ArrayMinSize(1, { message: 'keys must name at least one warning to confirm' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  keys: string[];
}

export class CarryOverBudgetRequest {
  @ApiProperty({ description: 'The version you loaded; a stale one gets 409 and nothing is carried over' })
  @VersionNumber('version is required (the version you loaded)')
  version: number;
}

export const DEFAULT_REPORT_PAGE_SIZE = 20;

export class ReportListQuery {
  @FiscalYearInput({ optional: true }) fiscalYear?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'departmentId must be a department id' })
  departmentId?: string;
  @ApiPropertyOptional({ enum: ReportStatus })
  @IsOptional()
  @IsEnum(ReportStatus, { message: `status must be one of: ${Object.values(ReportStatus).join(', ')}` })
  status?: ReportStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxTextLength(50) grantTypeCode?: string;
  @ApiPropertyOptional({
    description:
      'Words all in the project name (split at spaces; full- and half-width forms alike), or a project number (exactly, with or without "No.")',
  })
  @IsOptional()
  @IsString()
  @MaxTextLength(200)
  q?: string;
  @PageNumber() page?: number;
  @PageSize(DEFAULT_REPORT_PAGE_SIZE, 100) pageSize?: number;
}

/**
 * Checked against the report's own versions (ReportsService.diff), not here: any version it lacks, 0 and text
 * (read as NaN) included, is refused with the versions it has.
 */
export class DiffQuery {
  @ApiProperty({ description: 'A version of the report (see revisions)' }) @Type(() => Number) @Allow() from: number;
  @ApiProperty({ description: 'A version of the report, not before from' }) @Type(() => Number) @Allow() to: number;
}

/** A leaf of the report document (text, number or true/false); null on the side where the field is absent. */
const LeafValue = (description: string) =>
  ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true, description });

export class FieldChangeView implements FieldChange {
  @ApiProperty({ example: '/budgetLines/2/actualAmount' }) path: string;
  @LeafValue('null when the field was added') before: unknown;
  @LeafValue('null when the field was removed') after: unknown;
}
