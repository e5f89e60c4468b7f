import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { type ReviewScenario, underReview } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { openPageForm, shownText } from './support/page-forms';

/**
 * A form pressed twice — a double click, a second press while the first is slow, a page sent again from the browser's
 * history — is carried out once, and both presses end where the first went.
 */
describe('A page form sent twice', () => {
  let t: TestApp;
  let cast: Cast;
  let scenario: ReviewScenario;
  let page: string;
  let expert: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    scenario = await underReview(t, cast);
    page = `/o/${cast.organizationId}/reports/${scenario.reviewed.id}`;
    expert = await sessionCookie(t, 'experta@example.jp');
  });

  afterAll(() => t.close());

  const questionsAsked = async (body: string) =>
    (
      await t.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM report_comments WHERE body = $1`,
        [body],
      )
    )[0].count;

  it('at once, asks the question once and sends both presses to the questions with the same notice', async () => {
    const send = await openPageForm(t, expert, `${page}/questions`, `${page}/questions`, {
      '/body': '補助対象の範囲を教えてください。',
    });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await questionsAsked('補助対象の範囲を教えてください。')).toBe(1);
    const shown = await t.http().get(second.headers.location).set('Cookie', expert).expect(200);
    expect(shownText(shown.text)).toContain('補助対象の範囲を教えてください。');
  });

  it('after the first has ended, sends the second where the first went without doing it again', async () => {
    const planner = await sessionCookie(t, 'planner@example.jp');
    const send = await openPageForm(t, planner, page, `${page}/assignments/${scenario.assignmentId}/remind`);
    const first = await send();
    const second = await send();
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'assignment.reminded'`,
    );
    expect(count).toBe(1);
  });

  it('with other content typed into the same form (edited after going back), carries out each', async () => {
    const first = await openPageForm(t, expert, `${page}/questions`, `${page}/questions`, { '/body': '一つ目の質問' });
    await first();
    const edited = await openPageForm(t, expert, `${page}/questions`, `${page}/questions`, { '/body': '二つ目の質問' });
    await edited();
    expect([await questionsAsked('一つ目の質問'), await questionsAsked('二つ目の質問')]).toEqual([1, 1]);
  });

  it('refused with its errors, may be sent again as it is and is checked again', async () => {
    const send = await openPageForm(t, expert, `${page}/questions`, `${page}/questions`, { '/body': '' });
    const first = await send();
    const second = await send();
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(second.status).toBe(first.status);
    expect(shownText(second.text)).toContain('質問');
  });
});
