import { DomUtils, parseDocument } from 'htmlparser2';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from './support/page-forms';

/**
 * 意見の取りまとめ: once every expert asked has given an opinion, planning's ⑦ starts from their rating when all agree,
 * and says so; when they differ nothing is chosen for planning, and the page counts how many chose each.
 */
describe('The panel rating (⑦) on the consolidation form', () => {
  let t: TestApp;
  let cast: Cast;
  let reportId: string;
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const seed = ASAHIKAWA_R4_REPORTS[0];
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    await t.http().post(api('/submit')).set(as('owner')).expect(200);
    await t
      .http()
      .post(api('/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(30) })
      .expect(200);
    for (const expert of ['expertA', 'expertB']) {
      const [assignment] = (await t.http().get(api('/assignments')).set(as(expert)).expect(200)).body;
      await t
        .http()
        .post(api(`/assignments/${assignment.id}/respond`))
        .set(as(expert))
        .send({ accept: true, conflictOfInterest: 'none' })
        .expect(200);
    }
  });

  afterAll(() => t.close());

  async function giveOpinion(expert: string, rating: string): Promise<void> {
    const [assignment] = (await t.http().get(api('/assignments')).set(as(expert)).expect(200)).body;
    await t
      .http()
      .put(api(`/assignments/${assignment.id}/opinion`))
      .set(as(expert))
      .send({ rating, opinion: `${expert}の意見です。`, opinionSubmittedAtRead: assignment.opinionSubmittedAt })
      .expect(200);
  }

  /** The consolidation page as planning sees it: the rating chosen on its ⑦ form, and the page's text. */
  async function consolidationPage(): Promise<{ chosen: string | null; text: string }> {
    const cookie = await sessionCookie(t, 'planner@example.jp');
    const html = (
      await t.http().get(`/o/${cast.organizationId}/reports/${reportId}/consolidate`).set('Cookie', cookie).expect(200)
    ).text;
    const checked = DomUtils.findAll(
      (element) => element.attribs.name === '/rating' && 'checked' in element.attribs,
      parseDocument(html).children,
    );
    return { chosen: checked[0]?.attribs.value ?? null, text: shownText(html) };
  }

  it('chooses nothing before any expert has given an opinion', async () => {
    const page = await consolidationPage();
    expect(page.chosen).toBeNull();
    expect(page.text).not.toContain('委員の評価');
  });

  it('offers no form while an expert asked has given no opinion', async () => {
    await giveOpinion('expertA', 'effective');
    const page = await consolidationPage();
    expect(page.chosen).toBeNull();
    expect(page.text).not.toContain('選んであります');
  });

  it('chooses the rating when every opinion has it, and says why', async () => {
    await giveOpinion('expertB', 'effective');
    const page = await consolidationPage();
    expect(page.chosen).toBe('effective');
    expect(page.text).toContain('委員の評価がすべて「総合戦略のKPI達成に有効であった」のため、選んであります。');
  });

  it('chooses nothing when the ratings differ, and counts how many chose each', async () => {
    await giveOpinion('expertB', 'very_effective');
    const page = await consolidationPage();
    expect(page.chosen).toBeNull();
    expect(page.text).toContain(
      '委員の評価: 「総合戦略のKPI達成に非常に有効であった」1人、「総合戦略のKPI達成に有効であった」1人',
    );
  });
});
