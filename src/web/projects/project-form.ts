import { fiscalYearLabel } from '../../common/era-input';
import { KpiDirection } from '../../projects/kpi-direction';
import { MAX_KPIS } from '../../projects/kpi-label';
import { type ProjectView } from '../../projects/projects.dto';
import type { FieldChange } from '../../common/document-diff';
import { textOf } from '../../common/text';
import { KPI_DEFINITION_LABELS, kpiLabel } from '../../projects/kpi-label';
import { type FormBody, optional, text } from '../forms';
import { type FieldLabels, fieldLabel } from '../messages/field-labels';

/**
 * The project form (国提出事業の登録): fields named by the pointer of the request field they fill, and a fixed set
 * of four KPI row groups (指標①–④, form rows 0–3), so adding a KPI needs no JavaScript.
 */
export const KPI_ROWS: number[] = Array.from({ length: MAX_KPIS }, (_, row) => row);

const PROJECT_FIELDS = [
  'departmentId',
  'projectNumber',
  'name',
  'grantTypeCode',
  'planStartFiscalYear',
  'planEndFiscalYear',
  'overview',
  'jointApplicationNote',
  'partnerMunicipalities',
  'policyArea',
] as const;

/** The KPI fields a person types; the direction is a pair of radios with a default, so it says nothing about a row being used. */
const KPI_TYPED_FIELDS = ['name', 'baseline', 'target', 'unit', 'targetYearMonth'] as const;

const KPI_FIELDS = [...KPI_TYPED_FIELDS, 'direction', 'position'] as const;

/** A blank KPI row group is "no KPI here": only the rows with something typed become KPIs, at their position. */
function usedKpiRows(body: FormBody): number[] {
  return KPI_ROWS.filter((row) => KPI_TYPED_FIELDS.some((field) => text(body, `/kpis/${row}/${field}`).trim() !== ''));
}

/** Partner municipalities, one per line (a 、 or comma between names is read the same way, as pasted from a cell). */
function municipalities(value: string): string[] {
  return value
    .split(/[\r\n、,，]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** The form as a create/update request body, and which form row each KPI of the request came from. */
export function projectRequest(body: FormBody): { request: Record<string, unknown>; kpiRows: number[] } {
  const kpiRows = usedKpiRows(body);
  const request = {
    departmentId: text(body, '/departmentId'),
    projectNumber: optional(body, '/projectNumber'),
    name: text(body, '/name').trim(),
    grantTypeCode: text(body, '/grantTypeCode'),
    // As typed (R3, 令和3年度, 2021): the request's own transform reads them; a blank one is refused, never dropped.
    planStartFiscalYear: text(body, '/planStartFiscalYear').trim(),
    planEndFiscalYear: text(body, '/planEndFiscalYear').trim(),
    overview: text(body, '/overview'),
    jointApplicationNote: optional(body, '/jointApplicationNote'),
    partnerMunicipalities: municipalities(text(body, '/partnerMunicipalities')),
    policyArea: optional(body, '/policyArea'),
    kpis: kpiRows.map((row) => {
      const p = `/kpis/${row}`;
      return {
        position: row + 1,
        name: text(body, `${p}/name`).trim(),
        baseline: optional(body, `${p}/baseline`),
        target: optional(body, `${p}/target`),
        unit: text(body, `${p}/unit`).trim(),
        targetYearMonth: optional(body, `${p}/targetYearMonth`),
        direction: optional(body, `${p}/direction`) ?? undefined,
      };
    }),
    // Sent only when ticked: the form shows the box once a project registered already looks the same.
    ...(text(body, '/confirmSimilarProject') === 'true' ? { confirmSimilarProject: true } : {}),
    // 計画変更: sent only when the user filled it in, so ordinary edits stay ordinary.
    ...(optional(body, '/amendment/effectiveFiscalYear') || optional(body, '/amendment/reason')
      ? {
          amendment: {
            effectiveFiscalYear: text(body, '/amendment/effectiveFiscalYear').trim(),
            reason: text(body, '/amendment/reason'),
          },
        }
      : {}),
  };
  return { request, kpiRows };
}

const shown = (value: string | number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

/** A new project's form: every KPI heads upwards unless chosen otherwise; a single department is chosen already. */
export function newProjectValues(departmentIds: string[]): Record<string, string> {
  const values: Record<string, string> = { '/departmentId': departmentIds.length === 1 ? departmentIds[0] : '' };
  for (const row of KPI_ROWS) values[`/kpis/${row}/direction`] = KpiDirection.HigherIsBetter;
  return values;
}

/** The stored project as form values, with years and year-months in 和暦 as staff type them. */
export function projectValues(project: ProjectView): Record<string, string> {
  const values: Record<string, string> = {
    ...newProjectValues([]),
    '/departmentId': project.departmentId,
    '/projectNumber': shown(project.projectNumber),
    '/name': project.name,
    '/grantTypeCode': project.grantTypeCode,
    '/planStartFiscalYear': fiscalYearLabel(project.planStartFiscalYear),
    '/planEndFiscalYear': fiscalYearLabel(project.planEndFiscalYear),
    '/overview': project.overview,
    '/jointApplicationNote': shown(project.jointApplicationNote),
    '/partnerMunicipalities': project.partnerMunicipalities.join('\n'),
    '/policyArea': shown(project.policyArea),
    '/version': String(project.version),
  };
  for (const kpi of project.kpis) {
    const p = `/kpis/${kpi.position - 1}`;
    Object.assign(values, {
      [`${p}/name`]: kpi.name,
      [`${p}/baseline`]: shown(kpi.baseline),
      [`${p}/target`]: shown(kpi.target),
      [`${p}/unit`]: kpi.unit,
      [`${p}/targetYearMonth`]: shown(kpi.targetYearMonthLabel),
      [`${p}/direction`]: kpi.direction,
    });
  }
  return values;
}

/**
 * Japanese names of the request's fields. A KPI is named by its form row (指標③ stays 指標③ when ② is left blank),
 * using the same labels as the report form's ⑤.
 */
export function projectFieldLabels(kpiRows: number[]): FieldLabels {
  const labels: FieldLabels = Object.fromEntries(
    PROJECT_FIELDS.map((field) => [`/${field}`, fieldLabel(`/project/${field}`)]),
  );
  labels['/confirmSimilarProject'] = '別の事業として登録する';
  labels['/amendment'] = '計画変更';
  labels['/amendment/effectiveFiscalYear'] = '計画変更の適用年度';
  labels['/amendment/reason'] = '計画変更の理由';
  kpiRows.forEach((row, index) => {
    labels[`/kpis/${index}`] = fieldLabel(`/project/kpis/${row}`);
    for (const field of KPI_FIELDS) labels[`/kpis/${index}/${field}`] = fieldLabel(`/project/kpis/${row}/${field}`);
  });
  return labels;
}

const comparable = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? value.join(' ') : (value ?? '')).replace(/\s+/g, ' ').trim();

/**
 * Which fields of the saved project differ from the form as typed (a KPI counts as one, by its row), so a person
 * told that someone else saved first sees what saving again would replace.
 */
export function differingFields(
  saved: Record<string, string>,
  typed: Record<string, string | string[]>,
): Record<string, boolean> {
  const differs = (pointer: string) => comparable(saved[pointer]) !== comparable(typed[pointer]);
  return Object.fromEntries([
    ...PROJECT_FIELDS.map((field): [string, boolean] => [`/${field}`, differs(`/${field}`)]),
    ...KPI_ROWS.map((row): [string, boolean] => [
      `/kpis/${row}`,
      [...KPI_TYPED_FIELDS, 'direction'].some((field) => differs(`/kpis/${row}/${field}`)),
    ]),
  ]);
}

const PLAN_FIELDS: Record<string, string> = {
  planStartFiscalYear: '②実施計画期間(初年度)',
  planEndFiscalYear: '②実施計画期間(最終年度)',
  ...KPI_DEFINITION_LABELS,
};

/** One change of a plan amendment in words: 「指標① 目標値: 120 → 150」. */
export function planChangeText(change: FieldChange): string {
  const [, first, index, field] = change.path.split('/');
  const what =
    first === 'kpis'
      ? `${kpiLabel(Number(index) + 1)} ${PLAN_FIELDS[field] ?? field ?? ''}`
      : (PLAN_FIELDS[first] ?? first);
  const shown = (value: unknown) => (typeof value === 'number' ? String(value) : textOf(value) || '(なし)');
  return `${what.trim()}: ${shown(change.before)} → ${shown(change.after)}`;
}
