import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa, renameDepartment } from '../support/organization-scenario';
import { decideSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

const R4 = ASAHIKAWA_R4_REPORTS[0];

/**
 * What a published report was made from goes on changing inside the service: its department is renamed and then
 * merged into another, the wording of ⑥–⑧'s choices is reworded, its project is renamed and planned anew from the next
 * year, the people who worked on it rename themselves. None of it reaches what was published: every public page and
 * open-data file of the year answers with the same bytes, built again (not served from what was kept for it).
 */
describe('A published report after everything it was made from has changed', () => {
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  const published = new Map<string, string>();
  const organization = () => `/api/v1/organizations/${cast.organizationId}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const publicFiles = () => [
    `/public/012041/reports/${reportId}`,
    `/public/012041/reports/${reportId}/editions/1`,
    `/public/012041/${R4.fiscalYear}`,
    `/public/012041/${R4.fiscalYear}/summary`,
    `/public/012041/open-data/${R4.fiscalYear}/kpis.csv`,
    `/public/012041/open-data/${R4.fiscalYear}/reports.csv`,
  ];
  const bytesOf = async (path: string) => (await t.http().get(path).buffer(true).expect(200)).text;
  const updatedAt = async () =>
    (await t.http().get(`/public/012041/open-data/${R4.fiscalYear}/data.json`).expect(200)).body.updatedAt as string;
  let updatedWhenPublished: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const report = await decideSeedReport(t, cast, R4);
    reportId = report.id;
    await t.http().post(`${organization()}/reports/${reportId}/publish`).set(as('planner')).expect(200);
    for (const path of publicFiles()) published.set(path, await bytesOf(path));
    updatedWhenPublished = await updatedAt();
    const other = await decideSeedReport(t, cast, { ...ASAHIKAWA_R4_REPORTS[1], fiscalYear: R4.fiscalYear - 1 });

    await renameDepartment(t, cast.tokens.admin, cast.organizationId, cast.departmentId, '経済観光部');
    for (const scale of ['effect_level', 'panel_rating', 'policy_decision']) {
      const { options, checksum } = (
        await t.http().get(`${organization()}/assessment-options/${scale}`).set(as('admin'))
      ).body as { options: { key: string; label: string }[]; checksum: string };
      await t
        .http()
        .put(`${organization()}/assessment-options/${scale}`)
        .set(as('admin'))
        .send({ options: options.map(({ key, label }) => ({ key, label: `${label}(改)` })), checksum })
        .expect(200);
    }
    const project = (await t.http().get(`${organization()}/projects/${report.project.id}`).set(as('owner'))).body;
    await t
      .http()
      .patch(`${organization()}/projects/${report.project.id}`)
      .set(as('owner'))
      .send({
        version: project.version,
        name: '名前を改めた事業',
        overview: '翌年度からの新しい概要',
        kpis: (project.kpis as { position: number; name: string; target: number }[]).map(
          ({ position, name, target }) => ({ position, name: `${name}(改)`, target: target + 10 }),
        ),
        amendment: { effectiveFiscalYear: R4.fiscalYear + 1, reason: '翌年度から指標を見直す' },
      })
      .expect(200);
    for (const who of ['planner', 'approver', 'expertA', 'owner'])
      await t
        .http()
        .patch('/api/v1/auth/me')
        .set(as(who))
        .send({ displayName: `改名した${who}` })
        .expect(200);
    const successor = await t
      .http()
      .post(`${organization()}/departments`)
      .set(as('admin'))
      .send({ name: '産業振興部' })
      .expect(201);
    await t
      .http()
      .post(`${organization()}/departments/${cast.departmentId}/retirement`)
      .set(as('admin'))
      .send({ successorId: successor.body.id })
      .expect(200);

    // Another year's report published: the public record changes, so nothing is answered from what was kept.
    await t.http().post(`${organization()}/reports/${other.id}/publish`).set(as('planner')).expect(200);
  });

  afterAll(() => t.close());

  it('builds the year again: its data.json says the public record changed since', async () => {
    expect(await updatedAt()).not.toBe(updatedWhenPublished);
  });

  it.each(
    [
      'its page',
      'its edition 1',
      "the year's list",
      "the year's summary",
      "the year's KPI CSV",
      "the year's report CSV",
    ].map((label, index) => [label, index] as const),
  )('answers %s with the bytes it was published with', async (_label, index) => {
    const path = publicFiles()[index];
    expect(await bytesOf(path)).toBe(published.get(path));
  });
});
