import type { Browser, Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport, reportUpdate } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  expectOnScreen,
  launchBrowser,
  PHONE,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 90_000;

/**
 * Lists on a phone and lists of a real year: at 360 px the records of 担当する報告, 自分の報告, the ⑤ KPI table,
 * 年度のまとめ, 利用者と役割 and the audit log's checkpoints are stacked cards that keep status, due date and 達成率 on
 * screen; the year board, 国提出事業 and
 * 利用者 are searched, filtered and sorted through the URL, so a filtered view reloads (and bookmarks) as it was —
 * without JavaScript.
 */
describe('Web pages: records as cards on a phone, and lists filtered through the URL', () => {
  const [submitted, reviewed, awaited, draftFour, draftFive] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  const ids: Record<string, string> = {};
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const org = `/api/v1/organizations/${cast.organizationId}`;
    const api = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
    const post = (who: string, name: string, rest: string, body: object = {}) =>
      t.http().post(`${org}/reports/${ids[name]}/${rest}`).set(api(who)).send(body).expect(200);
    const seeds = { submitted, reviewed, awaited, draftFour, draftFive };
    const versions: Record<string, number> = {};
    for (const [name, seed] of Object.entries(seeds)) {
      const saved = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
      ids[name] = saved.id;
      versions[name] = saved.version;
    }
    // An earlier year's actual of 指標①, so 年度のまとめ draws its chart.
    const update = reportUpdate(submitted, versions.submitted);
    await t
      .http()
      .patch(`${org}/reports/${ids.submitted}`)
      .set(api('owner'))
      .send({
        ...update,
        kpiResults: update.kpiResults.map((kpi, index) =>
          index === 0 ? { ...kpi, yearlyActuals: [{ fiscalYear: 2021, value: submitted.kpis[0].baseline }] } : kpi,
        ),
      })
      .expect(200);
    await post('owner', 'submitted', 'submit');

    // Expert A has given the opinion on one report (listed below 対応が必要) and owes it on another.
    for (const name of ['reviewed', 'awaited']) {
      await post('owner', name, 'submit');
      await post('planner', name, 'accept', { experts: [cast.userIds.expertA], dueDate: dueInDays(14) });
    }
    const [assignment] = (await t.http().get(`${org}/reports/${ids.reviewed}/assignments`).set(api('planner')))
      .body as { id: string }[];
    await post('expertA', 'reviewed', `assignments/${assignment.id}/respond`, {
      accept: true,
      conflictOfInterest: 'none',
    });
    await t
      .http()
      .put(`${org}/reports/${ids.reviewed}/assignments/${assignment.id}/opinion`)
      .set(api('expertA'))
      .send({ rating: 'effective', opinion: '有効である。', opinionSubmittedAtRead: null })
      .expect(200);

    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Signed in once per person, with JavaScript (axe-core and the layout checks run as scripts in the page) or without
   * it, as the filter forms must work.
   */
  async function as(person: string, script: 'with' | 'without' = 'with'): Promise<Page> {
    const email = person === 'admin' ? 'admin@012041.example.jp' : `${person.toLowerCase()}@example.jp`;
    pages[`${person} ${script}`] ??= await signInPage(browser, baseURL, email, {
      javaScriptEnabled: script === 'with',
    });
    return pages[`${person} ${script}`];
  }

  /** A field of the page's filter form, by its label. */
  const filter = (page: Page, label: string) => page.locator('form.filters').getByLabel(label, { exact: true });

  const path = (rest: string) => `/o/${cast.organizationId}/${rest}`;

  /** At a phone's width the records are cards (checked by `onPhone`); at both widths nothing scrolls sideways. */
  async function checkWidths(page: Page, shot: string, onPhone: () => Promise<void>): Promise<void> {
    for (const [viewport, suffix] of [
      [PHONE, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.reload();
      if (viewport === PHONE) await onPhone();
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, `${shot}-${suffix}`);
    }
  }

  describe('at 360 px', () => {
    it(
      'keeps the status, the answer, the opinion and the due date of an expert’s reports on screen',
      async () => {
        const expert = await as('expertA');
        await expert.goto(path('assignments'));
        await checkWidths(expert, 'cards-assignments', async () => {
          await expectOnScreen('期限', expert.locator('.attention-list__deadline').first());
          const card = expert.locator('table.table--cards tbody tr', { hasText: reviewed.projectName });
          await expectOnScreen('状態', card.locator('td[data-label="状態"] .tag').first());
          await expectOnScreen('依頼への回答', card.locator('td[data-label="依頼への回答"]'));
          await expectOnScreen('意見', card.locator('td[data-label="意見"]'));
          await expectOnScreen('意見の期限', card.locator('td[data-label="意見の期限"]'));
          expect(await card.locator('td[data-label="意見"]').innerText()).toContain('入力済み');
        });
      },
      STEP_TIMEOUT,
    );

    it(
      'keeps each KPI’s 達成率 of a report on screen',
      async () => {
        const planner = await as('planner');
        await planner.goto(path(`reports/${ids.submitted}`));
        await checkWidths(planner, 'cards-report-kpis', async () => {
          const cards = planner.locator('#section-5 table.table--cards tbody tr');
          expect(await cards.count()).toBe(submitted.kpis.length);
          for (const card of await cards.all()) {
            await expectOnScreen('達成率', card.locator('td[data-label="達成率"] .achievement__value'));
          }
        });
      },
      STEP_TIMEOUT,
    );

    it(
      'keeps the 達成率 and the chart of 年度のまとめ on screen',
      async () => {
        const planner = await as('planner');
        await planner.goto(path('summary?fiscalYear=R4'));
        await checkWidths(planner, 'cards-summary', async () => {
          const report = planner.locator('.summary-report', { hasText: submitted.projectName });
          await expectOnScreen('状態', report.locator('.report-header__meta .tag'));
          const first = report.locator('table.table--cards tbody tr').first();
          await expectOnScreen('達成率', first.locator('td[data-label="達成率"] .achievement__value'));
          await expectOnScreen('推移', first.locator('td[data-label="年度ごとの推移"] svg'));
        });
      },
      STEP_TIMEOUT,
    );

    it(
      'keeps the status, the progress and the last update of each of the owner’s reports on screen',
      async () => {
        const owner = await as('owner');
        await owner.goto(path('my-reports'));
        await checkWidths(owner, 'cards-my-reports', async () => {
          const cards = owner.locator('#year-2022 ~ * table.table--cards tbody tr');
          expect(await cards.count()).toBe(ASAHIKAWA_R4_REPORTS.length);
          for (const card of await cards.all()) {
            const title = card.locator('th[scope="row"]');
            await expectOnScreen('国提出事業', title);
            expect((await title.boundingBox())!.width).toBeGreaterThan(PHONE.width / 2);
            await expectOnScreen('状態', card.locator('td[data-label="状態"] .tag').first());
            await expectOnScreen('更新日', card.locator('td[data-label="更新日"]'));
          }
          const draft = cards.filter({ hasText: draftFour.projectName });
          await expectOnScreen('進み具合', draft.locator('td[data-label="状態"] .draft-progress'));
        });
      },
      STEP_TIMEOUT,
    );

    it(
      'keeps a checkpoint’s hash and signature whole on screen',
      async () => {
        await t
          .http()
          .post(`/api/v1/organizations/${cast.organizationId}/audit/checkpoints`)
          .set({ Authorization: `Bearer ${cast.tokens.admin}` })
          .expect(201);
        const admin = await as('admin');
        await admin.goto(path('admin/audit/checkpoints'));
        await checkWidths(admin, 'cards-audit-checkpoints', async () => {
          const card = admin.locator('table.table--cards tbody tr').first();
          await expectOnScreen('作成日時', card.locator('th[scope="row"]'));
          await expectOnScreen('ハッシュ', card.locator('td[data-label="ハッシュ"] code'));
          await expectOnScreen('署名', card.locator('td[data-label="署名"] code'));
        });
      },
      STEP_TIMEOUT,
    );

    it(
      'gives each user’s name the card’s width instead of a character per line',
      async () => {
        const admin = await as('admin');
        await admin.goto(path('admin/users'));
        await checkWidths(admin, 'cards-users', async () => {
          const names = admin.locator('table.table--cards tbody th[scope="row"]');
          expect(await names.count()).toBe(6);
          for (const name of await names.all()) {
            await expectOnScreen('氏名', name);
            expect((await name.boundingBox())!.width).toBeGreaterThan(PHONE.width / 2);
          }
          await expectOnScreen('役割', admin.locator('td[data-label="役割"]').first());
        });
      },
      STEP_TIMEOUT,
    );
  });

  describe('search, filters and sort in the URL', () => {
    /** The option a select of the filter form shows as chosen. */
    const chosen = (page: Page, label: string) => filter(page, label).locator('option:checked').innerText();

    /** The filtered view opened again from its URL, as a bookmark would, by the same person in another window. */
    async function reopened(person: string, url: string): Promise<Page> {
      const page = await as(person);
      await page.goto(url);
      return page;
    }

    it(
      'narrows the year board to what was searched (half-width kana too) and chosen, and opens the same view from its URL',
      async () => {
        const form = await as('planner', 'without');
        await form.goto(path('board?fiscalYear=R4'));
        await filter(form, 'キーワード').fill('ﾌﾟﾛｼﾞｪｸﾄ');
        await filter(form, '状態').selectOption({ label: '提出済' });
        await filter(form, '並び順').selectOption({ label: '事業名順' });
        await form.getByRole('button', { name: 'この条件で表示する' }).click();
        await see(form.locator('[role="status"]'), '条件に合う報告 1件');

        const url = new URL(form.url());
        expect(Object.fromEntries(url.searchParams)).toEqual({
          fiscalYear: '2022',
          q: 'ﾌﾟﾛｼﾞｪｸﾄ',
          departmentId: '',
          status: 'submitted',
          grantTypeCode: '',
          sort: 'name',
        });
        const cards = (page: Page) => page.locator('.board-card .board-card__title').allInnerTexts();
        expect(await cards(form)).toEqual([`No.${submitted.number} ${submitted.projectName}`]);

        const planner = await reopened('planner', url.toString());
        expect(await cards(planner)).toEqual([`No.${submitted.number} ${submitted.projectName}`]);
        expect(await filter(planner, 'キーワード').inputValue()).toBe('ﾌﾟﾛｼﾞｪｸﾄ');
        expect(await chosen(planner, '状態')).toBe('提出済');
        expect(await chosen(planner, '並び順')).toBe('事業名順');
        await checkWidths(planner, 'filters-board', async () => {
          await expectOnScreen('表示する', planner.getByRole('button', { name: 'この条件で表示する' }));
        });

        await form.getByRole('link', { name: '条件を解除' }).click();
        await see(form.locator('[role="status"]'), '全5件');
      },
      STEP_TIMEOUT,
    );

    it(
      'refuses a value a filter does not offer with a message beside it, and shows the list unfiltered',
      async () => {
        const planner = await as('planner', 'without');
        const response = await planner.goto(path('board?fiscalYear=R4&status=lost'));

        expect(response!.status()).toBe(400);
        expect(await planner.locator('.error-summary').innerText()).toContain(
          '「状態」に指定された値は選べません。一覧から選んでください',
        );
        expect(await planner.locator('#f-list-status-error').innerText()).toContain('一覧から選んでください');
        expect(await planner.locator('.board-card').count()).toBe(5);
      },
      STEP_TIMEOUT,
    );

    it(
      'finds a 国提出事業 by its number and opens the same search and order from its URL',
      async () => {
        const form = await as('owner', 'without');
        await form.goto(path('projects'));
        await filter(form, 'キーワード').fill(`No.${draftFour.number}`);
        await filter(form, '並び順').selectOption({ label: 'No順' });
        await form.getByRole('button', { name: 'この条件で表示する' }).click();
        await see(form.locator('[role="status"]'), '条件に合う事業 1 件');
        const titles = (page: Page) => page.locator('.card-list .card h2').allInnerTexts();
        expect(await titles(form)).toEqual([`No.${draftFour.number} ${draftFour.projectName}`]);

        const owner = await reopened('owner', form.url());
        expect(await titles(owner)).toEqual([`No.${draftFour.number} ${draftFour.projectName}`]);
        expect(await chosen(owner, '並び順')).toBe('No順');
        await checkWidths(owner, 'filters-projects', async () => {
          await expectOnScreen('検索', filter(owner, 'キーワード'));
        });

        await owner.goto(path('projects?sort=number'));
        expect(await titles(owner)).toEqual(
          [submitted, reviewed, awaited, draftFour, draftFive].map((seed) => `No.${seed.number} ${seed.projectName}`),
        );
      },
      STEP_TIMEOUT,
    );

    it(
      'lists only the users holding the chosen role, and opens the same list from its URL',
      async () => {
        const form = await as('admin', 'without');
        await form.goto(path('admin/users'));
        await filter(form, '役割').selectOption({ label: '外部有識者' });
        await filter(form, '並び順').selectOption({ label: '氏名順' });
        await form.getByRole('button', { name: 'この条件で表示する' }).click();
        await see(form.locator('[role="status"]'), '条件に合う2人');
        expect(new URL(form.url()).searchParams.get('role')).toBe('external_expert');
        const names = (page: Page) => page.locator('table.table--cards tbody th[scope="row"]').allInnerTexts();
        const experts = [expect.stringContaining('experta'), expect.stringContaining('expertb')];
        expect(await names(form)).toEqual(experts);

        const admin = await reopened('admin', form.url());
        expect(await names(admin)).toEqual(experts);
        await checkWidths(admin, 'filters-users', async () => {
          await expectOnScreen('役割', filter(admin, '役割'));
        });
      },
      STEP_TIMEOUT,
    );
  });

  describe('the 達成率 bar', () => {
    it(
      'turns green where the values meet the target, not where 達成率 only rounds to 100.0 % (⑤, 年度のまとめ, KPI台帳)',
      async () => {
        const org = `/api/v1/organizations/${cast.organizationId}`;
        const owner = { Authorization: `Bearer ${cast.tokens.owner}` };
        const draft = (await t.http().get(`${org}/reports/${ids.draftFive}`).set(owner).expect(200)).body;
        // 指標① 31.99 of 32 (from 0) shows 100.0 % and falls short; 指標② 34 of 34 meets its target.
        await t
          .http()
          .patch(`${org}/reports/${ids.draftFive}`)
          .set(owner)
          .send({
            version: draft.version,
            kpiResults: [
              { position: 1, latestValue: 31.99 },
              { position: 2, latestValue: 34 },
            ],
          })
          .expect(200);
        const planner = await as('planner');
        const shown = async (cell: ReturnType<Page['locator']>) => [
          await cell.locator('.achievement__value').innerText(),
          await cell.locator('.achievement--met').count(),
        ];

        await planner.goto(path(`reports/${ids.draftFive}`));
        const kpiRows = planner.locator('#section-5 table tbody tr');
        expect(await shown(kpiRows.nth(0).locator('td[data-label="達成率"]'))).toEqual(['100.0%', 0]);
        expect(await shown(kpiRows.nth(1).locator('td[data-label="達成率"]'))).toEqual(['100.0%', 1]);

        await planner.goto(path('summary?fiscalYear=R4'));
        const summaryRows = planner
          .locator('.summary-report', { hasText: draftFive.projectName })
          .locator('table tbody tr');
        expect(await shown(summaryRows.nth(0).locator('td[data-label="達成率"]'))).toEqual(['100.0%', 0]);
        expect(await shown(summaryRows.nth(1).locator('td[data-label="達成率"]'))).toEqual(['100.0%', 1]);

        await planner.goto(path(`projects/${draft.project.id}/ledger`));
        for (const [position, met] of [
          [1, 0],
          [2, 1],
        ]) {
          const row = planner.locator(`[aria-labelledby="kpi-${position}-caption"] tbody tr`, { hasText: 'R4年度' });
          expect(await shown(row.locator('td[data-label="達成率(その年度の目標)"]'))).toEqual(['100.0%', met]);
          expect(await shown(row.locator('td[data-label="達成率(最終目標)"]'))).toEqual(['100.0%', met]);
        }
      },
      STEP_TIMEOUT,
    );
  });
});
