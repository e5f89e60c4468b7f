import { Environment } from 'nunjucks';
import { fiscalYearLabel } from '../common/era-input';
import { printableDocument, reportSection } from '../exports/report-page';
import { ASSIGNMENT_STATUS_LABELS } from '../reports/rules/assignment-status';
import { type CommitteePack, ratingLabelOf } from './committee-pack';

const environment = new Environment(null, { autoescape: true });

/** The table of contents, then each report on its own pages, with what each expert has entered so far. */
const CONTENT = `<header>
  <p class="form-title">{{ organizationName }}</p>
  <h1>{{ yearLabel }} 外部評価委員会資料</h1>
  <p class="meta">{{ reports.length }}件の報告(有識者意見照会中以降)・ {{ printedAt }} 出力</p>
</header>
<nav class="toc" aria-labelledby="toc-title">
  <h2 id="toc-title">目次</h2>
  <ol>
  {% for report in reports %}<li><a href="#{{ report.anchor }}">{% if report.projectNumber %}No{{ report.projectNumber }} {% endif %}{{ report.name }}</a>(<span>{{ report.statusLabel }}</span>)</li>
  {% endfor %}
  </ol>
</nav>
{% for report in reports %}
<article class="pack-report" id="{{ report.anchor }}">
{{ report.section | safe }}
<section class="keep">
  <h3 class="section-title">外部有識者ごとの評価と意見</h3>
  {% if report.experts.length %}
  <table>
    <thead><tr><th style="width:18%">外部有識者</th><th style="width:10%">回答</th><th style="width:24%">評価</th><th>意見</th></tr></thead>
    <tbody>
    {% for expert in report.experts %}<tr><td>{{ expert.name }}</td><td>{{ expert.statusLabel }}</td><td>{{ expert.ratingLabel }}</td><td class="text">{{ expert.opinion }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% else %}<p>意見を依頼している外部有識者はいません。</p>{% endif %}
</section>
</article>
{% endfor %}`;

const dateTime = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' });

/** The pack as one page that prints on A4: a table of contents linking to each report, in the workbook's order. */
export function committeePackPage(pack: CommitteePack, printedAt = new Date()): string {
  const yearLabel = fiscalYearLabel(pack.fiscalYear);
  const content = environment.renderString(CONTENT, {
    organizationName: pack.organizationName,
    yearLabel,
    printedAt: dateTime.format(printedAt),
    reports: pack.reports.map((report, index) => ({
      anchor: `report-${index + 1}`,
      projectNumber: report.view.project.projectNumber,
      name: report.view.project.name,
      statusLabel: report.view.statusLabel,
      section: reportSection(report.view, printedAt, true),
      experts: report.experts.map((expert) => ({
        name: expert.name,
        statusLabel: ASSIGNMENT_STATUS_LABELS[expert.status],
        ratingLabel: ratingLabelOf(pack.ratings, expert.rating),
        opinion: expert.opinion,
      })),
    })),
  });
  return printableDocument(`${pack.organizationName} ${yearLabel} 外部評価委員会資料`, content);
}
