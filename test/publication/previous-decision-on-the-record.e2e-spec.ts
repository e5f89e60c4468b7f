import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { decideSeedReport, reportUpdate, reviewAndPropose, seedInYear } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from '../web/support/page-forms';

const CODE = '012041';
const RESPONSE = '決まった方針に沿って、商談会の回数を増やした。';

/**
 * A report answers the latest earlier year's decided 今後の方針 (PDCA). Inside, the decision is named once it is made.
 * A published edition names it only if that year's report was on the public record when the edition was published,
 * so citizens are never pointed at a decision they cannot read; the owner's response is published either way.
 */
describe('The earlier year’s decision on a public report page', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const step = (reportId: string, path: string, who: string, body: object = {}) =>
    t
      .http()
      .post(api(`/reports/${reportId}${path}`))
      .set(as(who))
      .send(body)
      .expect(200);
  const page = async (path: string, cookie = '') =>
    shownText((await t.http().get(path).set('Cookie', cookie).expect(200)).text);
  const publicPage = (reportId: string) => page(`/public/${CODE}/reports/${reportId}`);

  /** R3 of `seed`'s project decided to continue, and published if told (then withdrawn, if told); its id. */
  async function decideR3(seed: SeedReport, after: 'decided' | 'published' | 'withdrawn'): Promise<string> {
    const r3 = await decideSeedReport(
      t,
      cast,
      seedInYear(seed, seed.planStartFiscalYear, 2021, seed.planEndFiscalYear),
    );
    if (after !== 'decided') await step(r3.id, '/publish', 'planner');
    if (after === 'withdrawn')
      await step(r3.id, '/withdraw-publication', 'admin', { reason: '数値の根拠を確認するため' });
    return r3.id;
  }

  /** R4 of the project R3 `r3Id` is of, answering R3's decision, published; its id. */
  async function publishR4(seed: SeedReport, r3Id: string): Promise<string> {
    const { project } = (
      await t
        .http()
        .get(api(`/reports/${r3Id}`))
        .set(as('owner'))
        .expect(200)
    ).body;
    const draft = (
      await t
        .http()
        .post(api('/reports'))
        .set(as('owner'))
        .send({ projectId: project.id, fiscalYear: 2022 })
        .expect(201)
    ).body;
    await t
      .http()
      .patch(api(`/reports/${draft.id}`))
      .set(as('owner'))
      .send({ ...reportUpdate(seed, draft.version), previousPolicyFollowUp: RESPONSE })
      .expect(200);
    await step(draft.id, '/submit', 'owner');
    await reviewAndPropose(t, cast, draft.id, seed);
    await step(draft.id, '/approve', 'approver');
    await step(draft.id, '/publish', 'planner');
    return draft.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  }, 60_000);

  afterAll(() => t?.close());

  it('does not name a decision whose report is decided but unpublished; the page inside does', async () => {
    const [seed] = ASAHIKAWA_R4_REPORTS;
    const r3 = await decideR3(seed, 'decided');
    const r4 = await publishR4(seed, r3);

    const shown = await publicPage(r4);
    expect(shown).not.toContain('R3年度の方針(');
    expect(shown).toContain(`前年度の方針への対応 ${RESPONSE}`);
    const inside = await page(`/o/${cast.organizationId}/reports/${r4}`, await sessionCookie(t, 'owner@example.jp'));
    expect(inside).toContain('R3年度の今後の方針(事業の継続)への対応');
    expect(inside).toContain(RESPONSE);

    // The edition stays as it was published when the year before is published afterwards.
    await step(r3, '/publish', 'planner');
    expect(await publicPage(r4)).toContain(`前年度の方針への対応 ${RESPONSE}`);
  }, 120_000);

  it('names the decision when the year before was published first', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[1];
    const r4 = await publishR4(seed, await decideR3(seed, 'published'));

    expect(await publicPage(r4)).toContain(`R3年度の方針(事業の継続)への対応 ${RESPONSE}`);
  }, 120_000);

  it('does not name a decision whose publication was withdrawn', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[2];
    const r4 = await publishR4(seed, await decideR3(seed, 'withdrawn'));

    const shown = await publicPage(r4);
    expect(shown).not.toContain('R3年度の方針(');
    expect(shown).toContain(`前年度の方針への対応 ${RESPONSE}`);
  }, 120_000);
});
