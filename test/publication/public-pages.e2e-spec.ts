import { type Browser } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS, type SeedReport } from '../fixtures/seed-reports';
import { ictParkR2Report, importAsPublished, seedText } from '../imports/import-scenario';
import { castAsahikawa, type Cast, changeSettings, dueInDays } from '../support/organization-scenario';
import { enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { PublicResponses } from '../../src/publication/public-responses';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  notice,
  see,
  signInPage,
  expectAccessible,
  expectNoHorizontalScroll,
  expectOnScreen,
  launchBrowser,
  newPage,
  PHONE,
  screenshot,
  serve,
} from '../web/support/browser';

const CODE = '012041';
const ICT_PARK = '青少年ICTパークプロジェクト';
/** What reviewAndPropose has expert A write: an individual opinion, never public. */
const EXPERT_OPINION = '中間目標を達成しており有効である。';
const CORRECTED_NARRATIVE = '訂正後の事業効果の説明(公表ページ)';
const WITHDRAWAL_REASON = 'KPIの実績値に誤りがあったため取り消します';
const NON_PUBLISHED = ['draft', 'submitted', 'in_expert_review', 'evaluated', 'decision_proposed', 'decided'] as const;
type Stage = (typeof NON_PUBLISHED)[number] | 'published';

/**
 * The public site: anyone reads what a municipality published, without signing in, and nothing else. Pages are
 * cacheable by a shared cache (no cookie, ETag/Last-Modified, 304), corrections and withdrawals show, and every page
 * meets JIS X 8341-3 AA in a browser, with or without JavaScript.
 */
describe('Public pages of published reports', () => {
  let t: TestApp;
  let cast: Cast;
  const reportIds = {} as Record<Stage, string>;
  let ictParkR4: string;
  let withdrawnId: string;
  const bodies = new Map<string, string>();

  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  /** A public GET, as anyone: the body is kept so the last test can search every public response. */
  const get = async (path: string, status = 200, headers: Record<string, string> = {}) => {
    const response = await t.http().get(path).set(headers).expect(status);
    bodies.set(`${path} ${status}`, response.text ?? '');
    return response;
  };
  const importPublished = async (text: string, sourceName: string) =>
    (
      await importAsPublished(t, cast.organizationId, cast.tokens.admin, {
        text,
        sourceName,
        departmentId: cast.departmentId,
      })
    ).imported;

  /** A report of its own project taken by the API as far as `stage`. */
  async function reportAt(stage: Stage, index: number): Promise<string> {
    const seed: SeedReport = {
      ...ASAHIKAWA_R4_REPORTS[0],
      number: 100 + index,
      projectName: `公表ページ検証事業 ${stage}`,
    };
    const id = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    const step = (path: string, who: string, body: object = {}) =>
      t
        .http()
        .post(api(`/reports/${id}${path}`))
        .set(as(who))
        .send(body)
        .expect(200);
    if (stage === 'draft') return id;
    await step('/submit', 'owner');
    if (stage === 'submitted') return id;
    if (stage === 'in_expert_review' || stage === 'evaluated') {
      await step('/accept', 'planner', { experts: [cast.userIds.expertA], dueDate: dueInDays(14) });
      if (stage === 'in_expert_review') return id;
      const [assignment] = (
        await t
          .http()
          .get(api(`/reports/${id}/assignments`))
          .set(as('expertA'))
          .expect(200)
      ).body;
      await step(`/assignments/${assignment.id}/respond`, 'expertA', { accept: true, conflictOfInterest: 'none' });
      await t
        .http()
        .put(api(`/reports/${id}/assignments/${assignment.id}/opinion`))
        .set(as('expertA'))
        .send({ rating: 'effective', opinion: EXPERT_OPINION, opinionSubmittedAtRead: null })
        .expect(200);
      await step('/evaluate', 'planner', { rating: 'effective', opinion: seed.panelOpinion });
      return id;
    }
    await reviewAndPropose(t, cast, id, seed);
    if (stage === 'decision_proposed') return id;
    await step('/approve', 'approver');
    if (stage === 'decided') return id;
    await step('/publish', 'planner');
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const r4 = await importPublished(seedText('asahikawa-r4-results-report.txt'), 'asahikawa-r4-results-report.txt');
    await importPublished(ictParkR2Report(), 'ict-park-r2.txt');
    const imported = r4.reports as { reportId: string; projectName: string }[];
    ictParkR4 = imported.find((report) => report.projectName.includes(ICT_PARK))!.reportId;
    withdrawnId = imported.find((report) => !report.projectName.includes(ICT_PARK))!.reportId;
    for (const [index, stage] of [...NON_PUBLISHED, 'published' as const].entries())
      reportIds[stage] = await reportAt(stage, index);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const reportPath = (reportId: string) => `/public/${CODE}/reports/${reportId}`;

  it('lists the municipality, its published years with counts, links to the year summaries and the open data', async () => {
    expect((await get('/public/')).text).toContain(`href="/public/${CODE}/"`);
    const municipality = (await get(`/public/${CODE}/`)).text;
    expect(municipality).toContain('旭川市');
    expect(municipality).toContain(`href="/public/${CODE}/2022/"`);
    expect(municipality).toContain(`href="/public/${CODE}/2020/"`);
    expect(municipality).toContain(`href="/public/${CODE}/2022/summary"`);
    expect(municipality).toContain(`href="/public/${CODE}/open-data/"`);
    expect(municipality).toContain('CC BY 4.0');
    // R4: the five imported reports and the one published through the workflow.
    expect(municipality).toMatch(/R4年度\(2022年度\)<\/a><\/th>\s*<td class="numeric">6件/);
  });

  it('shows a published report on the year list, the year summary and its own page in the ①–⑧ layout', async () => {
    const year = (await get(`/public/${CODE}/2022/`)).text;
    expect(year).toContain(`href="${reportPath(reportIds.published)}"`);
    expect(year).toContain('公表ページ検証事業 published');
    const summary = (await get(`/public/${CODE}/2022/summary`)).text;
    expect(summary).toContain('公表ページ検証事業 published');
    expect(summary).toContain('目標を達成したKPI');
    const page = (await get(reportPath(reportIds.published))).text;
    for (const heading of [
      '①国提出事業名',
      '③全体概要',
      '④市予算事業',
      '⑤本事業における重要業績評価指標',
      '⑦外部有識者からの評価',
      '⑧実績値を踏まえた事業の今後について',
    ])
      expect(page).toContain(heading);
    expect(page).toContain(ASAHIKAWA_R4_REPORTS[0].panelOpinion.split('\n')[0]);
    expect(page).not.toContain('(案)');
    expect(page).toMatch(/令和\d+年\d+月\d+日 \(\d{4}-\d{2}-\d{2}\)/);
  });

  it('filters the year list by grant type, decision and department with a plain GET form', async () => {
    const year = await get(`/public/${CODE}/2022/`);
    expect(year.text).toContain('<form method="get"');
    const filtered = (await get(`/public/${CODE}/2022/?decision=${encodeURIComponent('事業の継続')}`)).text;
    expect(filtered).toContain('公表ページ検証事業 published');
    // A value it refuses answers 400, as the signed-in lists do, and no shared cache keeps the refusal.
    for (const query of ['department=nonexistent', 'grantType=nonexistent']) {
      const unknown = await get(`/public/${CODE}/2022/?${query}`, 400);
      expect(unknown.text).toContain('選べません');
      expect(unknown.headers['cache-control']).toBeUndefined();
    }
    const tooLong = await get(`/public/${CODE}/2022/?q=${'x'.repeat(200)}`, 400);
    expect(tooLong.text).toContain('検索する文字は100文字以内で入力してください');
    expect(tooLong.text).not.toContain('条件に合う報告');
    expect((await get(`/public/${CODE}/2022/?q=${'x'.repeat(200)}`, 400)).text).toBe(tooLong.text);
  });

  it('finds a report of the year by words of its project name or by its No, and says how many it found', async () => {
    const names = (text: string) =>
      [...text.matchAll(/<th scope="row">[^<]*<a href="[^"]+">([^<]+)<\/a><\/th>/g)].map((match) => match[1]);
    const all = names((await get(`/public/${CODE}/2022/`)).text);
    // Full-width letters and two words, as a Japanese input method types them.
    const byWords = (await get(`/public/${CODE}/2022/?q=${encodeURIComponent('ｉｃｔ\u3000パーク')}`)).text;
    expect(names(byWords)).toEqual([expect.stringContaining(ICT_PARK)]);
    expect(byWords).toContain(`<p role="status">条件に合う報告 1件(全${all.length}件)</p>`);
    expect(byWords).toMatch(/<input[^>]*name="q"[^>]*value="ｉｃｔ\u3000パーク"/);
    const byNumber = (await get(`/public/${CODE}/2022/?q=${encodeURIComponent('No.106')}`)).text;
    expect(names(byNumber)).toEqual(['公表ページ検証事業 published']);
    const none = (await get(`/public/${CODE}/2022/?q=${encodeURIComponent('該当しない言葉')}`)).text;
    expect(none).toContain('条件に合う報告 0件');
    expect(none).toContain('条件に合う報告はありません。');
    // With a filter as well, both must hold.
    const both = await get(`/public/${CODE}/2022/?q=ICT&decision=${encodeURIComponent('事業の継続')}`);
    expect(names(both.text).every((name) => name.includes('ICT'))).toBe(true);
  });

  it('serves a link shared with tracking parameters from the page kept for its address, in any order of filters', async () => {
    const kept = t.app.get(PublicResponses);
    const decision = `decision=${encodeURIComponent('事業の継続')}`;
    const plain = await get(`/public/${CODE}/2022/?${decision}&department=${cast.departmentId}`);
    const held = kept.heldBytes;
    const shared = await get(
      `/public/${CODE}/2022/?utm_source=line&department=${cast.departmentId}&fbclid=IwAR0x&${decision}`,
    );
    expect(shared.text).toBe(plain.text);
    expect(kept.heldBytes).toBe(held);
    const report = await get(reportPath(reportIds.published));
    const afterReport = kept.heldBytes;
    expect((await get(`${reportPath(reportIds.published)}?utm_source=x&utm_medium=social`)).text).toBe(report.text);
    expect(kept.heldBytes).toBe(afterReport);
    // A filter the page reads is a page of its own.
    await get(`/public/${CODE}/2022/?department=${cast.departmentId}`);
    expect(kept.heldBytes).toBeGreaterThan(afterReport);
  });

  it('gives the project’s KPI ledger across its published years, as a chart and as a table', async () => {
    const page = (await get(reportPath(ictParkR4))).text;
    expect(page).toContain('KPIの推移(公表した年度)');
    expect(page).toMatch(/<svg class="kpi-chart"[^>]*role="img"/);
    expect(page).toMatch(/<th scope="row"><a href="\/public\/012041\/reports\/[^"]+">R2年度<\/a><\/th>/);
    expect(page).toMatch(/<th scope="row"><a href="\/public\/012041\/reports\/[^"]+">R4年度<\/a><\/th>/);
  });

  it.each(NON_PUBLISHED)('answers 404 for a %s report: by page, edition and in no list', async (stage) => {
    const id = reportIds[stage];
    const notFound = (await get(reportPath(id), 404)).text;
    expect(notFound).toContain('公表されていないか、存在しないページです');
    await get(`${reportPath(id)}/editions/1`, 404);
    expect((await get(`/public/${CODE}/2022/`)).text).not.toContain(id);
    expect((await get(`/public/${CODE}/2022/summary`)).text).not.toContain(`公表ページ検証事業 ${stage}<`);
    expect((await get(`/public/${CODE}/sitemap.xml`)).text).not.toContain(id);
  });

  it('answers the same 404 for guessed addresses: an unknown report, code, year or edition', async () => {
    await get(reportPath('00000000-0000-4000-8000-000000000000'), 404);
    await get(reportPath('not-a-uuid'), 404);
    await get('/public/999999/', 404);
    await get(`/public/${CODE}/2019/`, 404);
    await get(`/public/${CODE}/2019/summary`, 404);
    await get(`${reportPath(reportIds.published)}/editions/2`, 404);
    await get(`${reportPath(reportIds.published)}/editions/x`, 404);
    // An address no route serves gets the public site's page too: no sign-in link, nothing about the reader.
    const unserved = (await get(`/public/${CODE}/reports/${reportIds.published}/nothing/here`, 404)).text;
    expect(unserved).toContain('公表されていないか、存在しないページです');
    expect(unserved).not.toContain('サインイン');
  });

  it('asks a reader of a broken address to check the URL, not to try again later', async () => {
    for (const path of [`/public/${CODE}/reports/%E0`, `/public/${CODE}/%E0%A4%A/`]) {
      const page = (await get(path, 400)).text;
      expect(page).toContain('URLを確かめる');
      expect(page).not.toContain('時間をおいて');
    }
  });

  it('lists panel members’ names only when the municipality chose to, both when it published and now', async () => {
    expect((await get(reportPath(reportIds.published))).text).not.toContain('experta');
    await changeSettings(t, cast.tokens.admin, cast.organizationId, { publishPanelMemberNames: true });
    // Published while the municipality did not name its panel: naming it later names no one of that edition.
    expect((await get(reportPath(reportIds.published))).text).not.toContain('experta');
    await t
      .http()
      .post(api(`/reports/${reportIds.decided}/publish`))
      .set(as('planner'))
      .send({})
      .expect(200);
    // Not kept for the search of every public response below: here the names are meant to be public.
    const page = (await t.http().get(reportPath(reportIds.decided)).expect(200)).text;
    expect(page).toContain('意見を述べた外部有識者');
    expect(page).toContain('<li>experta</li>');
    // Imported history has no panel in the system: nothing to list.
    expect((await get(reportPath(ictParkR4))).text).not.toContain('意見を述べた外部有識者');
    await changeSettings(t, cast.tokens.admin, cast.organizationId, { publishPanelMemberNames: false });
    expect((await get(reportPath(reportIds.decided))).text).not.toContain('experta');
  });

  it('shows a correction as edition 2 with its history, and edition 1 as it was, saying edition 2 corrected it', async () => {
    const report = `/reports/${reportIds.published}`;
    await t
      .http()
      .post(api(`${report}/correct`))
      .set(as('admin'))
      .send({ reason: '⑥の説明の誤記を訂正' })
      .expect(200);
    // While it is being corrected, the published edition stays public.
    expect((await get(reportPath(reportIds.published))).text).not.toContain(CORRECTED_NARRATIVE);
    const { version } = (await t.http().get(api(report)).set(as('owner')).expect(200)).body;
    await t
      .http()
      .patch(api(report))
      .set(as('owner'))
      .send({ version, effectNarrative: CORRECTED_NARRATIVE })
      .expect(200);
    // Submitted by the owner, the correction is still not public until planning publishes it.
    await t
      .http()
      .post(api(`${report}/submit-correction`))
      .set(as('owner'))
      .expect(200);
    expect((await get(reportPath(reportIds.published))).text).not.toContain(CORRECTED_NARRATIVE);
    await t
      .http()
      .post(api(`${report}/publish`))
      .set(as('planner'))
      .expect(200);

    const page = (await get(reportPath(reportIds.published))).text;
    expect(page).toContain(CORRECTED_NARRATIVE);
    expect(page).toContain('訂正履歴');
    expect(page).toContain('⑥の説明の誤記を訂正');
    expect(page).toContain(`href="${reportPath(reportIds.published)}/editions/1"`);
    const first = (await get(`${reportPath(reportIds.published)}/editions/1`)).text;
    expect(first).not.toContain(CORRECTED_NARRATIVE);
    expect(first).toContain(
      `この版は第2版で訂正されています。<a href="${reportPath(reportIds.published)}">最新の版を見る</a>`,
    );
    expect(first).toMatch(/このページは訂正前の第1版\(令和\d+年\d+月\d+日 \(\d{4}-\d{2}-\d{2}\)公表\)です。/);
    expect(page).not.toContain('この版は第');
    // The staff's print of edition 1 says the same, linking the print of the newest edition.
    const print = (edition?: number) =>
      t
        .http()
        .get(api(`/exports/reports/${reportIds.published}?format=html${edition ? `&edition=${edition}` : ''}`))
        .set(as('planner'))
        .expect(200)
        .then((response) => response.text);
    expect(await print(1)).toContain(
      'この版は第2版で訂正されています。<a href="?format=html&amp;edition=2">最新の版を見る</a>',
    );
    for (const latest of [await print(2), await print()]) expect(latest).not.toContain('この版は第');
    expect(first).toContain(
      `<link rel="canonical" href="${t.config.baseUrl}${reportPath(reportIds.published)}/editions/1">`,
    );
  });

  it('replaces a withdrawn publication by a 410 notice with date and reason, listed only as withdrawn', async () => {
    await t
      .http()
      .post(api(`/reports/${withdrawnId}/withdraw-publication`))
      .set(as('admin'))
      .send({ reason: WITHDRAWAL_REASON })
      .expect(200);
    const notice = (await get(reportPath(withdrawnId), 410)).text;
    expect(notice).toContain('この報告の公表は取り消されました');
    expect(notice).toContain(WITHDRAWAL_REASON);
    expect(notice).toMatch(/令和\d+年\d+月\d+日 \(\d{4}-\d{2}-\d{2}\)/);
    expect(notice).not.toContain('③全体概要');
    await get(`${reportPath(withdrawnId)}/editions/1`, 410);
    const year = (await get(`/public/${CODE}/2022/`)).text;
    expect(year).toMatch(/公表を取り消しました \(令和\d+年\d+月\d+日 \(\d{4}-\d{2}-\d{2}\)\)/);
    expect((await get(`/public/${CODE}/2022/summary`)).text).not.toContain(withdrawnId);
    expect((await get(`/public/${CODE}/sitemap.xml`)).text).not.toContain(withdrawnId);
  });

  it("indexes in sitemap.xml a sitemap of the site's page and one of each municipality, which robots.txt points at", async () => {
    const index = await get('/sitemap.xml');
    expect(index.headers['content-type']).toMatch(/application\/xml/);
    expect(index.text).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const base = t.config.baseUrl;
    for (const path of ['/public/sitemap.xml', `/public/${CODE}/sitemap.xml`])
      expect(index.text).toMatch(new RegExp(`<sitemap><loc>${base}${path}</loc><lastmod>\\d{4}-\\d{2}-\\d{2}T`));
    expect((await get('/public/sitemap.xml')).text).toMatch(
      new RegExp(`<url><loc>${base}/public/</loc><lastmod>\\d{4}-\\d{2}-\\d{2}T`),
    );
    expect((await get('/robots.txt')).text).toContain(`Sitemap: ${base}/sitemap.xml`);
  });

  it("lists every public page of a municipality in its sitemap with lastmod; an unknown code's answers 404", async () => {
    const sitemap = await get(`/public/${CODE}/sitemap.xml`);
    expect(sitemap.headers['content-type']).toMatch(/application\/xml/);
    expect(sitemap.text).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const base = t.config.baseUrl;
    for (const path of [
      `/public/${CODE}/`,
      `/public/${CODE}/open-data/`,
      `/public/${CODE}/2022/`,
      `/public/${CODE}/2022/summary`,
      `/public/${CODE}/2020/`,
      reportPath(reportIds.published),
      `${reportPath(reportIds.published)}/editions/1`,
      reportPath(ictParkR4),
    ])
      expect(sitemap.text).toMatch(new RegExp(`<loc>${base}${path}</loc><lastmod>\\d{4}-\\d{2}-\\d{2}T`));
    expect(sitemap.text).not.toContain(`<loc>${base}/public/</loc>`);
    await get('/public/131016/sitemap.xml', 404);
  });

  it('sets no cookie and lets a shared cache keep every page; a conditional GET answers 304', async () => {
    const paths = [
      '/public/',
      `/public/${CODE}/`,
      `/public/${CODE}/2022/`,
      `/public/${CODE}/2022/summary`,
      reportPath(reportIds.published),
      `${reportPath(reportIds.published)}/editions/1`,
      '/sitemap.xml',
      `/public/${CODE}/sitemap.xml`,
      '/robots.txt',
    ];
    for (const path of paths) {
      const response = await get(path);
      expect({ path, cookie: response.headers['set-cookie'] }).toEqual({ path, cookie: undefined });
      expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      expect(response.headers.etag).toBeDefined();
    }
    for (const status of [404, 410]) {
      const path = status === 404 ? reportPath(reportIds.draft) : reportPath(withdrawnId);
      expect((await get(path, status)).headers['set-cookie']).toBeUndefined();
    }
    const page = await get(reportPath(reportIds.published));
    expect(page.headers['last-modified']).toBeDefined();
    const byTag = await t.http().get(reportPath(reportIds.published)).set('If-None-Match', page.headers.etag);
    expect(byTag.status).toBe(304);
    const byDate = await t
      .http()
      .get(reportPath(reportIds.published))
      .set('If-Modified-Since', page.headers['last-modified']);
    expect(byDate.status).toBe(304);
    const stale = await t
      .http()
      .get(reportPath(reportIds.published))
      .set('If-Modified-Since', new Date(Date.parse(page.headers['last-modified']) - 60_000).toUTCString());
    expect(stale.status).toBe(200);
  });

  it('has canonical, description and OGP tags with absolute URLs on every page', async () => {
    const page = (await get(`/public/${CODE}/2022/`)).text;
    const url = `${t.config.baseUrl}/public/${CODE}/2022/`;
    expect(page).toContain(`<link rel="canonical" href="${url}">`);
    expect(page).toContain(`<meta property="og:url" content="${url}">`);
    expect(page).toMatch(/<meta name="description" content="[^"]+">/);
    expect(page).toMatch(/<meta property="og:title" content="[^"]+">/);
    expect(page).toContain('<html lang="ja"');
  });

  it('never puts an expert’s own opinion, a person’s e-mail, name or user id on any public response', () => {
    const userIds = Object.values(cast.userIds);
    expect(bodies.size).toBeGreaterThan(20);
    for (const [request, body] of bodies) {
      const leaks = [EXPERT_OPINION, '@example.jp', 'experta', 'planner', 'approver', ...userIds].filter((secret) =>
        body.includes(secret),
      );
      expect({ request, leaks }).toEqual({ request, leaks: [] });
    }
  });

  describe('in a browser', () => {
    let browser: Browser;
    let baseURL: string;

    beforeAll(async () => {
      baseURL = await serve(t);
      browser = await launchBrowser();
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    const pages = () => [
      '/public/',
      `/public/${CODE}/`,
      `/public/${CODE}/2022/`,
      `/public/${CODE}/2022/summary`,
      reportPath(reportIds.published),
      `${reportPath(reportIds.published)}/editions/1`,
      reportPath(withdrawnId),
    ];

    // axe-core runs as a script in the page, so it checks with JavaScript on; the pages carry no script at all, so
    // with JavaScript off the reader gets the very same document (checked below).
    it.each([
      ['360 px', PHONE],
      ['1280 px', DESKTOP],
    ])(
      'meets WCAG 2.1 AA (axe) on every kind of public page at %s',
      async (_width, viewport) => {
        const { context, page } = await newPage(browser, baseURL, { viewport });
        for (const path of pages()) {
          await page.goto(path);
          await expectAccessible(page);
          await expectNoHorizontalScroll(page);
        }
        await context.close();
      },
      150_000,
    );

    it.each([
      ['360 px', PHONE],
      ['1280 px', DESKTOP],
    ])(
      'says under the title of a corrected report when and why it was corrected, linked to its 訂正履歴, at %s',
      async (_width, viewport) => {
        const { context, page } = await newPage(browser, baseURL, { viewport });
        await page.goto(reportPath(reportIds.published));
        const correction = page.locator('h1 + .correction-notice');
        await expectOnScreen('訂正のお知らせ', correction);
        await screenshot(page, `public-report-corrected-${viewport.width}`, false);
        expect(await correction.innerText()).toMatch(
          /^令和\d+年\d+月\d+日に訂正しました\(第2版\)。\s+理由: ⑥の説明の誤記を訂正\s+訂正履歴/,
        );
        await correction.getByRole('link', { name: /訂正履歴/ }).click();
        await page.waitForURL(/#corrections$/);
        await expectOnScreen('訂正履歴', page.getByRole('heading', { name: '訂正履歴' }));
        // Edition 1 was not a correction: it says only that it is an earlier edition.
        await page.goto(`${reportPath(reportIds.published)}/editions/1`);
        await see(page.locator('.edition-notice'), 'この版は第2版で訂正されています。最新の版を見る');
        expect(await page.locator('.correction-notice').count()).toBe(0);
        await context.close();
      },
      60_000,
    );

    it('keeps each budget line’s amounts and each KPI’s latest value and 達成率 on a phone’s screen', async () => {
      const { context, page } = await newPage(browser, baseURL, { viewport: PHONE });
      await page.goto(reportPath(reportIds.published));
      const budgetLines = page.locator('#section-4 ~ * table.table--cards tbody tr');
      expect(await budgetLines.count()).toBeGreaterThan(0);
      for (const line of await budgetLines.all()) {
        await expectOnScreen('予算額', line.locator('td[data-label^="予算額"]'));
        await expectOnScreen('実績額', line.locator('td[data-label^="実績額"]'));
      }
      const kpis = page.locator('#section-5 ~ * table.table--cards tbody tr');
      expect(await kpis.count()).toBeGreaterThan(0);
      for (const kpi of await kpis.all()) {
        await expectOnScreen('最新値', kpi.locator('td[data-label="最新値"]'));
        await expect(kpi.locator('td[data-label="達成率"]').innerText()).resolves.toMatch(/^(\d[\d,]*\.\d%)?$/);
      }
      await screenshot(page, 'public-report-phone');
      await context.close();
    }, 60_000);

    it('keeps every 実績値 and 達成率 of the year’s KPIs and of a project’s ledger on a phone’s screen', async () => {
      const { context, page } = await newPage(browser, baseURL, { viewport: PHONE });
      await page.goto(`/public/${CODE}/2022/summary`);
      const kpis = page.locator('.summary-report table.table--cards tbody tr');
      expect(await kpis.count()).toBeGreaterThan(5);
      for (const kpi of await kpis.all()) {
        expect(await kpi.locator('td[data-label^="実績値 R"]').count()).toBeGreaterThan(0);
        for (const actual of await kpi.locator('td[data-label^="実績値 R"]').all())
          await expectOnScreen('実績値', actual);
        await expectOnScreen('達成率', kpi.locator('td[data-label="達成率"]'));
      }
      // A caption as long as a project's name wraps within the screen instead of running off it.
      for (const caption of await page.locator('.summary-report caption').all()) await expectOnScreen('表題', caption);
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'public-summary-phone');
      await page.goto(reportPath(ictParkR4));
      const years = page.locator('#ledger-title ~ * table.table--cards tbody tr');
      expect(await years.count()).toBeGreaterThanOrEqual(2);
      for (const year of await years.all()) {
        await expectOnScreen('実績値', year.locator('td[data-label="実績値(時点)"]'));
        await expectOnScreen('達成率', year.locator('td[data-label="達成率"]'));
      }
      await expectNoHorizontalScroll(page);
      await context.close();
    }, 60_000);

    it('lets an administrator choose on the 団体 page to list panel members’ names, and refuses a bad licence URL', async () => {
      const admin = await signInPage(browser, baseURL, `admin@${CODE}.example.jp`, { javaScriptEnabled: false });
      await admin.goto(`/o/${cast.organizationId}/admin/organization`);
      await admin.getByLabel('利用条件(ライセンス)のURL').fill('not a url');
      await admin.getByRole('button', { name: '保存する' }).click();
      await see(admin.locator('.error-summary'), '利用条件(ライセンス)のURL');
      await admin.getByLabel('利用条件(ライセンス)のURL').fill('https://creativecommons.org/licenses/by/4.0/deed.ja');
      await admin.getByLabel('掲載する', { exact: false }).check();
      await admin.getByRole('button', { name: '保存する' }).click();
      await see(notice(admin), '公表ページの設定を保存しました');
      // Published while the panel was named (see above); the setting was turned off since.
      await admin.goto(reportPath(reportIds.decided));
      await see(admin.locator('.panel-members'), 'experta');
      await admin.context().close();
    }, 60_000);

    it('works with JavaScript off: the same pages, and the year list filters by a plain form', async () => {
      const { context, page } = await newPage(browser, baseURL, { viewport: PHONE, javaScriptEnabled: false });
      for (const path of pages()) {
        await page.goto(path);
        expect(await page.locator('script').count()).toBe(0);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await expectNoHorizontalScroll(page);
      }
      await page.goto(`/public/${CODE}/2022/`);
      await page.getByLabel('交付金').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'この条件で表示する' }).click();
      await page.waitForURL(/grantType=/);
      await page.getByRole('link', { name: '条件を解除' }).waitFor();
      await context.close();
    }, 60_000);

    it('finds a project on a phone by a word of its name, the one result and its count on screen', async () => {
      const { context, page } = await newPage(browser, baseURL, { viewport: PHONE, javaScriptEnabled: false });
      await page.goto(`/public/${CODE}/2022/`);
      await page.getByLabel('キーワード').fill('ICTパーク');
      await page.getByRole('button', { name: 'この条件で表示する' }).click();
      await page.waitForURL(/q=/);
      await see(page.getByRole('status'), /条件に合う報告 1件\(全\d+件\)/);
      await expectOnScreen('見つかった報告', page.getByRole('link', { name: new RegExp(ICT_PARK) }));
      await expectNoHorizontalScroll(page);
      await screenshot(page, 'public-year-search-phone');
      // axe runs as a script: the same address, with JavaScript on.
      const checked = await newPage(browser, baseURL, { viewport: PHONE });
      await checked.page.goto(page.url());
      await expectAccessible(checked.page);
      await checked.context.close();
      await context.close();
    }, 60_000);
  });
});
