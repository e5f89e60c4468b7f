import { fiscalYearLabel, MAX_FISCAL_YEAR } from '../common/era-input';
import { MAX_NAME_LENGTH, MAX_PROJECT_NUMBER_LENGTH, MAX_TEXT_LENGTH, MAX_UNIT_LENGTH } from '../common/text-limits';
import { kpiLabel } from '../projects/kpi-label';
import { type ImportIssue, type IssueCode, type ParsedReport } from './import-model';

/**
 * What the API would refuse of a report read from a file, whichever its layout: a text past its field's limit, or a
 * fiscal year past the last one (headings are read by the era reader, which goes on to 2200). Errors of the dry run,
 * so that nothing is imported that could not be saved again as it is.
 */
export function beyondLimits(report: ParsedReport): ImportIssue[] {
  const error = (code: IssueCode, path: string, message: string): ImportIssue => ({
    severity: 'error',
    code,
    path,
    location: report.location,
    message,
  });
  return [
    ...textsPastTheirLimits(report).map(([path, label, length, limit]) =>
      error(
        'too_long',
        path,
        `${label}が${length}文字あります。取り込めるのは${limit}文字までです。${limit}文字以内にしてください。`,
      ),
    ),
    ...yearsPastTheLast(report).map(([path, year]) =>
      error(
        'unreadable_value',
        path,
        `${fiscalYearLabel(year)}は取り込める年度(平成元年度から${MAX_FISCAL_YEAR}年度まで)の外です。年度を確かめてください。`,
      ),
    ),
  ];
}

/** [path, label, length, limit] of each text longer than the API takes. */
function textsPastTheirLimits(report: ParsedReport): [string, string, number, number][] {
  const { project } = report;
  const texts: [string, string | null, number, string][] = [
    ['/project/projectNumber', project.projectNumber, MAX_PROJECT_NUMBER_LENGTH, '①の事業の番号(No)'],
    ['/project/name', project.name, MAX_NAME_LENGTH, '①国提出事業名'],
    ['/project/overview', project.overview, MAX_TEXT_LENGTH, '③全体概要'],
    ...report.budgetLines.flatMap((line, index): [string, string, number, string][] => {
      const where = `④市予算事業の${index + 1}行目`;
      return [
        [`/budgetLines/${index}/name`, line.name, MAX_NAME_LENGTH, `${where}の事業名`],
        [`/budgetLines/${index}/summary`, line.summary, MAX_TEXT_LENGTH, `${where}の概要`],
        [`/budgetLines/${index}/results`, line.results, MAX_TEXT_LENGTH, `${where}の主な事業実績`],
      ];
    }),
    ...project.kpis.flatMap((kpi, index): [string, string, number, string][] => [
      [`/project/kpis/${index}/name`, kpi.name, MAX_NAME_LENGTH, `⑤${kpiLabel(kpi.position)}の指標名`],
      [`/project/kpis/${index}/unit`, kpi.unit, MAX_UNIT_LENGTH, `⑤${kpiLabel(kpi.position)}の単位`],
    ]),
    ['/effectNarrative', report.effectNarrative, MAX_TEXT_LENGTH, '⑥事業効果'],
    ['/panelOpinion', report.panelOpinion, MAX_TEXT_LENGTH, '⑦外部有識者からの意見'],
    ['/policyReason', report.policyReason, MAX_TEXT_LENGTH, '⑧今後の方針の理由'],
  ];
  return texts.flatMap(([path, text, limit, label]) =>
    text !== null && text.length > limit ? [[path, label, text.length, limit] as [string, string, number, number]] : [],
  );
}

/** [path, year] of the report's own year, its plan's years and its KPIs' yearly actuals past MAX_FISCAL_YEAR. */
function yearsPastTheLast(report: ParsedReport): [string, number][] {
  const { project } = report;
  const years: [string, number | null][] = [
    ['/fiscalYear', report.fiscalYear],
    ['/project/planStartFiscalYear', project.planStartFiscalYear],
    ['/project/planEndFiscalYear', project.planEndFiscalYear],
    ...report.kpiResults.flatMap((result, index) =>
      result.yearlyActuals.map((actual, at): [string, number] => [
        `/kpiResults/${index}/yearlyActuals/${at}/fiscalYear`,
        actual.fiscalYear,
      ]),
    ),
  ];
  return years.filter((entry): entry is [string, number] => entry[1] !== null && entry[1] > MAX_FISCAL_YEAR);
}
