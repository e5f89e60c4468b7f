import { fiscalYearLabel } from '../common/era-input';

/** A project as lists name it: its number (事業番号) first when it has one, e.g. 「No.3 移住促進事業」. */
export function projectTitle(project: { projectNumber: string | null; name: string }): string {
  return `${project.projectNumber ? `No.${project.projectNumber} ` : ''}${project.name}`;
}

/** A plan period (②実施計画期間) as lists and refusals name it, e.g. 「R3年度～R5年度」. */
export function planPeriodLabel(project: { planStartFiscalYear: number; planEndFiscalYear: number }): string {
  return `${fiscalYearLabel(project.planStartFiscalYear)}～${fiscalYearLabel(project.planEndFiscalYear)}`;
}

const byNumber = new Intl.Collator('ja-JP', { numeric: true });

/** Projects in list order: by number as people count (No.2 before No.10), those without one last, then by name. */
export function byProjectNumber(
  a: { projectNumber: string | null; name: string },
  b: { projectNumber: string | null; name: string },
): number {
  return byNumber.compare(a.projectNumber ?? '\uffff', b.projectNumber ?? '\uffff') || byNumber.compare(a.name, b.name);
}
