import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from './support/page-forms';

/** 更新履歴: the versions of a report, and the changes between two of them chosen by `from` and `to`. */
describe('Web pages: a report’s version history', () => {
  let t: TestApp;
  let cast: Cast;
  let history: string;
  let versions: number[];
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const report = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[0],
    );
    versions = (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/reports/${report.id}/revisions`)
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .expect(200)
    ).body.map((revision: { version: number }) => revision.version);
    history = `/o/${cast.organizationId}/reports/${report.id}/history`;
    cookie = await sessionCookie(t, 'owner@example.jp');
  });

  afterAll(() => t?.close());

  const shown = (query: string) => t.http().get(`${history}${query}`).set('Cookie', cookie);

  it('compares the latest version with the one before when none is chosen', async () => {
    const page = shownText((await shown('').expect(200)).text);
    expect(versions.length).toBeGreaterThan(1);
    expect(page).toContain(`更新番号 ${versions[1]} から ${versions[0]} への変更`);
  });

  it('says what made each version, the first the report’s creation', async () => {
    const { text } = await shown('').expect(200);
    const causes = [...text.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td>/g)].map(([, version, cause]) => [
      Number(version),
      cause,
    ]);
    expect(causes.map(([version]) => version)).toEqual(versions);
    expect(causes.at(-1)).toEqual([1, '報告の作成']);
    expect(causes.slice(0, -1).every(([, cause]) => cause === '報告の編集')).toBe(true);
  });

  it('shows ⑥ chosen with its wording as one change, in the wording', async () => {
    const { text } = await shown(`?from=1&to=${versions[0]}`).expect(200);
    const labels = [...text.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map(([, label]) => label);
    expect(labels.filter((label) => label.startsWith('⑥事業効果'))).toEqual(['⑥事業効果', '⑥事業効果の説明']);
  });

  const latest = () => versions[0];
  it.each([
    ['from=0', () => `?from=0&to=${latest()}`, () => '比べる元の更新番号「0」はこの報告にありません。'],
    ['a negative from', () => `?from=-1&to=${latest()}`, () => '比べる元の更新番号「-1」はこの報告にありません。'],
    ['a to past the latest', () => `?from=1&to=${latest() + 1}`, () => `比べる先の更新番号「${latest() + 1}」はこの`],
    ['a from that is no number', () => `?from=abc&to=${latest()}`, () => '比べる元の更新番号「abc」はこの報告に'],
    [
      'a from after to',
      () => `?from=${latest()}&to=1`,
      () => `比べる元(更新番号 ${latest()})が比べる先(1)より後です。`,
    ],
  ])('answers %s with 400 and says on the page which versions there are', async (_case, query, said) => {
    const response = await shown(query()).expect(400);
    const page = shownText(response.text);
    expect(page).toContain('入力内容に問題があります');
    expect(page).toContain(said());
    expect(page).toContain(`この報告の更新番号は 1–${latest()} です`);
    expect(page).not.toContain('への変更');
  });
});
