import { ictParkR2Report, importAsPublished } from '../imports/import-scenario';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { type ReviewScenario, underReview } from '../support/report-scenario';
import { type RowCounter, rowCounter } from '../support/row-counts';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, linkQueryKeys, type PageForm } from './support/page-forms';

/** The users the pages are read and sent as, in the order a form is claimed by the first who is shown it. */
const PRINCIPALS = {
  owner: 'owner@example.jp',
  expertA: 'experta@example.jp',
  planner: 'planner@example.jp',
  admin: 'admin@012041.example.jp',
};
type Principal = keyof typeof PRINCIPALS;

/** Rows written on purpose when a request is refused: the audit trail of access decisions and sign-in attempts. */
const REFUSAL_RECORDS = { audit_entries: "action LIKE 'access.%' OR action LIKE 'auth.%'" };

const encoded = encodeURIComponent;

/** One field spoiled, as the raw pairs of a query string or form body: shapes and text no browser's form sends. */
const SPOILED_FIELD: [label: string, pairs: (name: string) => string][] = [
  ['repeated', (name) => `${encoded(name)}=1&${encoded(name)}=2`],
  ['nested', (name) => `${encoded(name)}[a]=1`],
  ['a list', (name) => `${encoded(name)}[]=1`],
  ['nested deep', (name) => `${encoded(name)}[0][a][b]=1`],
  ['NUL', (name) => `${encoded(name)}=a%00b`],
  // Pasted from Word (a line break within a paragraph): PostgreSQL would store it, so only the pages refuse it.
  ['a vertical tab', (name) => `${encoded(name)}=a%0Bb`],
  ['invalid UTF-8', (name) => `${encoded(name)}=%FF%ED%A0%80`],
  ['30,000 characters', (name) => `${encoded(name)}=${encoded('あ'.repeat(30_000))}`],
  ['20 digits', (name) => `${encoded(name)}=99999999999999999999`],
];

/** The whole form spoiled: what reaches the handler beside the fields as they were. */
const SPOILED_FORM: [label: string, pairs: string][] = [
  ['__proto__', '__proto__[polluted]=1'],
  ['constructor.prototype', 'constructor[prototype][polluted]=1'],
  ['a row past int4', `${encoded('/budgetLines/99999999999/name')}=x&${encoded('/kpis/99999999999/name')}=x`],
  ['1,500 rows', Array.from({ length: 1500 }, (_, row) => `${encoded(`/budgetLines/${row}/name`)}=x`).join('&')],
];

interface ShownForm {
  form: PageForm;
  principal: Principal;
  /** The page that showed it: read again when a request was accepted and the form's values (its version) moved on. */
  page: string;
}

/**
 * Requests built from what the pages themselves send — the query parameters of their filter forms and links, and
 * every form they show — each spoiled in one place, sent as the user the page was shown to: never a server error,
 * and a refused form writes nothing.
 */
describe('Generated hostile input on every page', () => {
  let t: TestApp;
  let cast: Cast;
  let scenario: ReviewScenario;
  /** A report of FY2020 as published, so that the public pages have a record to show and filter. */
  let publishedId: string;
  let counter: RowCounter;
  const cookies = new Map<Principal, Map<string, string>>();
  /** Each page with the query parameters its forms and links send, as the first principal shown it. */
  const queries: { url: string; principal: Principal; keys: string[] }[] = [];
  const forms = new Map<string, ShownForm>();

  function get(url: string, principal: Principal) {
    return t.http().get(url).set('Cookie', cookieHeader(principal));
  }

  function cookieHeader(principal: Principal): string {
    return [...cookies.get(principal)!].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  function keepCookies(principal: Principal, response: { headers: Record<string, unknown> }): void {
    for (const cookie of [response.headers['set-cookie'] ?? []].flat() as string[]) {
      const [pair] = cookie.split(';');
      const separator = pair.indexOf('=');
      cookies.get(principal)!.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
  }

  /** Every path of a page route, with each parameter taken from the scenario. */
  function pageUrls(): string[] {
    const express = t.app.getHttpAdapter().getInstance();
    const values: Record<string, string[]> = {
      organizationId: [cast.organizationId],
      reportId: [scenario.draft.id, scenario.reviewed.id, publishedId],
      projectId: [scenario.draft.project.id],
      assignmentId: [scenario.assignmentId],
      cycleId: [scenario.cycleId],
      userId: [cast.userIds.expertB],
      section: ['overview', 'budget', 'kpis', 'effect'],
      fiscalYear: ['2022'],
      code: ['012041'],
      year: ['2020'],
      edition: ['1'],
    };
    const expand = (path: string): string[] => {
      const parameter = /:(\w+)/.exec(path)?.[1];
      if (!parameter) return [path];
      return (values[parameter] ?? []).flatMap((value) => expand(path.replace(`:${parameter}`, value)));
    };
    const paths = (express.router.stack as { route?: { path: string; methods: Record<string, boolean> } }[])
      .filter(({ route }) => route?.methods.get && !/^\/api\/|\*|.\/$/.test(route.path))
      .map(({ route }) => route!.path);
    return [...new Set(paths)].flatMap(expand);
  }

  /** Reads every page as every principal, collecting the forms each is shown and the queries each page sends. */
  async function readPages(): Promise<void> {
    for (const url of pageUrls()) {
      let queried = false;
      for (const principal of cookies.keys()) {
        const page = await get(url, principal);
        keepCookies(principal, page);
        if (page.status !== 200 || !/^text\/html/.test(String(page.headers['content-type']))) continue;
        const shown = formsOf(page.text, url);
        for (const form of shown.filter(({ method }) => method === 'post')) {
          if (!forms.has(form.action) && form.action !== '/sign-out')
            forms.set(form.action, { form, principal, page: url });
        }
        if (queried) continue;
        queried = true;
        const filters = shown.filter(({ method, action }) => method === 'get' && action === url);
        const keys = filters.flatMap(({ fields }) => fields.map(([name]) => name));
        queries.push({ url, principal, keys: [...new Set([...keys, ...linkQueryKeys(page.text, url)])] });
      }
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    scenario = await underReview(t, cast);
    // Expert A's opinion, which the evaluation waits for: with it, planning is shown the evaluation's form.
    await t
      .http()
      .put(
        `/api/v1/organizations/${cast.organizationId}/reports/${scenario.reviewed.id}/assignments/${scenario.assignmentId}/opinion`,
      )
      .set({ Authorization: `Bearer ${cast.tokens.expertA}` })
      .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    const { imported } = await importAsPublished(t, cast.organizationId, cast.tokens.admin, {
      text: ictParkR2Report(),
      sourceName: 'ict-park-r2.txt',
      departmentId: cast.departmentId,
    });
    publishedId = imported.reports[0].reportId;
    for (const [principal, email] of Object.entries(PRINCIPALS) as [Principal, string][]) {
      const [name, value] = (await sessionCookie(t, email)).split(/=(.*)/);
      cookies.set(principal, new Map([[name, value]]));
    }
    await readPages();
    counter = await rowCounter(t.config.databaseUrl, REFUSAL_RECORDS);
  }, 120_000);

  afterAll(async () => {
    await counter?.close();
    await t?.close();
  });

  /**
   * The columns holding text with a character no text may hold, however it got there: a form that let one through.
   * JSON writes such a character as \u000b, which the pattern also finds.
   */
  async function controlCharactersStored(): Promise<string[]> {
    const pattern = String.raw`[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]|\\u00(0[0-8bcef]|1[0-9a-f])|\\u007f`;
    const columns: { table: string; column: string }[] = await t.dataSource.query(
      `SELECT table_name AS table, column_name AS column FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')`,
    );
    const found: string[] = [];
    for (const { table, column } of columns) {
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM "${table}" WHERE "${column}"::text ~ $1`,
        [pattern],
      );
      if (count > 0) found.push(`${table}.${column}: ${count}`);
    }
    return found;
  }

  /** What is wrong with the answer to one spoiled request, if anything; `written` the tables whose rows it changed. */
  function problemWith(name: string, status: number, written: string[] = []): string | null {
    if ('polluted' in Object.prototype) {
      delete (Object.prototype as Record<string, unknown>).polluted;
      return `${name} → ${status}, and polluted Object.prototype`;
    }
    if (status >= 500 || status === 0) return `${name} → ${status}`;
    return status >= 400 && written.length ? `${name} → ${status}, yet changed rows of ${written.join(', ')}` : null;
  }

  it('reads the pages of every role, with their filters and forms', () => {
    const organization = `/o/${cast.organizationId}`;
    expect(queries.find(({ url }) => url === `${organization}/board`)?.keys).toEqual(
      expect.arrayContaining(['fiscalYear', 'q', 'departmentId', 'status']),
    );
    expect(queries.find(({ url }) => url === '/public/012041/2020')?.keys).toEqual(
      expect.arrayContaining(['grantType', 'department', 'decision']),
    );
    expect(queries.map(({ url }) => url)).toEqual(
      expect.arrayContaining([
        `/public/012041/reports/${publishedId}`,
        `/public/012041/reports/${publishedId}/editions/1`,
      ]),
    );
    expect([...forms.keys()]).toEqual(
      expect.arrayContaining([
        `${organization}/reports/${scenario.draft.id}/sections/budget`,
        `${organization}/reports/${scenario.reviewed.id}/evaluate`,
        `${organization}/reports/${scenario.reviewed.id}/assignments/${scenario.assignmentId}/opinion`,
        `${organization}/admin/review-settings`,
        `${organization}/admin/departments/${cast.departmentId}/retire`,
        '/sign-in',
      ]),
    );
  });

  it('answers every page below 500 whatever its query parameters hold', async () => {
    const problems: string[] = [];
    for (const { url, principal, keys } of queries) {
      for (const key of keys) {
        for (const [label, pairs] of SPOILED_FIELD) {
          const { status } = await get(`${url}?${pairs(key)}`, principal);
          const problem = problemWith(`GET ${url} ?${key} ${label} as ${principal}`, status);
          if (problem) problems.push(problem);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('answers every form below 500 whatever it holds, and a refused one leaves every table as it was', async () => {
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let counts = await counter.counts();
    for (const [action, shown] of forms) {
      // Each case: its label, the pairs it sends, and the field they stand in for (none: beside the form's fields).
      const cases: [label: string, pairs: string, replaced?: string][] = [
        ...SPOILED_FORM,
        ...shown.form.fields
          .filter(([name]) => name !== '_csrf')
          .flatMap(([name]) =>
            SPOILED_FIELD.map(([label, pairs]): [string, string, string] => [`${name} ${label}`, pairs(name), name]),
          ),
      ];
      for (const [label, spoiled, replaced] of cases) {
        const kept = forms
          .get(action)!
          .form.fields.filter(([name]) => name !== replaced)
          .map(([name, value]) => `${encoded(name)}=${encoded(value)}`);
        const response = await t
          .http()
          .post(action)
          .set('Cookie', cookieHeader(shown.principal))
          .type('form')
          .send([...kept, spoiled].join('&'))
          .catch(() => ({ status: 0, headers: {} }));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const after = await counter.counts();
        const written = Object.keys(after).filter((table) => after[table] !== counts[table]);
        const problem = problemWith(`POST ${action} ${label} as ${shown.principal}`, response.status, written);
        if (problem) problems.push(problem);
        counts = after;
        if (response.status < 400) {
          // Accepted after all: the form as its page shows it now, with the version that moved on.
          const page = await get(shown.page, shown.principal);
          const again = formsOf(page.text, shown.page).find((form) => form.action === action);
          if (again) forms.set(action, { ...shown, form: again });
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await controlCharactersStored()).toEqual([]);
    // The forms reached the handlers' own checks: most answers are the form again with its errors, not a refusal by CSRF.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(statuses.get(403) ?? 0);
  }, 300_000);
});
