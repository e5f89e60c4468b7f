import { ConflictException, HttpException } from '@nestjs/common';
import { type OrganizationActor } from '../access/actor';
import { fiscalYearLabel } from '../common/era-input';
import { type LayoutRow, layoutThroughEffect } from '../exports/report-layout';
import { type SourceSheet } from '../imports/import-model';
import { type PanelRating } from '../reports/report/assessment';
import { type AssessmentChoice, type AssessmentScale, offeredChoices } from '../reports/report/assessment-choices';
import { AssignmentStatus, awaitsOpinion } from '../reports/rules/assignment-status';
import { correctionOpenedFrom, REPORT_STATUS_LABELS, type ReportStatus } from '../reports/rules/report-status';
import { authorizeAction, OpinionsAwaitedException, ReportAction, statesFor } from '../reports/rules/report-workflow';
import {
  columnLetter,
  type CommitteePack,
  EXPERT_RATING_COLUMN,
  IDENTITY_SHEET,
  OPINION_COLUMN,
  type PackReport,
  RATING_COLUMN,
  ratingLabelOf,
  readIdentity,
} from './committee-pack';
import { MAX_TEXT_LENGTH } from '../common/text-limits';
import { writableText } from '../common/text';

export type PackField = 'panel_rating' | 'panel_opinion' | 'expert_rating' | 'expert_opinion';

/** One cell the meeting changed: what the report holds now and what the workbook says. */
export interface PackChange {
  field: PackField;
  /** e.g. 「⑦ 事業の評価」, 「山田 太郎さんの意見」 */
  label: string;
  cell: string;
  assignmentId: string | null;
  before: string;
  after: string;
}

export interface PlannedPackReport {
  reportId: string;
  sheet: string;
  projectNumber: string | null;
  projectName: string;
  status: ReportStatus;
  statusLabel: string;
  /** The version the pack was made from (and the report still has when there is no error). */
  version: number;
  changes: PackChange[];
  /** Why this report's changes cannot be written; any error keeps the whole import from being confirmed. */
  errors: string[];
  /** What confirming writes: ⑦ (through the evaluation) and the experts' opinions (on their behalf). */
  evaluation: { rating: string; opinion: string } | null;
  opinions: { assignmentId: string; expertUserId: string; rating: PanelRating; opinion: string }[];
}

export interface PackImportPlan {
  /** About the workbook as a whole (not a pack, another organization or year). */
  errors: string[];
  reports: PlannedPackReport[];
}

type Ratings = AssessmentChoice<AssessmentScale.PanelRating>[];

/**
 * Text as the pack writes it (writableText: without the characters a workbook cannot carry, which text stored before
 * they were refused may hold), line breaks as Excel stores them or as they were typed; spaces around it do not count.
 */
const normalized = (text: string) => writableText(text).replace(/\r\n?/g, '\n').trim();
/** 全角 and 半角 spellings of one label are the same label (as the option lists treat them). */
const sameLabel = (a: string, b: string) => normalized(a).normalize('NFKC') === normalized(b).normalize('NFKC');

/**
 * What a filled meeting pack would change, report by report, against the reports as they are now: refused as a whole
 * when it is not a pack of this organization and year; per report, refused when the report changed since the pack was
 * made, when an ①–⑥ cell differs (named by sheet and cell), or when the report's state does not allow the change.
 */
export function planPackImport(
  sheets: SourceSheet[],
  current: CommitteePack,
  actor: OrganizationActor,
): PackImportPlan {
  const identitySheet = sheets.find((sheet) => sheet.name === IDENTITY_SHEET);
  const identity = identitySheet ? readIdentity(identitySheet.rows.map((row) => row.cells)) : null;
  if (!identity)
    return {
      errors: [
        'このブックは外部評価委員会資料ではないか、照合用の情報が失われています。この画面から出力した資料に記入して取り込んでください。',
      ],
      reports: [],
    };
  const errors: string[] = [];
  if (identity.organizationId !== current.organizationId)
    errors.push('このブックは別の団体の外部評価委員会資料です。この団体の資料を出力し直して記入してください。');
  else if (identity.fiscalYear !== current.fiscalYear)
    errors.push(
      `このブックは${fiscalYearLabel(identity.fiscalYear)}の資料です。${fiscalYearLabel(current.fiscalYear)}の資料として取り込むことはできません。`,
    );
  if (errors.length > 0) return { errors, reports: [] };

  const reports = identity.reports.map((entry): PlannedPackReport => {
    const report = current.reports.find((candidate) => candidate.view.id === entry.reportId);
    const sheet = sheets.find((candidate) => candidate.name === entry.sheet);
    const planned: PlannedPackReport = {
      reportId: entry.reportId,
      sheet: entry.sheet,
      projectNumber: report?.view.project.projectNumber ?? null,
      projectName: report?.view.project.name ?? entry.sheet,
      status: report?.view.status ?? ('' as ReportStatus),
      statusLabel: report?.view.statusLabel ?? '',
      version: entry.version,
      changes: [],
      errors: [],
      evaluation: null,
      opinions: [],
    };
    if (!report) {
      planned.errors.push(
        `シート『${entry.sheet}』の報告は、いまはこの年度の外部評価委員会資料の対象ではありません(削除されたか、状態が戻されました)。`,
      );
      return planned;
    }
    if (!sheet) {
      planned.errors.push(`シート『${entry.sheet}』がブックにありません。シートの名前を変えずに取り込んでください。`);
      return planned;
    }
    if (report.view.version !== entry.version) {
      planned.errors.push(changedSincePackMade(entry.sheet, entry.version, report.view.version));
      return planned;
    }
    const cell = (row: number, column: string) => sheet.rows[row - 1]?.cells[column.charCodeAt(0) - 65] ?? '';
    planned.errors.push(...changedOfficialCells(entry.sheet, layoutThroughEffect(report.view), cell));
    if (planned.errors.length > 0) return planned;
    // The opinions first: the evaluation, written after them, consolidates those the workbook enters too.
    for (const expertEntry of entry.experts) planOpinion(planned, report, current.ratings, actor, expertEntry, cell);
    planEvaluation(planned, report, current.ratings, actor, entry.evaluationRow, cell);
    return planned;
  });
  return { errors, reports };
}

/** Why a sheet cannot be taken in once its report has a version other than the one the pack was made from. */
export const changedSincePackMade = (sheet: string, packVersion: number, currentVersion: number) =>
  `シート『${sheet}』の報告は、資料の作成後に変更されています(資料は第${packVersion}版、現在は第${currentVersion}版)。資料を出力し直し、記入し直してください。`;

/** Every ①–⑥ cell whose text differs from the report as the export writes it (at most 10, then a count). */
function changedOfficialCells(
  sheet: string,
  rows: LayoutRow[],
  cell: (row: number, column: string) => string,
): string[] {
  const changed: string[] = [];
  rows.forEach((layout, index) =>
    layout.cells.forEach((value, column) => {
      const expected = value === null ? '' : String(value);
      const address = `${columnLetter(column)}${index + 1}`;
      if (normalized(expected) !== normalized(cell(index + 1, columnLetter(column))))
        changed.push(
          `シート『${sheet}』のセル ${address}(${cellLabel(rows, index, column)})が変更されています。①〜⑥は報告の内容のまま取り込んでください(報告では「${cutForMessage(expected)}」)。`,
        );
    }),
  );
  return changed.length > 10
    ? [...changed.slice(0, 10), `ほかに ${changed.length - 10} か所が変更されています。`]
    : changed;
}

const cutForMessage = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

const SECTION_NAMES: Record<string, string> = { '③': '③全体概要', '④': '④市予算事業', '⑤': '⑤ KPI' };

/** A cell of the ①–⑥ layout in words: its section and column header, e.g. 「⑤ KPI 指標① 基準値」. */
export function cellLabel(rows: LayoutRow[], index: number, column: number): string {
  const row = rows[index];
  if (row.kind === 'title') return '表題';
  if (row.kind === 'heading' || row.kind === 'header') return '見出し';
  const before = rows.slice(0, index).reverse();
  const header = before.find((candidate) => candidate.kind === 'header');
  const heading = before.find((candidate) => candidate.kind === 'heading');
  const start = header?.merges?.find(([from, to]) => column >= from && column <= to)?.[0] ?? column;
  const headerText = String(header?.cells[start] ?? '').replace(/\s*\(.*$/, '');
  if (headerText === '事業効果') return '⑥事業効果';
  if (!heading) return headerText;
  const first = String(heading.cells[0] ?? '');
  const section = SECTION_NAMES[first.charAt(0)] ?? first;
  if (row.kind === 'text') return section;
  if (row.kind === 'total') return `${section} 合計`;
  return first.startsWith('⑤') ? `${section} ${String(row.cells[0])} ${headerText}` : `${section} ${headerText}`;
}

/**
 * Whether the actor may do the action to the report now, else the refusal in words. `entered`: the assignments whose
 * opinion the workbook enters before the evaluation, which it then no longer awaits.
 */
function refusal(
  action: ReportAction,
  report: PackReport,
  actor: OrganizationActor,
  what: string,
  entered: string[] = [],
): string | null {
  const { view } = report;
  try {
    authorizeAction(
      action,
      {
        status: view.status,
        organizationId: view.organizationId,
        departmentId: view.project.departmentId,
        assignedExpertIds: [],
        awaitedExperts: report.experts
          .filter((expert) => awaitsOpinion(expert) && !entered.includes(expert.assignmentId))
          .map(({ expertUserId, name, status }) => ({ expertUserId, name, status })),
        proposedBy: view.policy.proposedBy,
        policyCorrectedBy: view.policy.correctedBy,
        submissionProblems: [],
        openedFrom: correctionOpenedFrom(view),
      },
      actor,
    );
    return null;
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    if (error instanceof OpinionsAwaitedException) {
      const named = error.experts
        .map(
          ({ name, status }) => `${name}さん(${status === AssignmentStatus.Pending ? '依頼に未回答' : '意見が未記入'})`,
        )
        .join('、');
      return `意見がそろっていないため、${what}は取り込めません: ${named}。引き受けた外部有識者の意見を記入するか、報告の画面で未回答で解除してから取り込んでください。`;
    }
    if (error instanceof ConflictException) {
      const allowed = statesFor(action)
        .map((status) => `「${REPORT_STATUS_LABELS[status]}」`)
        .join('、');
      return `報告が「${view.statusLabel}」のため、${what}は取り込めません(${allowed}の報告だけが対象です)。`;
    }
    return `${what}を記録する権限がありません。`;
  }
}

function planEvaluation(
  planned: PlannedPackReport,
  report: PackReport,
  ratings: Ratings,
  actor: OrganizationActor,
  row: number,
  cell: (row: number, column: string) => string,
): void {
  const { evaluation } = report.view;
  const rating = normalized(cell(row, RATING_COLUMN));
  const opinion = normalized(cell(row, OPINION_COLUMN));
  const ratingCell = `${RATING_COLUMN}${row}`;
  const opinionCell = `${OPINION_COLUMN}${row}`;
  const changes: PackChange[] = [];
  if (!sameLabel(rating, evaluation.ratingLabel ?? ''))
    changes.push({
      field: 'panel_rating',
      label: '⑦ 事業の評価',
      cell: ratingCell,
      assignmentId: null,
      before: evaluation.ratingLabel ?? '',
      after: rating,
    });
  if (opinion !== normalized(evaluation.opinion))
    changes.push({
      field: 'panel_opinion',
      label: '⑦ 外部有識者からの意見',
      cell: opinionCell,
      assignmentId: null,
      before: evaluation.opinion,
      after: opinion,
    });
  if (changes.length === 0) return;
  // Planned after the opinions (see planPackImport), listed before them, as ⑦ comes first on the sheet.
  planned.changes.unshift(...changes);
  const where = `シート『${planned.sheet}』の⑦`;
  const entered = planned.opinions.map(({ assignmentId }) => assignmentId);
  const refused = refusal(ReportAction.Evaluate, report, actor, '⑦(事業の評価と意見)', entered);
  if (refused) return void planned.errors.unshift(`${where}: ${refused}`);
  if (!rating || !opinion)
    return void planned.errors.unshift(
      `${where}: 事業の評価(セル ${ratingCell})と意見(セル ${opinionCell})の両方を記入してください。`,
    );
  const choice = offeredChoices(ratings, evaluation.option).find((candidate) => sameLabel(candidate.label, rating));
  if (!choice) return void planned.errors.unshift(unknownRating(planned.sheet, ratingCell, rating, ratings));
  if (opinion.length > MAX_TEXT_LENGTH)
    return void planned.errors.unshift(`${where}: 意見(セル ${opinionCell})は ${MAX_TEXT_LENGTH} 文字までです。`);
  planned.evaluation = { rating: choice.key, opinion };
}

function planOpinion(
  planned: PlannedPackReport,
  report: PackReport,
  ratings: Ratings,
  actor: OrganizationActor,
  entry: { assignmentId: string; expertUserId: string; row: number },
  cell: (row: number, column: string) => string,
): void {
  const expert = report.experts.find((candidate) => candidate.assignmentId === entry.assignmentId);
  if (!expert || expert.expertUserId !== entry.expertUserId)
    return void planned.errors.push(
      `シート『${planned.sheet}』の ${entry.row} 行目の外部有識者は、いまはこの報告の依頼先ではありません。資料を出力し直してください。`,
    );
  if (normalized(cell(entry.row, 'A')) !== normalized(expert.name))
    return void planned.errors.push(
      `シート『${planned.sheet}』の ${entry.row} 行目が外部有識者「${expert.name}」の行ではありません。行を追加・削除せずに記入してください。`,
    );
  const ratingCell = `${EXPERT_RATING_COLUMN}${entry.row}`;
  const opinionCell = `${OPINION_COLUMN}${entry.row}`;
  const ratingText = normalized(cell(entry.row, EXPERT_RATING_COLUMN));
  const opinion = normalized(cell(entry.row, OPINION_COLUMN));
  const currentLabel = ratingLabelOf(ratings, expert.rating);
  const choice = ratingText
    ? offeredChoices(ratings).find((candidate) => sameLabel(candidate.label, ratingText))
    : undefined;
  // The same kind in another option's wording is no change: an expert's rating keeps only the kind.
  const ratingChanged = ratingText
    ? choice
      ? choice.kind !== expert.rating
      : !sameLabel(ratingText, currentLabel)
    : expert.rating !== null;
  const changes: PackChange[] = [];
  if (ratingChanged)
    changes.push({
      field: 'expert_rating',
      label: `${expert.name}さんの評価`,
      cell: ratingCell,
      assignmentId: expert.assignmentId,
      before: currentLabel,
      after: ratingText,
    });
  if (opinion !== normalized(expert.opinion))
    changes.push({
      field: 'expert_opinion',
      label: `${expert.name}さんの意見`,
      cell: opinionCell,
      assignmentId: expert.assignmentId,
      before: expert.opinion,
      after: opinion,
    });
  if (changes.length === 0) return;
  planned.changes.push(...changes);
  const where = `シート『${planned.sheet}』の${expert.name}さんの行`;
  const refused = refusal(ReportAction.EnterOpinionOnBehalf, report, actor, '外部有識者の意見');
  if (refused) return void planned.errors.push(`${where}: ${refused}`);
  if (expert.status !== AssignmentStatus.Accepted)
    return void planned.errors.push(
      `${where}: ${expert.name}さんは依頼をまだ引き受けていないため、意見を代わりに記録できません(引受けと利害関係の申告はご本人が行います)。`,
    );
  if (!ratingText || !opinion)
    return void planned.errors.push(
      `${where}: 評価(セル ${ratingCell})と意見(セル ${opinionCell})の両方を記入してください。`,
    );
  if (!choice) return void planned.errors.push(unknownRating(planned.sheet, ratingCell, ratingText, ratings));
  if (opinion.length > MAX_TEXT_LENGTH)
    return void planned.errors.push(`${where}: 意見(セル ${opinionCell})は ${MAX_TEXT_LENGTH} 文字までです。`);
  planned.opinions.push({
    assignmentId: expert.assignmentId,
    expertUserId: expert.expertUserId,
    rating: choice.kind,
    opinion,
  });
}

function unknownRating(sheet: string, address: string, text: string, ratings: Ratings): string {
  return `シート『${sheet}』のセル ${address} の評価「${cutForMessage(text)}」は選択肢にありません。${offeredChoices(
    ratings,
  )
    .map((choice) => `「${choice.label}」`)
    .join('、')}から選んでください。`;
}
