import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { type ReviewScenario, underReview } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { type Response } from 'supertest';
import { openPageForm, sendPageForm, shownText } from './support/page-forms';

/** 今すぐ催促: the planning division chases an expert who owes an opinion from the report's page, and sees when it did. */
describe('Reminding an expert at once from the report page', () => {
  let t: TestApp;
  let cast: Cast;
  let scenario: ReviewScenario;
  let page: string;
  /** The same page opened in another tab before the reminder was sent. */
  let tabOpenedBefore: () => Promise<Response>;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    scenario = await underReview(t, cast);
    page = `/o/${cast.organizationId}/reports/${scenario.reviewed.id}`;
  });

  afterAll(() => t.close());

  it('offers 今すぐ催促する beside an expert without an opinion, to the planning division only', async () => {
    const planner = await t
      .http()
      .get(page)
      .set('Cookie', await sessionCookie(t, 'planner@example.jp'))
      .expect(200);
    expect(shownText(planner.text)).toContain('今すぐ催促する');
    const owner = await t
      .http()
      .get(page)
      .set('Cookie', await sessionCookie(t, 'owner@example.jp'))
      .expect(200);
    expect(shownText(owner.text)).not.toContain('今すぐ催促する');
  });

  it('sends one reminder, says so, and shows when the expert was last reminded', async () => {
    const cookie = await sessionCookie(t, 'planner@example.jp');
    tabOpenedBefore = await openPageForm(t, cookie, page, `${page}/assignments/${scenario.assignmentId}/remind`);
    const sent = await sendPageForm(t, cookie, page, `${page}/assignments/${scenario.assignmentId}/remind`);
    expect(sent.status).toBe(303);
    const after = await t.http().get(sent.headers.location).set('Cookie', cookie).expect(200);
    expect(shownText(after.text)).toContain('外部有識者に催促のメールを送りました。');
    expect(shownText(after.text)).toMatch(/最終催促: \S+/);
    // Not offered again so soon, where it would be refused: the page says why instead.
    expect(after.text).not.toContain(`/assignments/${scenario.assignmentId}/remind"`);
    expect(shownText(after.text)).toContain('催促のメールを送ったばかりです');
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'assignment.reminded'`,
    );
    expect(count).toBe(1);
  });

  it('refuses a reminder from a page opened before the last one as a change meanwhile, not as an input error', async () => {
    const again = await tabOpenedBefore();

    expect(again.status).toBe(409);
    expect(shownText(again.text)).toContain(
      '意見照会の状況が変わりました この外部有識者には、少し前に催促のメールを送っています',
    );
    expect(shownText(again.text)).not.toContain('入力内容に問題があります');
  });

  it('shows the reminder in the report’s 監査ログ: by whom, to which expert, against which due date', async () => {
    const cookie = await sessionCookie(t, 'planner@example.jp');
    const audit = await t.http().get(`${page}/audit`).set('Cookie', cookie).expect(200);
    expect(shownText(audit.text)).toMatch(
      /外部有識者への催促 \S+ \S+・planner\(企画政策課\)・記録番号 \S+ 外部有識者: \S+・回答期限: 令和\d+年\d+月\d+日\(期限/,
    );
  });
});
