import { KUSHIRO_R4_PROJECTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { isoYearMonth } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, sendPageForm, shownText } from './support/page-forms';

/**
 * ⑤'s form asks for the yearly actuals that can be saved (the plan period up to the report's year) and no others:
 * actuals the report holds of other years (a Kushiro sheet's R1…R4 kept after the plan was narrowed to R3–R4) are
 * shown read-only, say why, and stay as they are when the form is saved.
 */
describe('Web ⑤ form: yearly actuals of years that cannot be entered', () => {
  const kushiro = KUSHIRO_R4_PROJECTS[0];
  let t: TestApp;
  let cast: Cast;
  let owner: string;
  let reportId: string;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}/${path}`;
  const auth = () => ({ Authorization: `Bearer ${cast.tokens.owner}` });
  const section = () => `/o/${cast.organizationId}/reports/${reportId}/sections/kpis`;
  const stored = async () =>
    (
      await t
        .http()
        .get(api(`reports/${reportId}`))
        .set(auth())
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    owner = await sessionCookie(t, 'owner@example.jp');
    const project = (
      await t
        .http()
        .post(api('projects'))
        .set(auth())
        .send({
          departmentId: cast.departmentId,
          name: kushiro.name,
          grantTypeCode: 'promotion',
          planStartFiscalYear: 'R1',
          planEndFiscalYear: 'R4',
          overview: kushiro.overview,
          kpis: kushiro.kpis.map((kpi, index) => ({
            position: index + 1,
            name: kpi.name,
            target: kpi.target,
            unit: kpi.unit,
            targetYearMonth: isoYearMonth(kpi.targetYearMonth),
          })),
        })
        .expect(201)
    ).body;
    const draft = (
      await t.http().post(api('reports')).set(auth()).send({ projectId: project.id, fiscalYear: 'R4' }).expect(201)
    ).body;
    await t
      .http()
      .patch(api(`reports/${draft.id}`))
      .set(auth())
      .send({
        version: draft.version,
        kpiResults: kushiro.kpis.map((kpi, index) => ({
          position: index + 1,
          latestValue: kpi.actuals[2022],
          yearlyActuals: Object.entries(kpi.actuals).map(([fiscalYear, value]) => ({
            fiscalYear: Number(fiscalYear),
            value,
          })),
        })),
      })
      .expect(200);
    // The plan is narrowed to R3–R4: R1 and R2 are no longer years the draft may be given an actual of.
    const narrowed = (
      await t
        .http()
        .get(api(`projects/${project.id}`))
        .set(auth())
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`projects/${project.id}`))
      .set(auth())
      .send({ version: narrowed.version, planStartFiscalYear: 'R3' })
      .expect(200);
    reportId = draft.id;
  });

  afterAll(() => t.close());

  it('shows a 基準値 the sheet leaves blank as 「—」 alone on the report page, without the KPI’s unit', async () => {
    const page = await t.http().get(`/o/${cast.organizationId}/reports/${reportId}`).set('Cookie', owner).expect(200);
    const baselines = [...page.text.matchAll(/<td data-label="基準値" class="numeric">([^<]*)<\/td>/g)];
    expect(baselines.map(([, cell]) => cell)).toEqual(kushiro.kpis.map(() => '—'));
  });

  it('offers inputs for R3 and R4 only, and shows R1 and R2 read-only with why', async () => {
    const shown = await t.http().get(section()).set('Cookie', owner).expect(200);

    const fields = formsOf(shown.text, section()).find((form) => form.action === section())!.fields;
    const years = fields.filter(([name]) => /^\/kpiResults\/0\/yearlyActuals\/\d+\/fiscalYear$/.test(name));
    expect(years.map(([, year]) => year)).toEqual(['2021', '2022']);
    const text = shownText(shown.text);
    expect(text).toContain(
      '次の年度の実績は記録されている値で、ここでは変更できません(②実施計画期間の変更前の値や、取り込んだ表の値です)。保存してもそのまま残ります。入力できるのは、②実施計画期間の初年度からこの報告の年度まで(R3年度～R4年度)の実績です。',
    );
    expect(text).toContain('R元年度(2019年度) 21人 R2年度(2020年度) 6人');
    expect(text).toContain('R元年度(2019年度) — R2年度(2020年度) 43社');
  });

  it('saved with R4 changed: R4 takes the value typed, R1 and R2 stay as stored', async () => {
    const saved = await sendPageForm(t, owner, section(), section(), { '/kpiResults/0/yearlyActuals/1/value': '19' });

    expect(saved.status).toBe(303);
    const kpis = (await stored()).kpis;
    expect(kpis[0].yearlyActuals).toEqual([
      { fiscalYear: 2019, value: 21 },
      { fiscalYear: 2020, value: 6 },
      { fiscalYear: 2021, value: 25 },
      { fiscalYear: 2022, value: 19 },
    ]);
    expect(kpis[2].yearlyActuals).toEqual(
      [2019, 2020, 2021, 2022].map((fiscalYear) => ({ fiscalYear, value: kushiro.kpis[2].actuals[fiscalYear] })),
    );
  });
});
