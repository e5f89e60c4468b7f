import { fiscalYearLabel, yearMonthLabel } from '../../common/era-input';
import { type TextRange } from '../../common/text-similarity';
import { ProjectChoiceKind } from '../../imports/import-model';
import { kpiLabel } from '../../projects/kpi-label';
import { type DryRunView, type ImportedReportView, type ImportIssueView } from '../../imports/imports.dto';
import { type ImportSettings } from '../../imports/imports.service';
import { fieldId, type FormBody, formErrors, optional, type PageError, rowIndices, text } from '../forms';
import { type FieldLabels } from '../messages/field-labels';

/** The radio group of report `index`'s choice between its proposed stored project and a new one. */
export const choicePointer = (index: number) => `/projectChoices/${index}/choice`;
const projectIdPointer = (index: number) => `/projectChoices/${index}/projectId`;
/** The select of the department of report `index`'s new project. */
export const departmentPointer = (index: number) => `/projectDepartments/${index}/departmentId`;

/** The form's fields by their names on the page, for its refusals. */
export const IMPORT_FIELD_LABELS: FieldLabels = {
  '/file': 'ファイル',
  '/text': '貼り付ける内容',
  '/sourceName': '元のファイル名',
  '/mode': '取り込み方',
  '/publishedOn': '公表日',
  '/departmentId': '事業担当課',
  '/grantTypeCode': '交付金の種類',
};

/** The settings of a chosen file and of pasted cells alike; a report whose radios are both unchosen sends no choice. */
export function importOptions(body: FormBody) {
  return {
    departmentId: text(body, '/departmentId'),
    grantTypeCode: optional(body, '/grantTypeCode') ?? undefined,
    mode: optional(body, '/mode') ?? undefined,
    publishedOn: optional(body, '/publishedOn') ?? undefined,
    projectChoices: rowIndices(body, '/projectChoices').flatMap((reportIndex) => {
      const choice = optional(body, choicePointer(reportIndex));
      if (choice === null) return [];
      const projectId =
        choice === String(ProjectChoiceKind.Link) ? text(body, projectIdPointer(reportIndex)) : undefined;
      return [{ reportIndex, choice, projectId }];
    }),
    projectDepartments: rowIndices(body, '/projectDepartments').flatMap((reportIndex) => {
      const departmentId = optional(body, departmentPointer(reportIndex));
      return departmentId === null ? [] : [{ reportIndex, departmentId }];
    }),
  };
}

/**
 * The reports (by index) whose chosen department the import refused — retired, or no longer the person's, since the
 * dry run was shown — when that is all it refused; null otherwise. The refusal names each choice by its place in
 * `settings.projectDepartments`, which leaves out reports with no department to choose.
 */
export function refusedDepartmentChoices(error: unknown, settings: ImportSettings): number[] | null {
  const errors = formErrors(error);
  if (!errors?.length) return null;
  const places = errors.map(
    (pageError) => /^\/projectDepartments\/(\d+)\/departmentId$/.exec(pageError.path ?? '')?.[1],
  );
  const choices = settings.projectDepartments ?? [];
  if (places.some((place) => place === undefined || choices[Number(place)] === undefined)) return null;
  return places.map((place) => choices[Number(place)].reportIndex);
}

/** The settings without the department chosen for these reports: each gets the one the dry run proposes. */
export function withoutDepartmentChoices(settings: ImportSettings, reportIndices: number[]): ImportSettings {
  return {
    ...settings,
    projectDepartments: settings.projectDepartments?.filter(({ reportIndex }) => !reportIndices.includes(reportIndex)),
  };
}

/** The form as a pasted-import request. */
export function importRequest(body: FormBody) {
  return {
    ...importOptions(body),
    text: text(body, '/text'),
    sourceName: optional(body, '/sourceName') ?? undefined,
  };
}

/** A name in pieces, the differing characters marked, for <mark>. */
export function markedParts(name: string, ranges: TextRange[]): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  let offset = 0;
  for (const { start, end } of ranges) {
    if (start > offset) parts.push({ text: name.slice(offset, start), marked: false });
    parts.push({ text: name.slice(start, end), marked: true });
    offset = end;
  }
  if (offset < name.length) parts.push({ text: name.slice(offset), marked: false });
  return parts;
}

/** Where the page shows an issue: a report's choice beside its radios, anything else at its report or the file. */
function issueError(issue: ImportIssueView, report?: ImportedReportView): PageError {
  if (report?.candidate && /^\/reports\/\d+\/project\/name$/.test(issue.path)) {
    const pointer = choicePointer(report.index);
    return { text: issue.message, href: `#${fieldId(pointer)}`, path: pointer };
  }
  return { text: issue.message, href: report ? `#report-${report.index}` : '#import-file' };
}

/** Every error of a dry run, for the summary at the top of the page (and beside the radios they are about). */
export function dryRunErrors(dryRun: DryRunView): PageError[] {
  return [
    ...dryRun.errors.map((issue) => issueError(issue)),
    ...dryRun.reports.flatMap((report) => report.errors.map((issue) => issueError(issue, report))),
  ];
}

/** The dry run's department of each new project, as its select shows it (chosen, named by the sheet, or the import's). */
export function departmentValues(dryRun: DryRunView): Record<string, string> {
  return Object.fromEntries(
    dryRun.reports
      .filter((report) => report.project.action === 'create')
      .map((report) => [departmentPointer(report.index), report.project.departmentId]),
  );
}

/** The dry run as the page lists it: per report the name, what happens to it and, if proposed, the two names marked. */
export function dryRunRows(dryRun: DryRunView, departmentNames: Map<string, string>) {
  return dryRun.reports.map((report) => ({
    index: report.index,
    departmentPointer: departmentPointer(report.index),
    departmentName: departmentNames.get(report.project.departmentId) ?? '',
    departmentNameInFile: report.project.departmentNameInFile,
    location: report.location,
    fiscalYearLabel: report.fiscalYearLabel,
    projectNumber: report.project.projectNumber,
    name: report.project.name,
    action: report.project.action,
    values: readValues(report),
    candidate: report.candidate && {
      projectId: report.candidate.projectId,
      projectNumber: report.candidate.projectNumber,
      storedName: markedParts(report.candidate.name, report.candidate.differences.inName),
      fileName: markedParts(report.candidate.nameInFile, report.candidate.differences.inNameInFile),
      similarityPercent: Math.round(report.candidate.similarity * 100),
      choice: report.candidate.choice ?? '',
      reportOfYear: report.candidate.reportOfYear,
      pointer: choicePointer(report.index),
      projectIdName: projectIdPointer(report.index),
    },
    errors: report.errors.filter((issue) => !(report.candidate && issue.path.endsWith('/project/name'))),
    warnings: report.warnings,
  }));
}

/**
 * What the dry run read of a report, for the importer to recognize it: ②, ④'s totals, ⑤'s values (a draft's earlier
 * years that the published record fills in marked so) and ⑥.
 */
function readValues(report: ImportedReportView) {
  const kpis = new Map(report.project.kpis.map((kpi) => [kpi.position, kpi]));
  return {
    planPeriodLabel: report.project.planPeriodLabel,
    totals: report.budgetLines.length > 0 ? report.computedTotals : null,
    kpis: report.kpiResults.map((result) => ({
      label: kpiLabel(result.position),
      name: kpis.get(result.position)?.name ?? '',
      unit: kpis.get(result.position)?.unit ?? '',
      latestValue: result.latestValue,
      asOfLabel: yearMonthLabel(result.latestAsOf),
      isReference: result.isReference,
      yearlyActuals: result.yearlyActuals.flatMap(({ fiscalYear, value }) =>
        value === null
          ? []
          : [
              {
                fiscalYearLabel: fiscalYearLabel(fiscalYear),
                value,
                carried: result.carriedYears.includes(fiscalYear),
              },
            ],
      ),
    })),
    effectLevelLabel: report.effectLevelLabel,
  };
}
