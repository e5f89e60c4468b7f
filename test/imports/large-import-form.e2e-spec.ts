import { MAX_FORM_PARTS } from '../../src/web/upload.middleware';
import { formsOf } from '../web/support/page-forms';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { type Municipality, municipality, seedText } from './import-scenario';

/** The import page's form as a browser sends it (multipart), with `extra` fields after the page's own. */
describe("Web page: an import's dry run form with a field per report of a large import", () => {
  let t: TestApp;
  let town: Municipality;
  let page: string;

  beforeAll(async () => {
    t = await createTestApp();
    town = await municipality(t, '012041', '旭川市');
    page = `/o/${town.organizationId}/imports`;
  });

  afterAll(() => t.close());

  async function sendDryRun(extra: [string, string][]) {
    const cookie = await sessionCookie(t, 'planning@012041.example.jp');
    const shown = await t.http().get(page).set('Cookie', cookie).expect(200);
    const set = [shown.headers['set-cookie'] ?? []].flat().map((value: string) => value.split(';')[0]);
    const form = formsOf(shown.text, page).find((candidate) => candidate.action === `${page}/dry-run`)!;
    let request = t
      .http()
      .post(`${page}/dry-run`)
      .set('Cookie', [cookie, ...set].join('; '));
    for (const [name, value] of form.fields) if (name !== '/text') request = request.field(name, value);
    request = request.field('/text', seedText('asahikawa-r4-results-report.txt'));
    for (const [name, value] of extra) request = request.field(name, value);
    return request;
  }

  it('reads three fields for each of 1,000 reports and shows the dry run', async () => {
    const choices = Array.from({ length: 1000 }, (_, index): [string, string][] => [
      [`/projectDepartments/${index % 5}/departmentId`, town.departments.tourism],
      [`/projectChoices/${index}/choice`, ''],
      [`/projectChoices/${index}/projectId`, ''],
    ]).flat();
    const answer = await sendDryRun(choices);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('確認結果');
  });

  it('refuses more fields than that with 413, saying in Japanese to split the file', async () => {
    const answer = await sendDryRun(
      Array.from({ length: MAX_FORM_PARTS }, (_, index): [string, string] => [`/projectChoices/${index}/choice`, '']),
    );
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('ファイルを何回かに分けて取り込んでください');
  });
});
