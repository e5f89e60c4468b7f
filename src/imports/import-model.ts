import { type PlannedKpi } from '../projects/planned-kpi';
import { type EffectLevel, type PanelRating, type PolicyDecision } from '../reports/report/assessment';
import { type AssessmentChoice, type AssessmentScale } from '../reports/report/assessment-choices';
import { type YearlyActual } from '../reports/report/kpi-result.entity';
import { type BudgetLineAmounts, type TypedTotals } from '../reports/report/report-calculations';

/** How a confirmed import lands: drafts of the owning department, or (administrators, past years) published history. */
export enum ImportMode {
  Draft = 'draft',
  Published = 'published',
}

/** What the user chose for a report whose name is close to a stored project's: add it to that project, or a new one. */
export enum ProjectChoiceKind {
  Link = 'link',
  New = 'new',
}

/** One such choice; it travels with the dry run and the confirmation, and the checksum covers it. */
export interface ProjectChoice {
  reportIndex: number;
  choice: ProjectChoiceKind;
  /** For a link: the proposed stored project. */
  projectId?: string | null;
}

/** The department (事業担当課) a report's new project gets, chosen for that report. */
export interface DepartmentChoice {
  reportIndex: number;
  departmentId: string;
}

/** The layouts the importer reads; `auto` recognizes them by their markers. */
export enum ImportLayout {
  Auto = 'auto',
  /** 事業実施結果報告, sections ①–⑧, one or more reports (the Asahikawa seed). */
  ResultReport = 'result_report',
  /** One row per KPI with yearly actuals R1…R4 (the Kushiro seed). */
  KpiTable = 'kpi_table',
}

/** Where a row came from, for messages: a line of pasted text or a row of a worksheet. */
export interface SourceLocation {
  sheet?: string;
  row: number;
}

export interface SourceRow {
  cells: string[];
  location: SourceLocation;
}

/** One worksheet of an upload, or the whole pasted text. */
export interface SourceSheet {
  name?: string;
  rows: SourceRow[];
}

export type IssueSeverity = 'error' | 'warning';

export type IssueCode =
  | 'unrecognized_layout'
  | 'comma_separated'
  | 'no_reports'
  | 'unreadable_value'
  | 'missing_value'
  | 'missing_section'
  | 'total_mismatch'
  | 'kpi_without_unit'
  | 'kpi_missing'
  | 'too_many'
  | 'too_long'
  | 'unknown_wording'
  | 'grant_exceeds_amount'
  | 'fiscal_year_mismatch'
  | 'plan_year_mismatch'
  | 'outside_plan_period'
  | 'plan_period_derived'
  | 'marked_draft'
  | 'not_imported'
  | 'not_a_past_year'
  | 'published_before_year_end'
  | 'report_exists'
  | 'duplicate_in_file'
  | 'kept_in_year_plan'
  | 'project_in_other_department'
  | 'similar_project'
  | 'similar_project_has_year'
  | 'project_number_taken'
  | 'invalid_project_choice'
  | 'invalid_department_choice'
  | 'department_conflict'
  | 'unknown_department'
  | 'retired_department'
  | 'other_municipality'
  | 'kpi_year_differs_from_published';

/** What the importer could not read or wants the user to check, pointing at the field of the dry-run result. */
export interface ImportIssue {
  severity: IssueSeverity;
  code: IssueCode;
  /** JSON-pointer-like path into the dry-run result, e.g. /reports/1/budgetLines/2/actualAmount */
  path: string;
  /** In Japanese, as the sheet it describes: what is wrong, named by its section (①–⑧) and cell text, and what to do. */
  message: string;
  /** e.g. 「12行目」 or 「シート「No1」の12行目」 */
  location?: string;
  /** The cell text as read, when the issue is about a value. */
  raw?: string;
  /** What the message lists, one item each (the differences of a year's plan). */
  details?: string[];
}

/** A KPI of the plan as a file states it: the fields a plan keeps of each KPI. */
export type ParsedKpi = PlannedKpi;

export interface ParsedKpiResult {
  position: number;
  latestValue: number | null;
  latestAsOf: string | null;
  isReference: boolean;
  yearlyActuals: YearlyActual[];
}

export interface ParsedBudgetLine extends BudgetLineAmounts {
  name: string;
  summary: string;
  results: string;
}

export interface ParsedProject {
  projectNumber: string | null;
  name: string;
  grantTypeCode: string;
  planStartFiscalYear: number | null;
  planEndFiscalYear: number | null;
  /** The layout states no plan period; it was inferred (and must not overwrite a stored one). */
  planPeriodInferred: boolean;
  overview: string;
  jointApplicationNote: string | null;
  /** The 担当課 the sheet names, if it has the column: the new project's department where one is so named. */
  departmentName: string | null;
  kpis: ParsedKpi[];
}

/** One report as read from the file; issue paths are relative to it (/project/name, /budgetLines/0/budgetAmount …). */
export interface ParsedReport {
  location: string;
  fiscalYear: number | null;
  /** The file marks it (案). */
  markedDraft: boolean;
  /** Kushiro's 【…】 section heading, if any. */
  section: string | null;
  project: ParsedProject;
  /** Which year of the plan the file says this is ((2年度), (3年度目), (初年度)). */
  statedPlanYear: number | null;
  actualAsOf: string | null;
  budgetLines: ParsedBudgetLine[];
  typedTotals: TypedTotals;
  kpiResults: ParsedKpiResult[];
  effectLevel: EffectLevel | null;
  effectNarrative: string;
  panelRating: PanelRating | null;
  panelOpinion: string;
  policyDecision: PolicyDecision | null;
  policyReason: string;
  /** ⑥–⑧ as the file words them: the option of the organization (else the national one) each was read as. */
  wording: {
    effectLevel: ChosenWording | null;
    panelRating: ChosenWording | null;
    policyDecision: ChosenWording | null;
  };
  issues: ImportIssue[];
}

/** The option a printed ⑥–⑧ matched: its key, and the wording the report keeps. */
export interface ChosenWording {
  key: string;
  label: string;
  formText: string;
}

/** What a file's ⑥–⑧ are read against: the organization's options (retired ones too); the national ones follow. */
export interface ImportWording {
  effectLevel: AssessmentChoice<AssessmentScale.EffectLevel>[];
  panelRating: AssessmentChoice<AssessmentScale.PanelRating>[];
  policyDecision: AssessmentChoice<AssessmentScale.PolicyDecision>[];
}

export interface GrantTypeRef {
  code: string;
  label: string;
}

export interface ParseOptions {
  mode: ImportMode;
  layout: ImportLayout;
  grantTypes: GrantTypeRef[];
  /** For layouts that do not name the grant (the ①–⑧ report). */
  defaultGrantTypeCode: string;
  /** The organization's wording of ⑥–⑧ (without: the national wording only). */
  wording?: ImportWording;
  /** The importing organization's name: a sheet that names another municipality is warned of (without: not checked). */
  organizationName?: string;
}

export interface ParseResult {
  layout: Exclude<ImportLayout, ImportLayout.Auto> | null;
  reports: ParsedReport[];
  /** Issues about the file as a whole (paths at the root). */
  issues: ImportIssue[];
}

export function describeLocation(location: SourceLocation): string {
  return location.sheet ? `シート「${location.sheet}」の${location.row}行目` : `${location.row}行目`;
}

/** A report with nothing read yet; the parsers fill in what the source holds. */
export function emptyParsedReport(
  fields: Pick<ParsedReport, 'location' | 'fiscalYear' | 'markedDraft' | 'section' | 'project' | 'issues'>,
): ParsedReport {
  return {
    ...fields,
    statedPlanYear: null,
    actualAsOf: null,
    budgetLines: [],
    typedTotals: { budgetAmount: null, budgetGrantAmount: null, actualAmount: null, actualGrantAmount: null },
    kpiResults: [],
    effectLevel: null,
    effectNarrative: '',
    panelRating: null,
    panelOpinion: '',
    policyDecision: null,
    policyReason: '',
    wording: { effectLevel: null, panelRating: null, policyDecision: null },
  };
}
