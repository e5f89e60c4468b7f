import type { Browser, Page } from 'playwright-core';
import { Role } from '../../src/access/role';
import { addDays, todayInJapan } from '../../src/common/dates';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport, reportUpdate } from '../support/report-scenario';
import { addUser, createTestApp, seedOrganization, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  PHONE,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 90_000;
/** A calendar day counted from today in Japan, as the pages count deadlines. */
const inDays = (days: number) => addDays(todayInJapan(), days);
const RETURN_REASON = '指標の最新値の時点を確認してください。';

/**
 * 対応が必要: each role's landing page opens with what waits for that person — returned reports with the reason,
 * unanswered questions and deadlines for the owning department, checks and approvals (never of one's own proposal)
 * and overdue opinions for planning, due opinions for experts — and every report list carries the same badges.
 */
describe('Web pages: 対応が必要 first on every landing page, with badges in every list', () => {
  const [returned, questioned, proposed, submitted, draft] = ASAHIKAWA_R4_REPORTS;
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  const ids: Record<string, string> = {};
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const api = (token: string) => ({ Authorization: `Bearer ${cast.tokens[token]}` });
    const reportPath = (name: string, rest: string) =>
      `/api/v1/organizations/${cast.organizationId}/reports/${ids[name]}/${rest}`;
    const post = (who: string, name: string, rest: string, body: object = {}) =>
      t.http().post(reportPath(name, rest)).set(api(who)).send(body).expect(200);
    const seeds = { returned, questioned, proposed, submitted, draft };
    const projectIds: Record<string, string> = {};
    for (const [name, seed] of Object.entries(seeds)) {
      const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
      ids[name] = report.id;
      projectIds[name] = report.project.id;
    }
    /** Planning accepts the report and asks expert A, who accepts and gives their opinion. */
    const reviewedByExpertA = async (name: string) => {
      await post('planner', name, 'accept', { experts: [cast.userIds.expertA], dueDate: inDays(14) });
      const [assignment] = (await t.http().get(reportPath(name, 'assignments')).set(api('planner')).expect(200))
        .body as { id: string }[];
      await post('expertA', name, `assignments/${assignment.id}/respond`, {
        accept: true,
        conflictOfInterest: 'none',
      });
      await t
        .http()
        .put(reportPath(name, `assignments/${assignment.id}/opinion`))
        .set(api('expertA'))
        .send({ rating: 'effective', opinion: '有効である。', opinionSubmittedAtRead: null })
        .expect(200);
    };
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/cycles`)
      .set(api('admin'))
      .send({ fiscalYear: 'R4', submissionDueDate: inDays(5) })
      .expect(201);

    await post('owner', 'returned', 'submit');
    await post('planner', 'returned', 'return', { comment: RETURN_REASON });

    await post('owner', 'questioned', 'submit');
    await post('planner', 'questioned', 'accept', {
      experts: [cast.userIds.expertA, cast.userIds.expertB],
      dueDate: inDays(14),
    });
    await t
      .http()
      .post(reportPath('questioned', 'questions'))
      .set(api('expertA'))
      .send({ body: '実績の内訳は?' })
      .expect(201);
    // No form accepts a due date in the past: expert B's opinion is made overdue as time would.
    await t.dataSource.query(
      'UPDATE review_assignments SET due_date = $1 WHERE report_id = $2 AND expert_user_id = $3',
      [inDays(-2), ids.questioned, cast.userIds.expertB],
    );

    await post('owner', 'proposed', 'submit');
    await reviewedByExpertA('proposed');
    await post('planner', 'proposed', 'evaluate', { rating: 'effective', opinion: proposed.panelOpinion });
    await post('planner', 'proposed', 'propose', { decision: 'continue', reason: proposed.policyReason });

    await post('owner', 'submitted', 'submit');

    // R3 reports of three of the projects, one at each of planning's steps after the experts: every opinion in,
    // evaluated, decided. A year before R4, so the board still opens on R4.
    for (const [name, project] of [
      ['ready', 'draft'],
      ['evaluated', 'submitted'],
      ['decided', 'questioned'],
    ]) {
      const started = await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/reports`)
        .set(api('owner'))
        .send({ projectId: projectIds[project], fiscalYear: 2021 })
        .expect(201);
      ids[name] = started.body.id;
      await t
        .http()
        .patch(`/api/v1/organizations/${cast.organizationId}/reports/${ids[name]}`)
        .set(api('owner'))
        .send(reportUpdate(seeds[project as keyof typeof seeds], started.body.version))
        .expect(200);
      await post('owner', name, 'submit');
      await reviewedByExpertA(name);
    }
    for (const name of ['evaluated', 'decided'])
      await post('planner', name, 'evaluate', { rating: 'effective', opinion: proposed.panelOpinion });
    await post('planner', 'decided', 'propose', { decision: 'continue', reason: proposed.policyReason });
    await post('approver', 'decided', 'approve');

    // Expert A also sits on Kushiro's panel, so they choose an organization first.
    const { organizationId: kushiroId } = await seedOrganization(t, '012068', '釧路市');
    await addUser(t, kushiroId, 'experta@example.jp', Role.ExternalExpert);

    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function as(person: string): Promise<Page> {
    pages[person] ??= await signInPage(browser, baseURL, `${person.toLowerCase()}@example.jp`);
    return pages[person];
  }

  /** The attention section: the first section of the page's main content. */
  function attention(page: Page) {
    return page.locator('main section.attention');
  }

  /** Each entry of a list of 対応が必要 as the reader sees it: title, then its status and badges. */
  async function entries(page: Page, list = attention(page)) {
    const items = list.locator('.attention-list__item');
    const found: { title: string; tags: string[] }[] = [];
    for (const item of await items.all()) {
      found.push({
        title: await item.locator('.attention-list__title').innerText(),
        tags: await item.locator('.attention-list__tags .tag').allInnerTexts(),
      });
    }
    return found;
  }

  /**
   * One group of the board's 対応が必要, opened (its entries sit behind a disclosure that names and counts them): its
   * list, named as its summary.
   */
  async function openGroup(page: Page, name: string) {
    const group = attention(page).locator('details', { has: page.locator('summary', { hasText: name }) });
    if ((await group.getAttribute('open')) === null) await group.locator('summary').click();
    return group.getByRole('list', { name });
  }

  /** 対応が必要 is the first heading under the page title, at a phone's width and a desktop's. */
  async function checkLayout(page: Page, shot: string): Promise<void> {
    for (const [viewport, suffix] of [
      [PHONE, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.reload();
      expect(await page.locator('main h2').first().innerText()).toMatch(/^対応が必要/);
      expect(await attention(page).isVisible()).toBe(true);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await screenshot(page, `${shot}-${suffix}`, suffix === 'desktop');
    }
  }

  const title = (seed: (typeof ASAHIKAWA_R4_REPORTS)[number]) => `R4年度 No.${seed.number} ${seed.projectName}`;
  const earlierTitle = (seed: (typeof ASAHIKAWA_R4_REPORTS)[number]) => `R3年度 No.${seed.number} ${seed.projectName}`;

  it(
    'shows the owning department its returned report with the reason, the question, and days to the deadline',
    async () => {
      const owner = await as('owner');
      await see(owner.getByRole('heading', { level: 1, name: '自分の報告' }));
      await see(attention(owner).getByRole('heading', { name: '対応が必要(3件)' }));

      expect(await entries(owner)).toEqual([
        { title: title(returned), tags: ['作成中', '差戻し'] },
        { title: title(questioned), tags: ['有識者意見照会中', '質問あり', '期限超過'] },
        { title: title(draft), tags: ['作成中'] },
      ]);
      const first = attention(owner).locator('.attention-list__item').first();
      expect(await first.locator('.attention-list__reason').innerText()).toContain(RETURN_REASON);
      expect(await first.locator('.attention-list__deadline').innerText()).toContain('期限まで5日');
      expect(await attention(owner).locator('.attention-list__item').nth(1).innerText()).toContain('未回答の質問 1件');

      // The same badges in the full list below.
      const row = owner.locator('table tr', { hasText: returned.projectName });
      expect(await row.locator('.tag').allInnerTexts()).toEqual(['作成中', '差戻し']);

      // The API's list is the page's, in the same order.
      const api = await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/my-tasks`)
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .expect(200);
      expect(api.body.owner.map((task: { report: { id: string } }) => task.report.id)).toEqual([
        ids.returned,
        ids.questioned,
        ids.draft,
      ]);
      expect(api.body.owner[0]).toMatchObject({
        returnReason: RETURN_REASON,
        badges: [{ kind: 'returned', label: '差戻し' }],
        deadline: { daysLeft: 5, overdue: false, label: '期限まで5日' },
      });

      await checkLayout(owner, 'landing-owner');
    },
    STEP_TIMEOUT,
  );

  it(
    'shows planning the submission to check and the overdue opinion, and a proposal only to the other planner',
    async () => {
      const planner = await as('planner');
      await see(planner.getByRole('heading', { level: 1 }), 'R4年度(2022年度)の報告');
      const section = attention(planner);
      await see(section.getByRole('heading', { name: '対応が必要(5件)' }));
      // Grouped by what is needed, each group counted, its entries behind it: the board stays near the top.
      const groups = [
        '確認を待っている提出(1件)',
        '期限を過ぎた有識者の意見(1件)',
        '評価の取りまとめを待っている報告(1件)',
        '方針案の提案を待っている報告(1件)',
        '公表を待っている報告(1件)',
      ];
      expect(await section.locator('summary').allInnerTexts()).toEqual(groups);
      expect(await section.locator('.attention-list__item').first().isVisible()).toBe(false);
      for (const group of groups) await openGroup(planner, group);
      // In the order of the workflow, every year's: the R3 reports of planning's later steps come after R4's.
      expect(await entries(planner)).toEqual([
        { title: title(submitted), tags: ['提出済'] },
        { title: title(questioned), tags: ['回答待ち', '質問あり', '期限超過'] },
        { title: earlierTitle(draft), tags: ['有識者意見照会中'] },
        { title: earlierTitle(submitted), tags: ['評価済'] },
        { title: earlierTitle(questioned), tags: ['方針決定'] },
      ]);
      expect(await section.innerText()).toContain('外部有識者 expertb');
      expect(await section.innerText()).not.toContain('承認できる方針案');
      // The board's cards carry the badges too.
      const card = planner.locator('#status-in_expert_review .board-card', { hasText: questioned.projectName });
      expect(await card.locator('.tag').allInnerTexts()).toEqual(['質問あり', '期限超過']);
      await checkLayout(planner, 'landing-planner');

      const approver = await as('approver');
      const approvable = await openGroup(approver, '承認できる方針案(1件)');
      expect((await entries(approver, approvable)).map((entry) => entry.title)).toEqual([title(proposed)]);
    },
    STEP_TIMEOUT,
  );

  it(
    'lists for planning each step after the experts in its own group, each leading to the report that offers it',
    async () => {
      const planner = await as('planner');
      await planner.goto(`/o/${cast.organizationId}/board`);
      const steps: [string, string, string, (report: Page) => Promise<void>][] = [
        [
          '評価の取りまとめを待っている報告(1件)',
          'ready',
          earlierTitle(draft),
          async (report) => {
            await see(report.getByRole('link', { name: '意見を取りまとめる' }));
          },
        ],
        [
          '方針案の提案を待っている報告(1件)',
          'evaluated',
          earlierTitle(submitted),
          async (report) => {
            await see(report.getByRole('button', { name: '方針案を提案する' }));
          },
        ],
        [
          '公表を待っている報告(1件)',
          'decided',
          earlierTitle(questioned),
          async (report) => {
            await see(report.getByRole('link', { name: '公表する', exact: true }));
          },
        ],
      ];
      for (const [heading, name, reportTitle, offersTheStep] of steps) {
        const list = await openGroup(planner, heading);
        expect((await entries(planner, list)).map((entry) => entry.title)).toEqual([reportTitle]);
        const link = list.getByRole('link', { name: reportTitle });
        expect(await link.getAttribute('href')).toBe(`/o/${cast.organizationId}/reports/${ids[name]}`);
        await link.click();
        await planner.waitForURL(`**/reports/${ids[name]}`);
        await offersTheStep(planner);
        await planner.goBack();
      }

      // The API's lists are the page's.
      const api = await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/my-tasks`)
        .set({ Authorization: `Bearer ${cast.tokens.planner}` })
        .expect(200);
      const listed = (list: { report: { id: string } }[]) => list.map((task) => task.report.id);
      expect({
        toConsolidate: listed(api.body.toConsolidate),
        toPropose: listed(api.body.toPropose),
        toPublish: listed(api.body.toPublish),
        total: api.body.total,
      }).toEqual({ toConsolidate: [ids.ready], toPropose: [ids.evaluated], toPublish: [ids.decided], total: 5 });
    },
    STEP_TIMEOUT,
  );

  it(
    'says of a year not opened yet that the administrator starts it on 年度サイクル, with the link for an administrator',
    async () => {
      const notStarted = (page: Page) => page.getByRole('region', { name: 'R6年度(2024年度)はまだ開始されていません' });
      const planner = await as('planner');
      await planner.goto(`/o/${cast.organizationId}/board?fiscalYear=R6`);
      await see(notStarted(planner), 'システム管理者が「年度サイクル」で行います');
      expect(await planner.locator('.board').count()).toBe(0);
      expect(await planner.getByRole('link', { name: '年度サイクルで年度を開始する' }).count()).toBe(0);
      await expectAccessible(planner);
      await screenshot(planner, 'board-year-not-started');

      const admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      await admin.goto(`/o/${cast.organizationId}/board?fiscalYear=R6`);
      await admin.getByRole('link', { name: '年度サイクルで年度を開始する' }).click();
      await see(admin.getByRole('heading', { name: '年度を開始する' }));

      // A year opened (R4), or one whose reports came without a cycle (R3), shows its board.
      for (const year of ['R4', 'R3']) {
        await planner.goto(`/o/${cast.organizationId}/board?fiscalYear=${year}`);
        await see(planner.locator('.board'));
        expect(await planner.locator('#not-started-title').count()).toBe(0);
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'shows an expert their overdue opinion first, with its badges',
    async () => {
      const expert = await as('expertB');
      await see(expert.getByRole('heading', { level: 1, name: '担当する報告' }));
      await see(attention(expert).getByRole('heading', { name: '対応が必要(1件)' }));
      expect(await entries(expert)).toEqual([{ title: title(questioned), tags: ['回答待ち', '質問あり', '期限超過'] }]);
      expect(await attention(expert).locator('.attention-list__deadline').innerText()).toContain('期限超過(2日)');
      await checkLayout(expert, 'landing-expert');
    },
    STEP_TIMEOUT,
  );

  it(
    'tells an expert on two panels, on the organization picker, how many opinions each one awaits',
    async () => {
      const expert = await as('expertA');
      await see(expert.getByRole('heading', { level: 1, name: '団体を選ぶ' }));
      const card = (name: string) => expert.locator('.card', { hasText: name });
      expect(await card('旭川市').locator('.attention-list__tags').innerText()).toBe('意見をお待ちしている報告 1件');
      expect(await card('釧路市').locator('.attention-list__tags').innerText()).toBe(
        '意見をお待ちしている報告はありません',
      );
      for (const viewport of [PHONE, DESKTOP]) {
        await expert.setViewportSize(viewport);
        await expectNoHorizontalScroll(expert);
        await expectAccessible(expert);
      }

      await expert.getByRole('link', { name: '旭川市' }).click();
      await see(expert.getByRole('heading', { level: 1, name: '担当する報告' }));
      expect(await entries(expert)).toEqual([{ title: title(questioned), tags: ['回答待ち', '質問あり'] }]);
      expect(await attention(expert).locator('.attention-list__deadline').innerText()).toContain('期限まで14日');
      // The report whose opinion is in is listed below, not as something to do.
      const row = expert.locator('table tr', { hasText: proposed.projectName });
      expect(await row.locator('.tag').allInnerTexts()).toEqual(['方針案']);
    },
    STEP_TIMEOUT,
  );
});
