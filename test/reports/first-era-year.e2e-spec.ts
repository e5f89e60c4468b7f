import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { decideSeedReport, seedInYear } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/** A project planned for H元–H3, reported on for H元 (fiscal 1989), the first year an era read here names. */
const H1 = seedInYear(ASAHIKAWA_R4_REPORTS[0], 1989, 1989, 1991);

describe('A report of H元, whose year before no era read here names', () => {
  let t: TestApp;
  let cast: Cast;
  let reportId: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    reportId = (await decideSeedReport(t, cast, H1)).id;
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${reportId}/publish`)
      .set({ Authorization: `Bearer ${cast.tokens.planner}` })
      .expect(200);
  });

  afterAll(() => t.close());

  it('shows ⑤ on its page inside with a 前年度実績 column that names no year', async () => {
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/reports/${reportId}`)
      .set('Cookie', await sessionCookie(t, 'planner@example.jp'))
      .expect(200);
    expect(page.text).toContain('<th scope="col">前年度実績</th><th scope="col">最新値(時点)</th>');
  });

  it('publishes ⑤ with the same column', async () => {
    const page = await t.http().get(`/public/012041/reports/${reportId}`).expect(200);
    expect(page.text).toContain('<th scope="col">前年度実績</th><th scope="col">最新値</th>');
  });
});
