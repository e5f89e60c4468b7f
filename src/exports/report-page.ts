import { readFileSync } from 'node:fs';
import { Environment } from 'nunjucks';
import { formatFiscalYear } from '../common/japanese-era';
import { formatPercent } from '../common/percent';
import { kpiLabel } from '../projects/kpi-label';
import { type ReportView } from '../reports/report/report-view';
import {
  correctionHistory,
  editionShown,
  effectText,
  formatAmount,
  formatLatest,
  numberOrBlank,
  FORM_TITLE_PREFIX,
  isDraftLike,
} from './report-layout';

/** デジタル庁デザインシステム's tokens as CSS variables, inlined so the page stands alone (saved, mailed, printed). */
const DESIGN_TOKENS = readFileSync(require.resolve('@digital-go-jp/design-tokens/dist/tokens-simple.css'), 'utf8');

const environment = new Environment(null, { autoescape: true });

/** A standalone page that prints cleanly on A4: sections kept together where they fit, table headers repeated. */
const DOCUMENT = `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
{{ tokens | safe }}
@page { size: A4 portrait; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
body { font-family: var(--font-family-sans); color: var(--color-neutral-solid-gray-900); font-size: 10.5pt; line-height: 1.6; max-width: 186mm; margin: 0 auto; padding: 24px 16px; }
header { border-bottom: 2px solid var(--color-neutral-solid-gray-800); margin-bottom: 12px; }
.form-title { margin: 0; font-size: 9.5pt; }
h1, .report-title { font-size: 15pt; margin: 0 0 4px; }
.meta { margin: 0 0 8px; color: var(--color-neutral-solid-gray-600); font-size: 9.5pt; }
.section-title, .toc h2 { font-size: 11.5pt; margin: 16px 0 4px; padding: 2px 6px; background: var(--color-primitive-blue-50); border-left: 4px solid var(--color-primitive-blue-900); break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid var(--color-neutral-solid-gray-420); padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: var(--color-neutral-solid-gray-50); font-weight: bold; }
.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.text { white-space: pre-line; }
.keep { break-inside: avoid; page-break-inside: avoid; }
tfoot td { font-weight: bold; background: var(--color-neutral-solid-gray-50); }
.replaced { margin: 0 0 12px; padding: 6px 10px; border: 2px solid var(--color-primitive-orange-600); font-weight: bold; }
.note { font-size: 9pt; color: var(--color-neutral-solid-gray-600); }
footer { margin-top: 16px; font-size: 8.5pt; color: var(--color-neutral-solid-gray-600); }
.toc ol { padding-left: 1.5em; }
.toc a { color: inherit; }
.pack-report { break-before: page; page-break-before: always; }
/* A phone reads it too: its numbers wrap rather than push the tables wider than the screen. */
@media screen and (max-width: 480px) {
  body { padding: 16px 8px; }
  th, td { padding: 3px 4px; }
  .number { white-space: normal; }
}
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  .screen-only { display: none; }
}
</style>
</head>
<body>
<main>
<p class="screen-only note">ブラウザの印刷機能(Ctrl+P / ⌘P)で A4 縦に印刷できます。</p>
{{ content | safe }}
</main>
</body>
</html>
`;

/**
 * One report: its heading, ①–⑧ and the footer with when it was printed and its version. The title says (案) until the
 * report is published, once: the draft mark is not repeated beside it.
 */
const REPORT = `{% if replacedBy %}<p class="replaced">この版は第{{ replacedBy.by }}版で訂正されています。<a href="?format=html&amp;edition={{ replacedBy.latest }}">最新の版を見る</a></p>
{% endif %}<header>
  <p class="form-title">{{ formTitle }}</p>
  <{{ titleTag }} class="report-title">{{ view.title }}</{{ titleTag }}>
  <p class="meta">{{ view.fiscalYearLabel }} ・ {{ view.statusLabel }}{% if view.project.departmentName %} ・ {{ view.project.departmentName }}{% endif %}{% if view.project.grantTypeLabel %} ・ {{ view.project.grantTypeLabel }}{% endif %}</p>
</header>

<section class="keep">
  <table>
    <thead><tr><th style="width:10%">No</th><th>①国提出事業名</th><th style="width:30%">②実施計画期間 ({{ fiscalYearShort }}の実施年数)</th></tr></thead>
    <tbody><tr><td>{{ view.project.projectNumber }}</td><td>{{ view.project.name }}</td><td>{{ view.project.planPeriodLabel }}{% if view.planYearLabel %} ({{ view.planYearLabel }}){% endif %}</td></tr></tbody>
  </table>
</section>

<section>
  <{{ sectionTag }} class="section-title">③全体概要</{{ sectionTag }}>
  <p class="text">{{ view.project.overview }}</p>
</section>

<section>
  <{{ sectionTag }} class="section-title">④市予算事業({{ fiscalYearLong }})</{{ sectionTag }}>
  <table>
    <thead><tr><th style="width:16%">事業名</th><th>概要</th><th>主な事業実績</th><th style="width:13%">予算額<br>(うち交付金見込)</th><th style="width:13%">実績額<br>({{ actualAsOf }})</th></tr></thead>
    <tbody>
    {% for line in budgetLines %}<tr><td>{{ line.name }}</td><td class="text">{{ line.summary }}</td><td class="text">{{ line.results }}</td><td class="number">{{ line.budget }}</td><td class="number">{{ line.actual }}</td></tr>
    {% endfor %}
    </tbody>
    <tfoot><tr><td colspan="3">合計 (うち交付金対象)</td><td class="number">{{ totals.budget }}</td><td class="number">{{ totals.actual }}</td></tr></tfoot>
  </table>
  <p class="note">単位: 千円。合計は各事業の額から計算しています。</p>
</section>

<section>
  <{{ sectionTag }} class="section-title">⑤本事業における重要業績評価指標(KPI) ・ ⑥本事業終了後における実績値</{{ sectionTag }}>
  <table>
    <thead><tr><th style="width:8%">指標</th><th>指標名</th><th style="width:9%">基準値</th><th style="width:9%">目標値</th><th style="width:7%">単位</th><th style="width:9%">目標年月</th><th style="width:13%">最新値</th><th style="width:8%">達成率</th></tr></thead>
    <tbody>
    {% for kpi in kpis %}<tr><td>{{ kpi.label }}</td><td>{{ kpi.name }}</td><td class="number">{{ kpi.baseline }}</td><td class="number">{{ kpi.target }}</td><td>{{ kpi.unit }}</td><td>{{ kpi.targetYearMonth }}</td><td class="number">{{ kpi.latest }}</td><td class="number">{{ kpi.achievement }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  <table class="keep" style="margin-top:6px"><tbody>
    <tr><th style="width:16%">事業効果</th><td class="text">{{ effect }}</td></tr>
    {% if view.effect.reason %}<tr><th>目安と異なる評価の理由</th><td class="text">{{ view.effect.reason }}(目安: {{ view.effect.suggested.levelLabel if view.effect.suggested else '' }})</td></tr>{% endif %}
    {% if view.analysis.factors %}<tr><th>要因分析(結果の要因)</th><td class="text">{{ view.analysis.factors }}</td></tr>{% endif %}
    {% if view.analysis.measures %}<tr><th>要因分析(今後講じる措置)</th><td class="text">{{ view.analysis.measures }}</td></tr>{% endif %}
    {% if view.followUp.previousDecision %}<tr><th>{{ view.followUp.previousDecision.fiscalYearLabel }}の方針({{ view.followUp.previousDecision.label }})への対応</th><td class="text">{{ view.followUp.response }}</td></tr>
    {% elif view.followUp.previousDecisionUnnamed %}<tr><th>前年度の方針への対応</th><td class="text">{{ view.followUp.response }}</td></tr>{% endif %}
  </tbody></table>
</section>

<section class="keep">
  <{{ sectionTag }} class="section-title">⑦外部有識者からの評価{% if draft %}(案){% endif %}</{{ sectionTag }}>
  <table><tbody>
    <tr><th style="width:16%">事業の評価</th><td>{{ view.evaluation.ratingLabel or '' }}</td></tr>
    <tr><th>外部有識者からの意見{% if draft %}(案){% endif %}</th><td class="text">{{ view.evaluation.opinion }}</td></tr>
  </tbody></table>
</section>

<section class="keep">
  <{{ sectionTag }} class="section-title">⑧実績値を踏まえた事業の今後について</{{ sectionTag }}>
  <table><tbody>
    <tr><th style="width:16%">今後の方針</th><td>{{ view.policy.formText or '' }}</td></tr>
    <tr><th>今後の方針の理由</th><td class="text">{{ view.policy.reason }}</td></tr>
  </tbody></table>
</section>

{% if corrections.length %}
<section class="keep">
  <{{ sectionTag }} class="section-title">訂正履歴</{{ sectionTag }}>
  <ul>{% for line in corrections %}<li>{{ line }}</li>{% endfor %}</ul>
</section>
{% endif %}

<footer>{{ printedAt }} 出力{% if view.publishedAt %} ・ 公表 {{ publishedOn }}{% endif %} ・ {% if edition %}第{{ edition.edition }}版{% else %}更新番号 {{ view.version }}{% endif %}</footer>
`;

const dateTime = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' });
const date = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long' });

/**
 * The report's cells as the official form shows them (amounts with their grant portion, 最新値 with its month, ⑥ as
 * one text): what this page and the public report page render, each in its own markup.
 */
export function reportSheet(view: ReportView) {
  const totals = view.totals.computed;
  return {
    formTitle: FORM_TITLE_PREFIX,
    draft: isDraftLike(view),
    corrections: correctionHistory(view),
    fiscalYearShort: formatFiscalYear(view.fiscalYear),
    fiscalYearLong: formatFiscalYear(view.fiscalYear, 'long'),
    actualAsOf: view.actualAsOfLabel ? `${view.actualAsOfLabel}実績` : '実績',
    budgetLines: view.budgetLines.map((line) => ({
      ...line,
      budget: formatAmount(line.budgetAmount, line.budgetGrantAmount),
      actual: formatAmount(line.actualAmount, line.actualGrantAmount),
    })),
    totals: {
      budget: formatAmount(totals.budgetAmount, totals.budgetGrantAmount),
      actual: formatAmount(totals.actualAmount, totals.actualGrantAmount),
    },
    kpis: view.kpis.map((kpi) => ({
      label: kpiLabel(kpi.definition.position),
      name: kpi.definition.name,
      baseline: numberOrBlank(kpi.definition.baseline),
      target: numberOrBlank(kpi.definition.target),
      unit: kpi.definition.unit,
      targetYearMonth: kpi.definition.targetYearMonthLabel ?? '',
      latest: formatLatest(kpi),
      achievement: kpi.achievementPercent === null ? '' : formatPercent(kpi.achievementPercent),
    })),
    effect: effectText(view),
  };
}

/** One report's part of a page (heading, ①–⑧, footer), for a page of its own or of several reports. */
/**
 * One report's section of a printable page; `nested` inside a document of several (a committee pack) whose own title
 * is the page's one h1, its headings one level down.
 */
export function reportSection(
  view: ReportView,
  printedAt = new Date(),
  nested = false,
  replacedBy: EditionReplacement | null = null,
): string {
  return environment.renderString(REPORT, {
    ...reportSheet(view),
    replacedBy,
    titleTag: nested ? 'h2' : 'h1',
    sectionTag: nested ? 'h3' : 'h2',
    view,
    // 第N版 as the public pages name it; a report never published, or under correction, by its 更新番号.
    edition: editionShown(view),
    printedAt: dateTime.format(printedAt),
    publishedOn: view.publishedAt ? date.format(new Date(view.publishedAt)) : '',
  });
}

/** A standalone A4 page around `content` (already escaped HTML), styled like the report page. */
export function printableDocument(title: string, content: string): string {
  return environment.renderString(DOCUMENT, { title, tokens: DESIGN_TOKENS, content });
}

/** An earlier edition's page names what replaced it: the edition that corrected it, and the newest, linked. */
export interface EditionReplacement {
  by: number;
  latest: number;
}

export function reportPage(
  view: ReportView,
  printedAt = new Date(),
  replacedBy: EditionReplacement | null = null,
): string {
  return printableDocument(
    `${view.title} ${view.fiscalYearLabel} ${view.project.name}`,
    reportSection(view, printedAt, false, replacedBy),
  );
}
