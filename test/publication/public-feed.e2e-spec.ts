import { SaxesParser } from 'saxes';
import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

const CODE = '012041';
const FEED = `/public/${CODE}/feed.atom`;
const ATOM = 'http://www.w3.org/2005/Atom';
const CORRECTION_REASON = 'KPIの単位の表記を訂正しました';
const WITHDRAWAL_REASON = '公表内容の確認のため取り消します';
/** Planted where only the signed-in may read: a correction under way and a report never published. */
const PRIVATE = ['訂正中の理由マーカー', '訂正中の本文マーカー', '未公表の事業マーカー'];

interface FeedEntry {
  id: string;
  title: string;
  updated: string;
  href: string;
  summary?: string;
}

/** The feed as a reader parses it: well-formed XML, or the parser throws; the Atom elements by namespace. */
function parseAtom(xml: string): { root: string; updated: string; entries: FeedEntry[] } {
  const parser = new SaxesParser({ xmlns: true });
  const entries: FeedEntry[] = [];
  const feed = { root: '', updated: '' };
  const open: string[] = [];
  let text = '';
  parser.on('opentag', (tag) => {
    if (open.length === 0) feed.root = `{${tag.uri}}${tag.local}`;
    if (tag.uri === ATOM && tag.local === 'entry') entries.push({ id: '', title: '', updated: '', href: '' });
    if (tag.uri === ATOM && tag.local === 'link' && open.at(-1) === 'entry')
      entries.at(-1)!.href = String(tag.attributes.href.value);
    open.push(tag.uri === ATOM ? tag.local : `{${tag.uri}}${tag.local}`);
    text = '';
  });
  parser.on('text', (chunk) => (text += chunk));
  parser.on('closetag', () => {
    const element = open.pop()!;
    const parent = open.at(-1);
    if (parent === 'feed' && element === 'updated') feed.updated = text;
    if (parent === 'entry' && ['id', 'title', 'updated', 'summary'].includes(element))
      entries.at(-1)![element as 'id'] = text;
  });
  parser.write(xml).close();
  return { ...feed, entries };
}

/**
 * 更新情報(Atom): citizens and data users follow what a municipality publishes, corrects and withdraws in a feed reader,
 * newest first, each entry linking to the public page it announces; only what is on the public record.
 */
describe('The Atom feed of a municipality’s public record', () => {
  let t: TestApp;
  let cast: Cast;
  let reportId: string;

  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const step = (id: string, path: string, who: string, body: object = {}) =>
    t
      .http()
      .post(api(`/reports/${id}${path}`))
      .set(as(who))
      .send(body)
      .expect(200);
  const seed = (index: number, projectName: string): SeedReport => ({
    ...ASAHIKAWA_R4_REPORTS[0],
    number: 300 + index,
    projectName,
  });
  /** A correction opened and its draft changed, not published. */
  async function correct(id: string, reason: string, narrative: string): Promise<void> {
    await step(id, '/correct', 'admin', { reason });
    const { version } = (
      await t
        .http()
        .get(api(`/reports/${id}`))
        .set(as('owner'))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`/reports/${id}`))
      .set(as('owner'))
      .send({ version, effectNarrative: narrative })
      .expect(200);
  }
  const feed = async () => {
    const response = await t.http().get(FEED).buffer(true).expect(200);
    return { response, atom: parseAtom(response.text) };
  };
  const pathOf = (href: string) => href.slice(t.config.baseUrl.length);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // Never published: decided only.
    await decideSeedReport(t, cast, seed(1, PRIVATE[2]));
    // Published, then a correction under way.
    const underCorrection = (await decideSeedReport(t, cast, seed(2, '訂正中の事業'))).id;
    await step(underCorrection, '/publish', 'planner');
    await correct(underCorrection, PRIVATE[0], PRIVATE[1]);
    reportId = (await decideSeedReport(t, cast, seed(3, 'フィード確認事業'))).id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('announces publication and correction as editions, newest first, each linking to a page that answers', async () => {
    await step(reportId, '/publish', 'planner');
    await correct(reportId, CORRECTION_REASON, '訂正後の事業効果の説明');
    await step(reportId, '/submit-correction', 'owner');
    await step(reportId, '/publish', 'planner');

    const { entries } = (await feed()).atom;

    expect(entries.map(({ title }) => title)).toEqual([
      '令和4年度 フィード確認事業 事業実施結果報告を訂正しました（第2版）',
      '令和4年度 フィード確認事業 事業実施結果報告を公表しました（第1版）',
      '令和4年度 訂正中の事業 事業実施結果報告を公表しました（第1版）',
    ]);
    expect(entries.map(({ href }) => pathOf(href))).toEqual([
      `/public/${CODE}/reports/${reportId}`,
      `/public/${CODE}/reports/${reportId}/editions/1`,
      expect.stringMatching(new RegExp(`^/public/${CODE}/reports/[0-9a-f-]{36}$`)),
    ]);
    expect(entries[0].summary).toContain(CORRECTION_REASON);
    for (const { href } of entries) await t.http().get(pathOf(href)).expect(200);
  });

  it('adds the withdrawal on top, and links every entry of the withdrawn report to its notice (410)', async () => {
    const before = (await feed()).atom.entries;
    await step(reportId, '/withdraw-publication', 'admin', { reason: WITHDRAWAL_REASON });

    const { response, atom } = await feed();

    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(atom.root).toBe(`{${ATOM}}feed`);
    const ofReport = atom.entries.filter(({ title }) => title.includes('フィード確認事業'));
    expect(ofReport.map(({ title }) => title)).toEqual([
      '令和4年度 フィード確認事業 事業実施結果報告の公表を取り消しました',
      '令和4年度 フィード確認事業 事業実施結果報告を訂正しました（第2版）',
      '令和4年度 フィード確認事業 事業実施結果報告を公表しました（第1版）',
    ]);
    expect(ofReport[0].summary).toContain(WITHDRAWAL_REASON);
    expect(atom.entries[0]).toBe(atom.entries.find(({ title }) => title.includes('取り消しました')));
    for (const { href } of ofReport) expect(pathOf(href)).toBe(`/public/${CODE}/reports/${reportId}`);
    await t.http().get(`/public/${CODE}/reports/${reportId}`).expect(410);
    // An entry keeps its id and the moment it was written; the feed's updated is the newest.
    expect(atom.entries.slice(1).map(({ id, updated }) => [id, updated])).toEqual(
      before.map(({ id, updated }) => [id, updated]),
    );
    expect(new Set(atom.entries.map(({ id }) => id)).size).toBe(atom.entries.length);
    for (const { id } of atom.entries) expect(id).toMatch(/^(tag|urn):/);
    expect(atom.updated).toBe(atom.entries[0].updated);
    expect(Date.parse(response.headers['last-modified'])).toBe(Math.floor(Date.parse(atom.updated) / 1000) * 1000);
  });

  it('keeps the withdrawal, with its reason, when a correction makes the report public again', async () => {
    const withdrawn = (await feed()).atom.entries;
    await correct(reportId, '取消後の訂正理由', '取消後に訂正した事業効果の説明');
    await step(reportId, '/submit-correction', 'owner');
    await step(reportId, '/publish', 'planner');

    const { entries } = (await feed()).atom;

    expect(entries[0]).toMatchObject({
      title: '令和4年度 フィード確認事業 事業実施結果報告を訂正しました（第3版）',
      href: `${t.config.baseUrl}/public/${CODE}/reports/${reportId}`,
      summary: '訂正の理由: 取消後の訂正理由',
    });
    // Each entry keeps its id and moment. The editions withdrawn stay withdrawn: their entries link to the report.
    expect(entries.slice(1).map(({ id, title, updated }) => [id, title, updated])).toEqual(
      withdrawn.map(({ id, title, updated }) => [id, title, updated]),
    );
    expect(entries[1]).toMatchObject({
      title: '令和4年度 フィード確認事業 事業実施結果報告の公表を取り消しました',
      summary: `取消の理由: ${WITHDRAWAL_REASON}`,
    });
    for (const { href } of entries) await t.http().get(pathOf(href)).expect(200);
    expect(new Set(entries.map(({ href }) => pathOf(href)))).toContain(`/public/${CODE}/reports/${reportId}`);
    expect(entries.map(({ href }) => pathOf(href))).not.toContain(`/public/${CODE}/reports/${reportId}/editions/1`);
    // Their pages say when and why they were withdrawn, and the report's history says it beside them.
    const earlier = await t.http().get(`/public/${CODE}/reports/${reportId}/editions/1`).expect(410);
    expect(earlier.text).toContain(WITHDRAWAL_REASON);
    expect(earlier.text).not.toContain('訂正後の事業効果の説明');
    const { text } = await t.http().get(`/public/${CODE}/reports/${reportId}`).expect(200);
    expect(text).toContain(`に公表を取り消しました。理由: ${WITHDRAWAL_REASON}`);
    expect(text).not.toContain(`/reports/${reportId}/editions/1"`);
  });

  it('shows nothing of a correction under way or of a report never published', async () => {
    const { text } = await t.http().get(FEED).expect(200);
    for (const marker of PRIVATE) expect({ marker, found: text.includes(marker) }).toEqual({ marker, found: false });
    expect(text).not.toMatch(/@example\.jp|expert|owner|planner/);
  });

  it('answers a conditional GET that still matches with 304', async () => {
    const { headers } = await t.http().get(FEED).expect(200);
    expect(headers['cache-control']).toContain('public');
    await t.http().get(FEED).set('If-None-Match', headers.etag).expect(304);
    await t.http().get(FEED).set('If-Modified-Since', headers['last-modified']).expect(304);
  });

  it('answers an unknown or malformed municipality code with the public 404 page', async () => {
    for (const code of ['000001', 'x']) {
      const response = await t.http().get(`/public/${code}/feed.atom`).expect(404);
      expect(response.headers['content-type']).toContain('text/html');
    }
  });

  it('is offered in the head of the municipality’s pages and by a visible link on its own page', async () => {
    const alternate = `<link rel="alternate" type="application/atom+xml" title="旭川市 更新情報" href="${FEED}">`;
    const page = (await t.http().get(`/public/${CODE}/`).expect(200)).text;
    expect(page).toContain(alternate);
    expect(page).toMatch(new RegExp(`<a href="${FEED}"[^>]*>更新情報（Atom）</a>`));
    for (const path of [`/public/${CODE}/2022/`, `/public/${CODE}/open-data/`])
      expect((await t.http().get(path).expect(200)).text).toContain(alternate);
  });
});
