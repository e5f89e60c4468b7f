import type { Browser, Page } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { projectRequest, SEED_EFFECT_REASON } from '../support/report-scenario';
import { journeySteps } from '../support/journey-steps';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  notice,
  PHONE,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

/**
 * The whole verification cycle of one published Asahikawa report (seed No 1), clicked through in chromium by the
 * owning department, two external experts and two planning users; every page is checked with axe-core.
 */
// A real browser clicking through real pages: each step takes seconds, not milliseconds.
const STEP_TIMEOUT = 90_000;

describe('Web pages: a yearly report from draft to publication in a real browser', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  const opinionA = 'R4年度時点での中間目標を達成したことから事業が有効であると言える。';
  const opinionB = '他地域をターゲットとして設定するなど、継続的な海外販路開拓に向け取り組んでいく必要がある。';
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportUrl: string;
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // The project is registered (without ③, which the owner writes in the report form), and its previous year's
    // report holds illustrative R3 values, so the year summary has a series to draw.
    const auth = { Authorization: `Bearer ${cast.tokens.owner}` };
    const project = await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/projects`)
      .set(auth)
      .send({ ...projectRequest(seed, cast.departmentId), overview: '' })
      .expect(201);
    const previous = await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports`)
      .set(auth)
      .send({ projectId: project.body.id, fiscalYear: 'R3' })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/organizations/${cast.organizationId}/reports/${previous.body.id}`)
      .set(auth)
      .send({
        version: previous.body.version,
        kpiResults: [
          { position: 1, latestValue: 45, latestAsOf: 'R4.3' },
          { position: 2, latestValue: 8, latestAsOf: 'R4.3' },
        ],
      })
      .expect(200);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Checks every page the journey passes for accessibility, and keeps a picture of the main ones. */
  async function check(page: Page, shot?: string): Promise<void> {
    await expectAccessible(page);
    if (shot) await screenshot(page, shot);
  }

  async function as(person: string): Promise<Page> {
    pages[person] ??= await signInPage(browser, baseURL, `${person.toLowerCase()}@example.jp`);
    return pages[person];
  }

  const step = journeySteps();

  step(
    'the owner starts the R4 report from their report list',
    async () => {
      const owner = await as('owner');
      await see(owner.getByRole('heading', { level: 1 }), '自分の報告');
      await check(owner);

      await owner.getByRole('link', { name: '新しい報告を作成する' }).click();
      await check(owner);
      await owner.getByLabel(seed.projectName).check();
      await owner.getByLabel('報告する年度').fill('R4');
      await owner.getByRole('button', { name: '報告を作成する' }).click();
      await see(notice(owner), '報告を作成しました');
      await see(owner.locator('.report-header'), 'R4年度(2022年度)');
      reportUrl = new URL(owner.url()).pathname;
      await check(owner);
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner writes ③ 全体概要',
    async () => {
      const owner = await as('owner');
      await owner.getByRole('link', { name: '③ 全体概要' }).click();
      await check(owner);
      await owner.getByLabel('全体概要').fill(seed.overview);
      await owner.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(owner), '下書きを保存しました。');
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner enters ④, the total updating live (htmx) while typing',
    async () => {
      const owner = await as('owner');
      await owner.getByRole('link', { name: /④ 市予算事業/ }).click();
      // The example is a month of the report's own year (R4: April 2022 – March 2023).
      expect(await owner.locator('#f-actualAsOf-hint').innerText()).toBe(
        '実績額を集計した年月。例: R5.3月 または 2023-03',
      );
      await owner.getByLabel('実績の時点').fill('R5.3');
      const line = seed.budgetLines[0];
      await owner.locator('#f-budgetLines-0-name').fill(line.name);
      await owner.locator('#f-budgetLines-0-summary').fill(line.summary);
      await owner.locator('#f-budgetLines-0-results').fill(line.results);
      await owner.locator('#f-budgetLines-0-budgetAmount').fill('9,048');
      await owner.locator('#f-budgetLines-0-budgetGrantAmount').fill(String(line.budgetGrantAmount));
      await owner.locator('#f-budgetLines-0-actualAmount').fill(String(line.actualAmount));
      await owner.locator('#f-budgetLines-0-actualGrantAmount').fill(String(line.actualGrantAmount));
      await see(owner.locator('#budget-totals'), '9,048千円');
      await see(owner.locator('#budget-totals'), '5,198千円');
      await check(owner, 'owner-budget-form');
      await owner.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(owner), '下書きを保存しました。');
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner enters ⑤, the achievement rate updating live',
    async () => {
      const owner = await as('owner');
      await owner.getByRole('link', { name: '⑤ KPIの実績' }).click();
      expect(await owner.locator('#f-kpiResults-0-latestAsOf-hint').innerText()).toBe('例: R5.3月 または 2023-03');
      for (const [index, kpi] of seed.kpis.entries()) {
        await owner.locator(`#f-kpiResults-${index}-latestValue`).fill(String(kpi.latestValue));
        await owner
          .locator(`#f-kpiResults-${index}-latestAsOf`)
          .fill(`R${kpi.latestAsOf!.year - 2018}.${kpi.latestAsOf!.month}`);
      }
      await see(owner.locator('#kpi-achievement'), '103.3%');
      await check(owner);
      await owner.getByRole('button', { name: '下書きを保存する' }).click();
      await see(notice(owner));
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner writes ⑥ 事業効果 and, every section complete, submits',
    async () => {
      const owner = await as('owner');
      await owner.getByRole('link', { name: '⑥ 事業効果' }).click();
      await owner.getByLabel(seed.effectLevel).check();
      await owner.getByLabel('事業効果の説明').fill(seed.effectNarrative);
      await owner.getByLabel('目安と異なる評価を選んだ理由').fill(SEED_EFFECT_REASON);
      await check(owner);
      await owner.getByRole('button', { name: '下書きを保存する' }).click();

      expect(await owner.locator('.task-list .tag--incomplete').count()).toBe(0);
      await see(owner.locator('#section-5'), '103.3%');
      await check(owner, 'owner-report-draft');
      await owner.getByRole('button', { name: '企画政策課に提出する' }).click();
      await see(notice(owner), '報告を提出しました');
      await see(owner.locator('.report-header .tag'), '提出済');
    },
    STEP_TIMEOUT,
  );

  step(
    'planning sees the submission on the year board',
    async () => {
      const planner = await as('planner');
      await see(planner.getByRole('heading', { level: 1 }), 'R4年度(2022年度)の報告');
      await see(planner.locator('#status-submitted'), seed.projectName);
      await check(planner, 'planning-board');
    },
    STEP_TIMEOUT,
  );

  step(
    'planning returns it once, with the reason it requires',
    async () => {
      const planner = await as('planner');
      await planner.locator('#status-submitted').getByRole('link', { name: seed.projectName }).click();
      await planner.getByRole('button', { name: '差し戻す' }).click();
      await see(planner.locator('.error-summary'), '差戻しの理由を入力してください');
      await planner.getByLabel('差戻しの理由').fill('指標の最新値の時点を確認してください。');
      await planner.getByRole('button', { name: '差し戻す' }).click();
      await see(notice(planner), '差し戻しました');
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner reads the reason and submits again',
    async () => {
      const owner = await as('owner');
      await owner.goto(reportUrl);
      await see(owner.locator('.notice--warning'), '指標の最新値の時点を確認してください。');
      await check(owner, 'owner-returned');
      await owner.getByRole('button', { name: '企画政策課に提出する' }).click();
      await see(notice(owner), '報告を提出しました');
    },
    STEP_TIMEOUT,
  );

  step(
    'planning accepts it and asks two experts, with a due date',
    async () => {
      const planner = await as('planner');
      await planner.goto(reportUrl);
      await check(planner);
      await planner.getByLabel('experta').check();
      await planner.getByLabel('expertb').check();
      await planner.getByLabel('意見の期限').fill(dueInDays(14));
      await planner.getByRole('button', { name: '受理して依頼する' }).click();
      // Accepting cannot be undone: a page says whom it asks, and the request goes out only from there.
      await see(planner.getByRole('heading', { level: 1 }), '受理して外部有識者に依頼しますか');
      await see(planner.locator('main'), '外部有識者2人(experta、expertb)に意見照会を依頼して通知します。');
      await check(planner, 'planning-accept-confirmation');
      await planner.getByRole('button', { name: '受理して依頼する' }).click();
      await see(notice(planner), '外部有識者に意見を依頼しました');
      await see(planner.locator('.report-header .tag'), '有識者意見照会中');
    },
    STEP_TIMEOUT,
  );

  for (const [expert, opinion] of [
    ['expertA', opinionA],
    ['expertB', opinionB],
  ]) {
    step(
      `${expert} accepts the request and enters an opinion`,
      async () => {
        const page = await as(expert);
        await see(page.getByRole('heading', { level: 1 }), '担当する報告');
        await see(page.locator('main'), seed.projectName);
        if (expert === 'expertA') await check(page, 'expert-assignments');
        await page.getByRole('link', { name: seed.projectName }).click();
        await page.getByLabel('引き受ける').check();
        await page.getByLabel('利害関係はない').check();
        await page.getByRole('button', { name: '回答する' }).click();
        await see(notice(page), '依頼を引き受けました');
        await page.getByLabel('総合戦略のKPI達成に有効であった').check();
        await page.getByLabel('意見', { exact: true }).fill(opinion);
        if (expert === 'expertA') await check(page, 'expert-opinion-form');
        await page.getByRole('button', { name: '意見と評価を保存する' }).click();
        await see(notice(page), '意見と評価を保存しました');
      },
      STEP_TIMEOUT,
    );
  }

  step(
    'expertA asks the owning department a question',
    async () => {
      const expertA = await as('expertA');
      await expertA.getByRole('link', { name: '事業担当課に質問する' }).click();
      await expertA.getByLabel('質問', { exact: true }).fill('ロシア関係事業の中止後の代替策はありますか。');
      await expertA.getByRole('button', { name: '質問を送る' }).click();
      await see(notice(expertA), '質問を送りました');
      await check(expertA);
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner answers it',
    async () => {
      const owner = await as('owner');
      await owner.goto(reportUrl);
      await owner.getByRole('link', { name: '質問を読んで回答する' }).click();
      await owner
        .getByLabel('回答', { exact: true })
        .fill('道外・海外の他市場をターゲットに商談機会を創出しています。');
      await owner.getByRole('button', { name: '回答を送る' }).click();
      await see(notice(owner), '回答を送りました');
      await see(owner.locator('.thread__answer'), '道外・海外');
      await check(owner);
    },
    STEP_TIMEOUT,
  );

  step(
    'planning consolidates the two opinions, shown side by side',
    async () => {
      const planner = await as('planner');
      await planner.goto(reportUrl);
      await planner.getByRole('link', { name: '意見を取りまとめる' }).click();
      await see(planner.getByRole('heading', { name: '外部有識者の意見(2人)' }));
      expect(await planner.locator('.opinion').count()).toBe(2);
      expect(await planner.getByLabel('外部有識者からの意見').inputValue()).toBe(`${opinionA}\n${opinionB}`);
      await check(planner, 'planning-consolidate');
      await planner.getByLabel('総合戦略のKPI達成に有効であった').check();
      await planner.getByLabel('外部有識者からの意見').fill(seed.panelOpinion);
      await planner.getByRole('button', { name: '評価を取りまとめる' }).click();
      await see(planner.getByRole('heading', { level: 1 }), '意見照会を終えて評価を取りまとめますか');
      await see(planner.locator('main'), '依頼した外部有識者2人の意見はすべてそろっています。');
      await planner.getByRole('button', { name: '評価を取りまとめる' }).click();
      await see(notice(planner), '取りまとめました');
    },
    STEP_TIMEOUT,
  );

  step(
    'planning proposes the policy; the proposer cannot approve it',
    async () => {
      const planner = await as('planner');
      await planner.getByLabel(seed.policy).check();
      await planner.getByLabel('今後の方針の理由').fill(seed.policyReason);
      await planner.getByRole('button', { name: '方針案を提案する' }).click();
      await see(notice(planner), '別の企画政策課職員の承認を待っています');
      await see(planner.locator('.panel--four-eyes'), 'あなたが提案した方針案のため、あなたは承認できません');
      expect(await planner.getByRole('link', { name: '承認して決定する' }).count()).toBe(0);
      await check(planner, 'planning-four-eyes');
    },
    STEP_TIMEOUT,
  );

  step(
    'a second planning user approves it',
    async () => {
      const approver = await as('approver');
      await approver.goto(reportUrl);
      await see(approver.locator('.panel--four-eyes'), 'planner');
      await approver.getByRole('link', { name: '承認して決定する' }).click();
      await see(approver.getByRole('heading', { level: 1 }), '方針案を承認して決定しますか');
      await see(approver.locator('main'), 'plannerさんが提案した方針案「事業の継続」');
      await check(approver);
      await approver.getByRole('button', { name: '承認して決定する' }).click();
      await see(notice(approver), '承認し、決定しました');
    },
    STEP_TIMEOUT,
  );

  step(
    'the first planning user publishes it',
    async () => {
      const planner = await as('planner');
      await planner.goto(reportUrl);
      await planner.getByRole('link', { name: '公表する', exact: true }).click();
      await see(planner.getByRole('heading', { level: 1 }), 'この報告を公表しますか');
      await check(planner, 'planning-publish-confirmation');
      await planner.getByRole('button', { name: '公表する' }).click();
      await see(notice(planner), '公表しました');
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner sees the decision, and downloads the report as Excel',
    async () => {
      const owner = await as('owner');
      await owner.goto(reportUrl);
      await see(owner.locator('.report-header .tag'), '公表済');
      await see(owner.locator('.report-header .caption'), '事業実施結果報告');
      expect(await owner.locator('.report-header .caption').innerText()).not.toContain('(案)');
      await see(owner.locator('#section-7'), seed.panelRating);
      await see(owner.locator('#section-8'), seed.policy);
      await see(owner.locator('#section-8'), seed.policyReason);
      await see(owner.locator('#section-8'), 'approver');
      await check(owner, 'owner-decision');

      // The export API takes the session cookie, so the page's download links work as they are.
      const download = await owner.request.get(
        (await owner.getByRole('link', { name: /^Excel/ }).getAttribute('href')) ?? '',
      );
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toContain('spreadsheetml');
    },
    STEP_TIMEOUT,
  );

  step(
    'the owner sees the version history with the changes highlighted, but not the audit trail',
    async () => {
      const owner = await as('owner');
      await owner.goto(`${reportUrl}/history?from=1&to=5`);
      await see(owner.locator('.table--diff ins').first());
      await see(owner.locator('.table--diff'), '④1行目の予算額');
      await check(owner, 'owner-history');
      await owner.goto(`${reportUrl}/audit`);
      await see(owner.getByRole('heading', { level: 1 }), 'この操作を行う権限がありません');
    },
    STEP_TIMEOUT,
  );

  step(
    'planning sees the audit trail, the year summary with its KPI charts, and the inbox',
    async () => {
      const planner = await as('planner');
      await planner.goto(`${reportUrl}/audit`);
      await see(planner.locator('.audit-list'), '公表');
      await see(planner.locator('.audit-list'), '方針の承認');
      await check(planner, 'planning-audit');
      await planner.goto(`/o/${cast.organizationId}/summary`);
      await see(planner.locator('main'), '103.3%');
      expect(await planner.locator('svg.kpi-chart').count()).toBe(2);
      expect(await planner.locator('svg.kpi-chart title').first().textContent()).toBe(
        '指標①の推移: R3年度 45件、R4年度 124件(目標 120件)',
      );
      await check(planner, 'planning-summary');
      await planner.goto(`/o/${cast.organizationId}/inbox`);
      await check(planner);
    },
    STEP_TIMEOUT,
  );

  // Independent of the report's journey: a failure there does not stop these.
  describe('administration', () => {
    const adminStep = journeySteps();
    let admin: Page;

    adminStep(
      'administrators have their pages',
      async () => {
        admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
        for (const [path, shot] of [
          ['admin/users', 'admin-users'],
          ['admin/departments', undefined],
          ['admin/failed-notifications', undefined],
          ['admin/organization', undefined],
          ['admin/audit', 'admin-audit'],
          ['admin/audit/checkpoints', 'admin-audit-checkpoints'],
        ] as const) {
          await admin.goto(`/o/${cast.organizationId}/${path}`);
          await check(admin, shot);
        }
        await see(admin.locator('main'), '012041');
      },
      STEP_TIMEOUT,
    );

    adminStep(
      'an administrator adds a department, and invites a project owner in it (the department is required)',
      async () => {
        await admin.goto(`/o/${cast.organizationId}/admin/departments`);
        await admin.getByLabel('部署名', { exact: true }).fill('経済部 産業振興課');
        await admin.getByRole('button', { name: '追加する' }).click();
        await see(notice(admin), '部署を追加しました');

        await admin.goto(`/o/${cast.organizationId}/admin/users`);
        await admin.getByLabel('メールアドレス').fill('sangyo@example.jp');
        await admin.getByLabel('事業担当課', { exact: true }).check();
        await admin.getByRole('button', { name: '招待する', exact: true }).click();
        await see(admin.locator('.error-summary'), '事業担当課の役割には部署を選んでください');
        await check(admin);
        await admin.getByLabel('部署', { exact: true }).selectOption({ label: '経済部 産業振興課' });
        await admin.getByRole('button', { name: '招待する', exact: true }).click();
        await see(notice(admin), '招待メールを送りました');
        await see(admin.locator('table'), '事業担当課(経済部 産業振興課)');
      },
      STEP_TIMEOUT,
    );
  });

  step(
    'fits every main page into a 360 px phone screen and a 1280 px desktop without sideways scrolling',
    async () => {
      const visits: [string, string][] = [
        ['owner', `/o/${cast.organizationId}/my-reports`],
        ['owner', reportUrl],
        ['expertA', `/o/${cast.organizationId}/assignments`],
        ['planner', `/o/${cast.organizationId}/board`],
        ['planner', `/o/${cast.organizationId}/summary`],
        ['planner', `${reportUrl}/consolidate`],
      ];
      for (const viewport of [PHONE, DESKTOP]) {
        for (const [person, path] of visits) {
          const page = await as(person);
          await page.setViewportSize(viewport);
          await page.goto(path);
          await expectNoHorizontalScroll(page);
        }
      }
      const owner = await as('owner');
      await owner.setViewportSize(PHONE);
      await owner.goto(reportUrl);
      await expectAccessible(owner);
      await screenshot(owner, 'owner-report-phone', false);
      await owner.setViewportSize(DESKTOP);
      await owner.goto(`/o/${cast.organizationId}/my-reports`);
      await screenshot(owner, 'owner-my-reports');
    },
    STEP_TIMEOUT,
  );
});
