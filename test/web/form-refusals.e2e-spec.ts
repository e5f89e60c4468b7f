import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf } from './support/page-forms';

const PEOPLE = { owner: 'owner@example.jp', admin: 'admin@012041.example.jp' };

/** What the error summary and the field messages of a page say, as one line of text. */
const shownText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A refused form comes back with what was typed and says, in Japanese and beside the field where there is one, what to
 * do: never a field's English name, never an error page that loses the typing.
 */
describe('Refused forms say what to fix', () => {
  let t: TestApp;
  let cast: Cast;
  const cookies: Partial<Record<keyof typeof PEOPLE, string>> = {};

  /**
   * Sends the form of `page` that posts to `action`, as the browser would with the fields changed as given (null
   * leaves a field out), as `who`.
   */
  async function send(
    who: keyof typeof PEOPLE,
    page: string,
    action: string,
    changes: Record<string, string | null>,
    beforeSending?: () => Promise<void>,
  ) {
    cookies[who] ??= await sessionCookie(t, PEOPLE[who]);
    const shown = await t.http().get(page).set('Cookie', cookies[who]).expect(200);
    const csrfCookie = [shown.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0]);
    const form = formsOf(shown.text, page).find(
      (candidate) => candidate.method === 'post' && candidate.action === action,
    );
    if (!form) throw new Error(`no form posting to ${action} on ${page}`);
    const fields = form.fields.filter(([name]) => changes[name] !== null && !(name in changes));
    for (const [name, value] of Object.entries(changes)) if (value !== null) fields.push([name, value]);
    await beforeSending?.();
    return t
      .http()
      .post(action)
      .set('Cookie', [cookies[who], ...csrfCookie].join('; '))
      .type('form')
      .send(fields.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'));
  }

  const org = (path: string) => `/o/${cast.organizationId}/${path}`;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}/${path}`;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('renaming a department to a name another has: beside the name, not an error page', async () => {
    await t
      .http()
      .post(api('departments'))
      .set({ Authorization: `Bearer ${cast.tokens.admin}` })
      .send({ name: '観光課' })
      .expect(201);
    const field = `/departments/${cast.departmentId}/name`;
    const refused = await send('admin', org('admin/departments'), org(`admin/departments/${cast.departmentId}`), {
      [field]: '観光課',
    });
    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain('同じ名前の部署がすでにあります');
    expect(refused.text).toContain(`href="#f-departments-${cast.departmentId}-name"`);
  });
});
