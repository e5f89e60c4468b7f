import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { importAsPublished, seedText } from '../imports/import-scenario';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { enterSeedReport, reportUpdate, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

const CODE = '012041';
const R4 = ASAHIKAWA_R4_REPORTS[0];
/** The same project's year before and year after, each KPI measured at the end of its year. */
const inYear = (fiscalYear: number, values: number[]): SeedReport => ({
  ...R4,
  fiscalYear,
  actualAsOfLabel: `R${fiscalYear - 2018}.3.実績`,
  kpis: R4.kpis.map((kpi, index) => ({
    ...kpi,
    latestValue: values[index],
    latestAsOf: { year: fiscalYear + 1, month: 3 },
  })),
});
const R3 = inYear(2021, [74, 11, 49]);
const R5 = inYear(2023, [150, 28, 110]);

/**
 * ⑤'s 前年度実績 on a public report page is the year before as the public record held it when the shown edition was
 * published: the year before published, corrected or withdrawn afterwards leaves the edition's page as it was, the
 * way the year before's own page carries its corrections, each a visible edition of its own. (The KPI ledger below
 * the current edition follows every published year, and says so.)
 */
describe('前年度実績 on a public report page, as it was published', () => {
  let t: TestApp;
  let cast: Cast;
  let projectId: string;
  const report: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const step = (reportId: string, path: string, who: string, body: object = {}) =>
    t
      .http()
      .post(api(`/reports/${reportId}${path}`))
      .set(as(who))
      .send(body)
      .expect(200);
  const bytesOf = async (path: string) => (await t.http().get(path).buffer(true).expect(200)).text;
  /** A report's public page and its first edition's: the edition's bytes, and each page's 前年度実績. */
  const read = async (reportId: string) => {
    const [current, edition] = await Promise.all(
      [`/public/${CODE}/reports/${reportId}`, `/public/${CODE}/reports/${reportId}/editions/1`].map(bytesOf),
    );
    return { edition, previous: [previousCells(current), previousCells(edition)] };
  };
  /** Each KPI's 前年度実績 cell on a public page. */
  const previousCells = (html: string) =>
    [...html.matchAll(/data-label="前年度実績\(R\d+年度\)">([^<]*)</g)].map(([, text]) => text);

  async function publish(reportId: string, seed: SeedReport) {
    await step(reportId, '/submit', 'owner');
    await reviewAndPropose(t, cast, reportId, seed);
    await step(reportId, '/approve', 'approver');
    await step(reportId, '/publish', 'planner');
  }

  async function publishYear(seed: SeedReport): Promise<string> {
    const draft = (
      await t.http().post(api('/reports')).set(as('owner')).send({ projectId, fiscalYear: seed.fiscalYear }).expect(201)
    ).body;
    await t
      .http()
      .patch(api(`/reports/${draft.id}`))
      .set(as('owner'))
      .send({ ...reportUpdate(seed, draft.version), previousPolicyFollowUp: '前年度の方針に沿って取り組んだ。' })
      .expect(200);
    await publish(draft.id, seed);
    return draft.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const entered = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, R4);
    projectId = entered.project.id;
    report.r4 = entered.id;
    await publish(report.r4, R4);
  }, 60_000);

  afterAll(() => t.close());

  it('keeps 「—」 on a year published before the year before it was', async () => {
    const before = await read(report.r4);
    expect(before.previous[0]).toEqual(['—', '—', '—']);

    report.r3 = await publishYear(R3);

    expect(await read(report.r4)).toEqual(before);
  });

  it('keeps the year before as it was published when it is corrected, and when its publication is withdrawn', async () => {
    report.r5 = await publishYear(R5);
    const before = await read(report.r5);
    expect(before.previous).toEqual([
      ['124 (R5.6月)', '22 (R5.6月)', '99 (R5.6月)'],
      ['124 (R5.6月)', '22 (R5.6月)', '99 (R5.6月)'],
    ]);

    await step(report.r4, '/correct', 'admin', { reason: '指標①の誤り' });
    const { version } = (
      await t
        .http()
        .get(api(`/reports/${report.r4}`))
        .set(as('owner'))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`/reports/${report.r4}`))
      .set(as('owner'))
      .send({
        version,
        kpiResults: R4.kpis.map((kpi) => ({
          position: kpi.position,
          latestValue: kpi.position === 1 ? 130 : kpi.latestValue,
          latestAsOf: '2023-06',
        })),
      })
      .expect(200);
    await step(report.r4, '/submit-correction', 'owner');
    await step(report.r4, '/publish', 'planner');
    // The year before's own page is corrected, as its second edition.
    expect(previousCells(await bytesOf(`/public/${CODE}/reports/${report.r4}`))).toEqual([
      '74 (R4.3月)',
      '11 (R4.3月)',
      '49 (R4.3月)',
    ]);
    expect(await bytesOf(`/public/${CODE}/reports/${report.r4}`)).toContain('130 (R5.6月)');
    expect(await read(report.r5)).toEqual(before);

    await step(report.r4, '/withdraw-publication', 'admin', { reason: '数値の根拠を確認するため' });
    expect(await read(report.r5)).toEqual(before);
  });

  it('takes the year before from the same import when two years are imported as published together', async () => {
    const asahikawa = seedText('asahikawa-r4-results-report.txt');
    const ictParkR4 = asahikawa.slice(asahikawa.lastIndexOf('地方創生関連交付金事業及び企業版ふるさと納税活用事業'));
    const ictParkR3 = ictParkR4
      .replace('R2年度～R6年度 (3年度目)', 'R2年度～R6年度 (2年度目)')
      .replace('④市予算事業(令和4年度)', '④市予算事業(令和3年度)')
      .replace('(R5.3実績)', '(R4.3実績)')
      .replace('6 (R5.3)', '3 (R4.3)')
      .replace('7 (R5.3)', '5 (R4.3)')
      .replace('673 (R5.3)', '600 (R4.3)');
    const { imported } = await importAsPublished(t, cast.organizationId, cast.tokens.admin, {
      text: `${ictParkR3}\n${ictParkR4}`,
      sourceName: 'ict-park-r3-r4.txt',
      departmentId: cast.departmentId,
    });
    const [r3, r4] = imported.reports as { reportId: string; projectId: string; fiscalYear: number }[];
    expect([r3.fiscalYear, r4.fiscalYear, r4.projectId]).toEqual([2021, 2022, r3.projectId]);

    expect((await read(r4.reportId)).previous).toEqual([
      ['3 (R4.3月)', '5 (R4.3月)', '600 (R4.3月)'],
      ['3 (R4.3月)', '5 (R4.3月)', '600 (R4.3月)'],
    ]);
  });
});
