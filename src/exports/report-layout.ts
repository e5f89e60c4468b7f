import { formatFiscalYear } from '../common/japanese-era';
import { formatNumber } from '../common/number-format';
import { kpiLabel } from '../projects/kpi-label';
import { MAX_KPIS } from '../projects/kpi-label';
import { type ReportView } from '../reports/report/report-view';
import { ReportStatus, UNDER_CORRECTION } from '../reports/rules/report-status';

/** The official form's heading before the report title (事業実施結果報告, with (案) until published). */
export const FORM_TITLE_PREFIX = '地方創生関連交付金事業及び企業版ふるさと納税活用事業に係る';

export type LayoutCell = string | number | null;

/** How a row looks on the sheet; the cells are what a reader (or the importer) sees. */
export type LayoutRowKind = 'title' | 'heading' | 'header' | 'value' | 'text' | 'total';

export interface LayoutRow {
  kind: LayoutRowKind;
  cells: LayoutCell[];
  /** Column ranges [from, to] (0-based, inclusive) shown as one cell. */
  merges?: [number, number][];
}

/** Eight columns, as the published sheets have them. */
export const LAYOUT_COLUMNS = 8;
export const FULL: [number, number][] = [[0, LAYOUT_COLUMNS - 1]];
/** The two halves of a row, as ⑦ and ⑧ have them: the choice on the left, its text on the right. */
export const TWO_PARTS: [number, number][] = [
  [0, 3],
  [4, LAYOUT_COLUMNS - 1],
];

/** A cell's number, blank for none. */
export function numberOrBlank(value: number | null): string {
  return value === null ? '' : formatNumber(value);
}

/** "9,048 (4,524)": the amount and, in parentheses, its grant portion (千円). */
export function formatAmount(amount: number | null, grant: number | null): string {
  if (amount === null) return '';
  return grant === null ? formatNumber(amount) : `${formatNumber(amount)} (${formatNumber(grant)})`;
}

/** A KPI's 最新値 as ⑤ writes it (formatMeasured); '' without one. */
export function formatLatest(kpi: ReportView['kpis'][number]): string {
  if (kpi.latestValue === null) return '';
  return formatMeasured({ value: kpi.latestValue, asOfLabel: kpi.latestAsOfLabel, isReference: kpi.isReference });
}

/** "124 (R5.6月)", with 【参考値】 in front of a provisional value. */
export function formatMeasured(measured: { value: number; asOfLabel: string | null; isReference: boolean }): string {
  return `${measured.isReference ? '【参考値】' : ''}${formatNumber(measured.value)}${measured.asOfLabel ? ` (${measured.asOfLabel})` : ''}`;
}

export function isDraftLike(view: ReportView): boolean {
  return view.status !== ReportStatus.Published;
}

/** ⑥ as one cell: the level, then the explanation. */
export function effectText(view: ReportView): string {
  return [view.effect.levelLabel, view.effect.narrative].filter((part) => part).join('\n');
}

const publicationDate = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long' });

/** The edition whose values a report shows: its latest, none while a correction (the next edition's draft) is under way. */
export function editionShown(view: ReportView): ReportView['editions'][number] | undefined {
  return UNDER_CORRECTION.includes(view.status) ? undefined : view.editions.at(-1);
}

/**
 * 訂正履歴 of a corrected report, newest first: 「第2版 2026年11月29日 訂正（理由）」 … 「第1版 2023年6月30日 公表」.
 * Empty until a report has been corrected: a report published once needs no history.
 */
export function correctionHistory(view: ReportView): string[] {
  if (view.editions.length < 2) return [];
  return [...view.editions]
    .reverse()
    .map(({ edition, publishedAt, correctionReason }) =>
      correctionReason
        ? `第${edition}版 ${publicationDate.format(new Date(publishedAt))} 訂正（${correctionReason}）`
        : `第${edition}版 ${publicationDate.format(new Date(publishedAt))} 公表`,
    );
}

/**
 * One report in the official layout ①–⑧, with the totals computed from the lines. The importer reads exactly
 * these rows back, so export → import → export gives the same content.
 */
export function reportLayout(view: ReportView): LayoutRow[] {
  const draftMark = isDraftLike(view) ? '(案)' : '';
  return [
    ...layoutThroughEffect(view),
    { kind: 'heading', cells: [`⑦外部有識者からの評価${draftMark}`], merges: FULL },
    { kind: 'header', cells: ['事業の評価', '', '', '', `外部有識者からの意見${draftMark}`], merges: TWO_PARTS },
    {
      kind: 'value',
      cells: [view.evaluation.ratingLabel ?? '', '', '', '', view.evaluation.opinion],
      merges: TWO_PARTS,
    },
    { kind: 'heading', cells: ['⑧実績値を踏まえた事業の今後について'], merges: FULL },
    { kind: 'header', cells: ['今後の方針', '', '', '', '今後の方針の理由'], merges: TWO_PARTS },
    { kind: 'value', cells: [view.policy.formText ?? '', '', '', '', view.policy.reason], merges: TWO_PARTS },
    // Only on corrected reports, after ⑧, so an uncorrected report's sheet is the official form unchanged.
    ...(correctionHistory(view).length > 0
      ? [
          { kind: 'heading' as const, cells: ['訂正履歴'], merges: FULL },
          ...correctionHistory(view).map((line): LayoutRow => ({ kind: 'text', cells: [line], merges: FULL })),
        ]
      : []),
  ];
}

/** The title and ①–⑥ of the official layout: what the owning department wrote, before the panel's part. */
export function layoutThroughEffect(view: ReportView): LayoutRow[] {
  const project = view.project;
  const totals = view.totals.computed;
  const kpis = Array.from(
    { length: MAX_KPIS },
    (_, index) => view.kpis.find((kpi) => kpi.definition.position === index + 1) ?? null,
  );
  return [
    { kind: 'title', cells: [`${FORM_TITLE_PREFIX}${view.title}`], merges: FULL },
    {
      kind: 'header',
      cells: ['No', '①国提出事業名', '', `②実施計画期間 (${formatFiscalYear(view.fiscalYear)}の実施年数)`],
      merges: [
        [1, 2],
        [3, LAYOUT_COLUMNS - 1],
      ],
    },
    {
      kind: 'value',
      cells: [
        project.projectNumber,
        project.name,
        '',
        view.planYearLabel ? `${project.planPeriodLabel} (${view.planYearLabel})` : project.planPeriodLabel,
      ],
      merges: [
        [1, 2],
        [3, LAYOUT_COLUMNS - 1],
      ],
    },
    { kind: 'heading', cells: ['③全体概要'], merges: FULL },
    { kind: 'text', cells: [project.overview], merges: FULL },
    { kind: 'heading', cells: [`④市予算事業(${formatFiscalYear(view.fiscalYear, 'long')})`], merges: FULL },
    {
      kind: 'header',
      cells: [
        '事業名',
        '概要',
        '主な事業実績',
        '予算額 (うち交付金見込)',
        `実績額 (${view.actualAsOfLabel ? `${view.actualAsOfLabel}実績` : '実績'})`,
      ],
    },
    ...view.budgetLines.map((line): LayoutRow => ({
      kind: 'value',
      cells: [
        line.name,
        line.summary,
        line.results,
        formatAmount(line.budgetAmount, line.budgetGrantAmount),
        formatAmount(line.actualAmount, line.actualGrantAmount),
      ],
    })),
    {
      kind: 'total',
      cells: [
        '合計 (うち交付金対象)',
        '',
        '',
        formatAmount(totals.budgetAmount, totals.budgetGrantAmount),
        formatAmount(totals.actualAmount, totals.actualGrantAmount),
      ],
      merges: [[0, 2]],
    },
    {
      kind: 'heading',
      cells: ['⑤本事業における重要業績評価指標(KPI)', '', '', '', '⑥本事業終了後における実績値'],
      merges: TWO_PARTS,
    },
    {
      kind: 'header',
      cells: ['指標名', '', '基準値', '目標値', '単位', '目標年月', '最新値', '事業効果'],
      merges: [[0, 1]],
    },
    ...kpis.map((kpi, index): LayoutRow => ({
      kind: 'value',
      cells: [
        kpiLabel(index + 1),
        kpi?.definition.name ?? '',
        kpi?.definition.baseline ?? null,
        kpi?.definition.target ?? null,
        kpi?.definition.unit ?? '',
        kpi?.definition.targetYearMonthLabel ?? '',
        kpi ? formatLatest(kpi) : '',
        index === 0 ? effectText(view) : '',
      ],
    })),
  ];
}
