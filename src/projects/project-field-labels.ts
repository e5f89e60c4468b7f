import { displayValue } from '../common/display-value';
import { KPI_DIRECTION_LABELS, type KpiDirection } from './kpi-direction';
import { KPI_DEFINITION_LABELS, kpiLabel } from './kpi-label';

/** A project's fields as the national form and the pages name them. */
const PROJECT_FIELD_LABELS: Record<string, string> = {
  name: '①国提出事業名',
  projectNumber: 'No',
  overview: '③全体概要',
  planStartFiscalYear: '②実施計画期間(初年度)',
  planEndFiscalYear: '②実施計画期間(最終年度)',
  departmentId: '事業担当課',
  grantTypeCode: '交付金の種類',
  jointApplicationNote: '共同申請',
  partnerMunicipalities: '連携市町村',
  policyArea: '施策',
  version: '版',
};

/** The Japanese name of a field of a project by its pointer in the project's document: /name, /kpis/0/target. */
export function projectFieldLabel(path: string): string {
  const kpi = /^\/kpis\/(\d+)(?:\/(\w+))?$/.exec(path);
  if (kpi) {
    const field = kpi[2] && (KPI_DEFINITION_LABELS[kpi[2] as keyof typeof KPI_DEFINITION_LABELS] ?? kpi[2]);
    return `⑤${kpiLabel(Number(kpi[1]) + 1)}${field ? `の${field}` : ''}`;
  }
  const top = /^\/(\w+)/.exec(path);
  return top ? (PROJECT_FIELD_LABELS[top[1]] ?? top[1]) : path.replace(/^\//, '');
}

/** A project's stored value as a reader expects it: a KPI's direction by its label, anything else as displayValue. */
export function projectDisplayValue(path: string, value: unknown): string {
  if (/^\/kpis\/\d+\/direction$/.test(path) && typeof value === 'string')
    return KPI_DIRECTION_LABELS[value as KpiDirection] ?? value;
  return displayValue(path, value);
}
