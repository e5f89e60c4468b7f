import { ictParkR2Report, importAsPublished } from '../imports/import-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

const CODE = '012041';
const KPI_LINE = '指標①\t情報通信業就職者数\t0\t27\t人\tR5.3\t6 (R3.3)';

/**
 * A KPI measured as a rate with four decimals (0.1255), read on the pages, in the files and in the record of changes:
 * each shows the value that was entered, so a citizen, the planning division and an auditor read the same figure, and
 * a correction of the last decimal is not shown as a change from a number to itself.
 */
describe('Numbers read as they were entered, on every page and in every file', () => {
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const page = async (path: string, cookie = '') =>
    shownText((await t.http().get(path).set('Cookie', cookie).expect(200)).text);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const text = ictParkR2Report();
    expect(text).toContain(KPI_LINE);
    const { imported } = await importAsPublished(t, cast.organizationId, cast.tokens.admin, {
      text: text.replace(KPI_LINE, '指標①\t情報通信業就職者数\t0.1255\t0.25\t人\tR5.3\t0.1834 (R3.3)'),
      sourceName: 'ict-park-r2-rates.txt',
      departmentId: cast.departmentId,
    });
    reportId = (imported.reports as { reportId: string }[])[0].reportId;
  }, 120_000);

  afterAll(() => t?.close());

  it('the public page shows the baseline, target and latest value with their four decimals', async () => {
    const shown = await page(`/public/${CODE}/reports/${reportId}`);
    expect(shown).toContain('指標① 情報通信業就職者数 0.1255 0.25 人');
    expect(shown).toContain('0.1834人 (R3.3月)');
    expect(shown).not.toMatch(/0\.126|0\.183[^4]/);
  });

  it('the signed-in report page and the year’s open data show the same figures', async () => {
    const shown = await page(
      `/o/${cast.organizationId}/reports/${reportId}`,
      await sessionCookie(t, 'owner@example.jp'),
    );
    expect(shown).toContain('0.1255人');
    expect(shown).toContain('0.1834人');
    const csv = await t.http().get(`/public/${CODE}/open-data/2020/kpis.csv`).expect(200);
    expect(csv.text).toContain('0.1834');
  });

  it('a correction of the last decimal lists the two values apart', async () => {
    await t
      .http()
      .post(api(`/reports/${reportId}/correct`))
      .set(as('admin'))
      .send({ reason: '実績値の誤記' })
      .expect(200);
    const { version, kpis } = (
      await t
        .http()
        .get(api(`/reports/${reportId}`))
        .set(as('owner'))
        .expect(200)
    ).body;
    // Every KPI's result as it stands, but the last decimal of 指標①'s.
    const kpiResults = kpis.map((kpi: any) => ({
      position: kpi.definition.position,
      latestValue: kpi.definition.position === 1 ? 0.1835 : kpi.latestValue,
      latestAsOf: kpi.latestAsOf,
      isReference: kpi.isReference,
    }));
    await t
      .http()
      .patch(api(`/reports/${reportId}`))
      .set(as('owner'))
      .send({ version, kpiResults })
      .expect(200);
    const shown = await page(
      `/o/${cast.organizationId}/reports/${reportId}`,
      await sessionCookie(t, 'owner@example.jp'),
    );
    // The changes since the published edition, a row of the field, the value before and the value after.
    const changes = shown.slice(shown.indexOf('公表している第1版からの変更'), shown.indexOf('削除された部分は取消線'));
    expect(changes).toContain('(1項目)');
    expect(changes.replace(/\s+/g, '')).toContain('⑤指標①の最新値0.18340.1835');
  });
});
