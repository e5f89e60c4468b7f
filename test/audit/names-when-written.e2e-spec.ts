import { parse } from 'csv-parse/sync';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';

/**
 * The log names each actor as they were named when the entry was written, not as they are named today: an auditor
 * reading an entry from before a rename sees the name the person had then, with today's beside it so that the person
 * can still be found; the 監査ログ page and its CSV alike.
 */
describe('Audit log: actors under the name they had when the entry was written', () => {
  let t: TestApp;
  let cast: Cast;
  let admin: string;
  let reportId: string;
  const org = () => `/api/v1/organizations/${cast.organizationId}`;
  const rename = (displayName: string) =>
    t
      .http()
      .patch('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .send({ displayName })
      .expect(200);
  const signIn = () => sessionCookie(t, 'owner@example.jp');
  const filters = () => ({ actorUserId: cast.userIds.owner, action: 'auth.login_succeeded' });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    admin = await sessionCookie(t, 'admin@012041.example.jp');
    // Given: the project owner, signed in as 「owner」 when the organization was set up, named themselves 佐藤 花子,
    // signed in, drafted a report, became 田中 花子, and signed in again.
    await rename('佐藤 花子');
    await signIn();
    reportId = (
      await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[0])
    ).id;
    await rename('田中 花子');
    await signIn();
  });

  afterAll(() => t.close());

  it('names them on the 監査ログ page as they were then, today’s name beside an earlier one', async () => {
    const page = await t.http().get(`/o/${cast.organizationId}/admin/audit`).query(filters()).set('Cookie', admin);
    expect(page.status).toBe(200);
    const actors = [...page.text.matchAll(/<td data-label="操作した人">([^<]*)/g)].map((match) => match[1].trim());
    // Newest first: the sign-in as 田中 花子, the one as 佐藤 花子, and the set-up's as owner.
    expect(actors).toEqual(['田中 花子', '佐藤 花子(現: 田中 花子)', 'owner(現: 田中 花子)']);
  });

  it('names them alike in the CSV’s 操作者名, the renames themselves under the name they changed', async () => {
    const csv = await t.http().get(`${org()}/audit/export.csv`).set('Cookie', admin).expect(200);
    const rows: Record<string, string>[] = parse(csv.text, { bom: true, columns: true });
    const named = (action: string) =>
      rows
        .filter((row) => row['操作者'] === cast.userIds.owner && row['操作'] === action)
        .map((row) => row['操作者名']);
    expect(named('auth.login_succeeded')).toEqual(['田中 花子', '佐藤 花子(現: 田中 花子)', 'owner(現: 田中 花子)']);
    expect(named('user.renamed')).toEqual(['佐藤 花子(現: 田中 花子)', 'owner(現: 田中 花子)']);
  });

  it('names them alike on a report’s own 監査ログ tab', async () => {
    const tab = await t.http().get(`/o/${cast.organizationId}/reports/${reportId}/audit`).set('Cookie', admin);
    expect(tab.status).toBe(200);
    const actors = [...tab.text.matchAll(/<p class="hint">[^・]*・([^・(]*(?:\(現: [^)]*\))?)/g)].map((match) =>
      match[1].trim(),
    );
    expect(actors.length).toBeGreaterThan(0);
    expect(new Set(actors)).toEqual(new Set(['佐藤 花子(現: 田中 花子)']));
  });

  it('keeps the chain verifiable: the names are read from it, no entry was changed', async () => {
    const verification = await t.http().get(`${org()}/audit/verify`).set('Cookie', admin).expect(200);
    expect(verification.body).toMatchObject({ ok: true });
  });
});
