import type { Browser, Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport, projectRequest, reportUpdate } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  expectOnScreen,
  launchBrowser,
  PHONE,
  screenshot,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 90_000;

/**
 * 自分の報告: each draft says how far it is, section by section as its report page's task list judges ③–⑥, so a
 * draft left at ⑥ does not look like one nobody has opened — in 対応が必要 and in the list of every report alike.
 */
describe('Web pages: each draft on the owner’s list says how far it is', () => {
  const [complete, partly, untouched] = ASAHIKAWA_R4_REPORTS;
  const expected = {
    // ③ comes from the project itself, as on the report page.
    untouched: '4項目中1項目入力済み・残り ④市予算事業、⑤重要業績評価指標(KPI)、⑥事業効果',
    partly: '4項目中3項目入力済み・残り ⑥事業効果',
    complete: 'すべて入力済み・提出できます',
  };
  const seeds = { complete, partly, untouched };
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let owner: Page;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const org = `/api/v1/organizations/${cast.organizationId}`;
    const api = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });

    ids.complete = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, complete)).id;
    for (const [name, seed] of [
      ['partly', partly],
      ['untouched', untouched],
    ] as const) {
      const project = await t
        .http()
        .post(`${org}/projects`)
        .set(api('owner'))
        .send(projectRequest(seed, cast.departmentId))
        .expect(201);
      const draft = await t
        .http()
        .post(`${org}/reports`)
        .set(api('owner'))
        .send({ projectId: project.body.id, fiscalYear: seed.fiscalYear })
        .expect(201);
      ids[name] = draft.body.id;
      if (name === 'partly')
        // ③④⑤ saved, ⑥ not begun.
        await t
          .http()
          .patch(`${org}/reports/${draft.body.id}`)
          .set(api('owner'))
          .send({
            ...reportUpdate(seed, draft.body.version),
            effectLevel: null,
            effectNarrative: '',
            effectLevelReason: '',
          })
          .expect(200);
    }
    await t
      .http()
      .post(`${org}/cycles`)
      .set(api('admin'))
      .send({ fiscalYear: 'R4', submissionDueDate: dueInDays(43) })
      .expect(201);

    baseURL = await serve(t);
    browser = await launchBrowser();
    owner = await signInPage(browser, baseURL, 'owner@example.jp');
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const progressIn = (page: Page, hasText: string, where: 'attention' | 'list') =>
    (where === 'attention'
      ? page.locator('main section.attention .attention-list__item', { hasText })
      : page.locator('main table tbody tr', { hasText })
    ).locator('.draft-progress');

  it(
    'shows the untouched, the half-finished and the complete draft each with its own progress, on a phone too',
    async () => {
      for (const [viewport, suffix] of [
        [PHONE, 'phone'],
        [DESKTOP, 'desktop'],
      ] as const) {
        await owner.setViewportSize(viewport);
        await owner.goto(`/o/${cast.organizationId}/my-reports`);
        for (const name of ['complete', 'partly', 'untouched'] as const) {
          expect(await progressIn(owner, seeds[name].projectName, 'attention').innerText()).toBe(expected[name]);
          expect(await progressIn(owner, seeds[name].projectName, 'list').innerText()).toBe(expected[name]);
        }
        // Beside the deadline the three share.
        const item = owner.locator('main section.attention .attention-list__item', { hasText: partly.projectName });
        expect(await item.locator('.attention-list__deadline').innerText()).toContain('期限まで43日');
        if (viewport === PHONE) await expectOnScreen('進み具合', progressIn(owner, untouched.projectName, 'attention'));
        await expectNoHorizontalScroll(owner);
        await expectAccessible(owner);
        await screenshot(owner, `draft-progress-${suffix}`);
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'gives the API’s 対応が必要 the same progress, by section',
    async () => {
      const tasks = await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/my-tasks`)
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .expect(200);
      const progressOf = (id: string) =>
        (tasks.body.owner as { report: { id: string }; progress?: unknown }[]).find((task) => task.report.id === id)
          ?.progress;
      expect(progressOf(ids.untouched)).toEqual({
        entered: ['overview'],
        toEnter: ['budget', 'kpis', 'effect'],
        ready: false,
      });
      expect(progressOf(ids.partly)).toEqual({
        entered: ['overview', 'budget', 'kpis'],
        toEnter: ['effect'],
        ready: false,
      });
      expect(progressOf(ids.complete)).toEqual({
        entered: ['overview', 'budget', 'kpis', 'effect'],
        toEnter: [],
        ready: true,
      });
    },
    STEP_TIMEOUT,
  );

  it(
    'takes the owner from a problem named on the report page into the field on its section page, a choice included',
    async () => {
      await owner.goto(`/o/${cast.organizationId}/reports/${ids.partly}`);
      await owner.locator('#submission-problems a', { hasText: '⑥' }).first().click();
      await owner.waitForURL(/\/sections\/effect#f-effectLevel$/);
      // A group of choices is no field itself: its first choice takes the focus, as the error summary's links do.
      expect(await owner.evaluate('document.activeElement.id')).toBe('f-effectLevel-1');
    },
    STEP_TIMEOUT,
  );

  it(
    'prints the report page with the record only: no links to files, to other pages, or hints for typing',
    async () => {
      await owner.goto(`/o/${cast.organizationId}/reports/${ids.complete}`);
      await owner.emulateMedia({ media: 'print' });
      try {
        for (const printedOnScreenOnly of [
          owner.locator('section[aria-labelledby="export-title"]'),
          owner.getByRole('link', { name: /年度別KPI台帳/ }),
          owner.locator('footer.site-footer'),
        ])
          expect(await printedOnScreenOnly.isVisible()).toBe(false);
        expect(await owner.locator('#section-6').isVisible()).toBe(true);
      } finally {
        await owner.emulateMedia({ media: 'screen' });
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'follows the draft: once ⑥ is saved the half-finished draft can be submitted',
    async () => {
      const org = `/api/v1/organizations/${cast.organizationId}`;
      const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
      const { version } = (await t.http().get(`${org}/reports/${ids.partly}`).set(auth).expect(200)).body;
      await t.http().patch(`${org}/reports/${ids.partly}`).set(auth).send(reportUpdate(partly, version)).expect(200);

      await owner.goto(`/o/${cast.organizationId}/my-reports`);
      expect(await progressIn(owner, partly.projectName, 'list').innerText()).toBe(expected.complete);
    },
    STEP_TIMEOUT,
  );
});
