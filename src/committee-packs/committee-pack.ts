import { type LayoutRow, layoutThroughEffect, TWO_PARTS } from '../exports/report-layout';
import { type PanelRating } from '../reports/report/assessment';
import {
  type AssessmentChoice,
  AssessmentScale,
  builtInWording,
  offeredChoices,
} from '../reports/report/assessment-choices';
import { type ReportView } from '../reports/report/report-view';
import { type AssignmentStatus } from '../reports/rules/assignment-status';
import { ReportStatus } from '../reports/rules/report-status';

/**
 * The reports a meeting pack holds: every report of the year that has reached the expert review. Those still under
 * review are what the meeting decides; the ones already evaluated or later are there for the panel to see the whole
 * year, and their ⑦ is shown as decided (an import that changes it is refused for that report).
 */
export const PACK_STATUSES: readonly ReportStatus[] = Object.values(ReportStatus).filter(
  (status) => status !== ReportStatus.Draft && status !== ReportStatus.Submitted,
);

/** One expert asked for an opinion on a report (pending or accepted), with what they have entered so far. */
export interface PackExpert {
  assignmentId: string;
  expertUserId: string;
  name: string;
  status: AssignmentStatus;
  rating: PanelRating | null;
  opinion: string;
  opinionSubmittedAt: Date | null;
}

export interface PackReport {
  view: ReportView;
  experts: PackExpert[];
}

/** Everything one pack is made of: the year's reports in project-number order and the municipality's ⑦ wording. */
export interface CommitteePack {
  organizationId: string;
  organizationName: string;
  fiscalYear: number;
  reports: PackReport[];
  /** The organization's options of ⑦ (retired ones too: a report keeps the one it was evaluated with). */
  ratings: AssessmentChoice<AssessmentScale.PanelRating>[];
}

/** The hidden sheet that ties a workbook to the pack it was made as. */
export const IDENTITY_SHEET = '照合用';
export const TOC_SHEET = '目次';
/** The identity sheet's first cell: what tells a meeting pack from any other workbook. */
export const PACK_MARKER = 'kpiv-committee-pack';
export const PACK_FORMAT = 1;

const EXPERT_MERGES: [number, number][] = [
  [1, 3],
  [4, 7],
];

/** 1-based row numbers of the cells the meeting fills in, within a report's sheet. */
export interface PackSheetPositions {
  /** The row of ⑦'s rating (column A) and consolidated opinion (column E). */
  evaluationRow: number;
  /** One row per expert, in the order of PackReport.experts: name (A), rating (B), opinion (E). */
  expertRows: number[];
}

export const RATING_COLUMN = 'A';
export const OPINION_COLUMN = 'E';
export const EXPERT_RATING_COLUMN = 'B';

/** The label a rating kind is shown with: the organization's first active option of that kind, else the national wording. */
export function ratingLabelOf(
  ratings: AssessmentChoice<AssessmentScale.PanelRating>[],
  kind: PanelRating | null,
): string {
  if (kind === null) return '';
  return (
    offeredChoices(ratings).find((choice) => choice.kind === kind)?.label ??
    builtInWording(AssessmentScale.PanelRating, kind).label
  );
}

/**
 * A report's sheet: the official ①–⑥ as the export writes it, then ⑦ for the meeting (prefilled with what the report
 * holds) and one row per expert, prefilled with what they entered.
 */
export function packSheetLayout(
  report: PackReport,
  ratings: AssessmentChoice<AssessmentScale.PanelRating>[],
): { rows: LayoutRow[]; positions: PackSheetPositions } {
  const official = layoutThroughEffect(report.view);
  const evaluation = report.view.evaluation;
  const rows: LayoutRow[] = [
    ...official,
    { kind: 'heading', cells: ['⑦外部有識者からの評価(外部評価委員会で記入)'], merges: [[0, 7]] },
    { kind: 'header', cells: ['事業の評価', '', '', '', '外部有識者からの意見'], merges: TWO_PARTS },
    { kind: 'value', cells: [evaluation.ratingLabel ?? '', '', '', '', evaluation.opinion], merges: TWO_PARTS },
    { kind: 'heading', cells: ['外部有識者ごとの評価と意見'], merges: [[0, 7]] },
    { kind: 'header', cells: ['外部有識者', '評価', '', '', '意見'], merges: EXPERT_MERGES },
  ];
  const evaluationRow = official.length + 3;
  const expertRows = report.experts.map((expert, index) => {
    rows.push({
      kind: 'value',
      cells: [expert.name, ratingLabelOf(ratings, expert.rating), '', '', expert.opinion],
      merges: EXPERT_MERGES,
    });
    return evaluationRow + 3 + index;
  });
  if (report.experts.length === 0)
    rows.push({ kind: 'text', cells: ['意見を依頼している外部有識者はいません。'], merges: [[0, 7]] });
  return { rows, positions: { evaluationRow, expertRows } };
}

/** Spreadsheet column letter of a 0-based column (A–Z is all the layout uses). */
export function columnLetter(column: number): string {
  return String.fromCharCode(65 + column);
}

/** The identity sheet's rows, as written and as read back. */
export type IdentityRow =
  | { kind: 'pack'; organizationId: string; fiscalYear: number; createdAt: string }
  | { kind: 'report'; sheet: string; reportId: string; version: number; updatedAt: string; evaluationRow: number }
  | { kind: 'expert'; sheet: string; assignmentId: string; expertUserId: string; row: number }
  | { kind: 'rating'; label: string };

export function identityCells(row: IdentityRow): (string | number)[] {
  switch (row.kind) {
    case 'pack':
      return [PACK_MARKER, PACK_FORMAT, row.organizationId, row.fiscalYear, row.createdAt];
    case 'report':
      return ['report', row.sheet, row.reportId, row.version, row.updatedAt, row.evaluationRow];
    case 'expert':
      return ['expert', row.sheet, row.assignmentId, row.expertUserId, row.row];
    case 'rating':
      return ['rating', row.label];
  }
}

export interface PackIdentity {
  organizationId: string;
  fiscalYear: number;
  reports: {
    sheet: string;
    reportId: string;
    version: number;
    updatedAt: string;
    evaluationRow: number;
    experts: { assignmentId: string; expertUserId: string; row: number }[];
  }[];
}

const wholeNumber = (text: string | undefined): number | null => (/^\d+$/.test(text ?? '') ? Number(text) : null);

/** The identity sheet's rows as read from a workbook; null when they are not a pack's (missing, edited, another format). */
export function readIdentity(rows: string[][]): PackIdentity | null {
  const [head, ...rest] = rows;
  if (!head || head[0] !== PACK_MARKER || wholeNumber(head[1]) !== PACK_FORMAT) return null;
  const fiscalYear = wholeNumber(head[3]);
  if (!head[2] || fiscalYear === null) return null;
  const identity: PackIdentity = { organizationId: head[2], fiscalYear, reports: [] };
  for (const cells of rest) {
    if (cells[0] === 'report') {
      const version = wholeNumber(cells[3]);
      const evaluationRow = wholeNumber(cells[5]);
      if (!cells[1] || !cells[2] || version === null || evaluationRow === null) return null;
      identity.reports.push({
        sheet: cells[1],
        reportId: cells[2],
        version,
        updatedAt: cells[4] ?? '',
        evaluationRow,
        experts: [],
      });
    } else if (cells[0] === 'expert') {
      const report = identity.reports.find((candidate) => candidate.sheet === cells[1]);
      const row = wholeNumber(cells[4]);
      if (!report || !cells[2] || !cells[3] || row === null) return null;
      report.experts.push({ assignmentId: cells[2], expertUserId: cells[3], row });
    }
  }
  return identity;
}
