import { type Browser } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { journeySteps } from '../support/journey-steps';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { addUser, createTestApp, type TestApp } from '../support/test-app';
import { Role } from '../../src/access/role';
import {
  expectAccessible,
  expectNoHorizontalScroll,
  launchBrowser,
  notice,
  PHONE,
  see,
  serve,
  signInPage,
} from './support/browser';

const STEP_TIMEOUT = 60_000;

/**
 * Without JavaScript (axe checks the experts page, with it): an expert declines with a reason and a suggestion, another accepts declaring a conflict of
 * interest; planning sees the declaration, dismisses the silent expert and asks the declining one again, each after a
 * confirmation page; the experts page lists how each has answered, accessible and readable on a phone.
 */
describe('Web pages: answering a request for an opinion, and the planning division chasing the panel', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportPath = '';
  let reportId = '';
  const step = journeySteps();
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const assignments = async () =>
    (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/reports/${reportId}/assignments`)
        .set(as('planner'))
        .expect(200)
    ).body as { expertUserId: string; status: string; dueDate: string }[];
  const statusOf = async (expert: string) =>
    (await assignments()).find((assignment) => assignment.expertUserId === cast.userIds[expert])?.status;

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
    reportId = report.id;
    const api = `/api/v1/organizations/${cast.organizationId}/reports/${reportId}`;
    await t.http().post(`${api}/submit`).set(as('owner')).expect(200);
    await t
      .http()
      .post(`${api}/accept`)
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(14) })
      .expect(200);
    reportPath = `/o/${cast.organizationId}/reports/${reportId}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  step(
    'expert A declines: the reason is asked for, the confirmation page repeats it and the suggestion',
    async () => {
      const expert = await signInPage(browser, baseURL, 'experta@example.jp', { javaScriptEnabled: false });
      await expert.goto(reportPath);
      await expert.getByLabel('辞退する').check();
      await expert.getByRole('button', { name: '回答する' }).click();
      await see(expert.locator('.error-summary'), '辞退の理由を選んでください');

      await expert.getByLabel('辞退する').check();
      await expert.getByLabel('専門外').check();
      await expert.getByLabel('推薦する方の氏名').fill('北大 花子');
      await expert.getByLabel('推薦する方の所属').fill('北海道大学');
      await expert.getByLabel('推薦する方のメールアドレス').fill('hanako@example.ac.jp');
      await expert.getByRole('button', { name: '回答する' }).click();
      await see(expert.getByRole('heading', { level: 1 }), 'この意見照会を辞退しますか');
      await see(expert.locator('main'), '専門外');
      await see(expert.locator('main'), '北大 花子・北海道大学・hanako@example.ac.jp');
      await expert.getByRole('button', { name: '辞退する' }).click();
      await see(notice(expert), '依頼を辞退しました。');
      expect(await statusOf('expertA')).toBe('declined');
      await expert.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'expert B must declare on accepting; a declared conflict needs its text, and planning sees it tagged',
    async () => {
      const expert = await signInPage(browser, baseURL, 'expertb@example.jp', { javaScriptEnabled: false });
      await expert.goto(reportPath);
      await expert.getByLabel('引き受ける').check();
      await expert.getByRole('button', { name: '回答する' }).click();
      await see(expert.locator('.error-summary'), '利害関係の申告を選んでください');

      await expert.getByLabel('引き受ける').check();
      await expert.getByLabel('利害関係を申告する').check();
      await expert.getByRole('button', { name: '回答する' }).click();
      await see(expert.locator('.error-summary'), '利害関係の内容を入力してください');

      await expert.getByLabel('引き受ける').check();
      await expert.getByLabel('利害関係を申告する').check();
      await expert.getByLabel('利害関係の内容(申告する場合)').fill('申請事業者の社外取締役を務めている');
      await expert.getByRole('button', { name: '回答する' }).click();
      await see(notice(expert), '依頼を引き受けました');
      await expert.context().close();

      const planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
      await planner.goto(reportPath);
      const panel = planner.getByRole('region', { name: '外部有識者への意見照会' }).first();
      await see(panel, '利害関係の申告あり');
      await see(panel, '申請事業者の社外取締役を務めている');
      await see(panel, '理由: 専門外');
      await see(panel, '推薦: 北大 花子(北海道大学)');
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'planning dismisses expert B and asks expert A again, each after its confirmation page',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
      await planner.goto(reportPath);
      await planner.getByText('未回答で解除する(expertb)').click();
      await planner.getByLabel('解除の理由(記録に残ります)').fill('期限を過ぎても意見の提出がないため');
      await planner.getByRole('button', { name: '未回答で解除する' }).click();
      await see(planner.getByRole('heading', { level: 1 }), 'expertbさんへの意見照会を未回答で解除しますか');
      await see(planner.locator('main'), '期限を過ぎても意見の提出がないため');
      expect(await statusOf('expertB')).toBe('accepted');
      await planner.getByRole('button', { name: '未回答で解除する' }).click();
      await see(notice(planner), '意見照会を未回答で解除しました。');
      expect(await statusOf('expertB')).toBe('dismissed');
      await see(planner.getByRole('region', { name: '外部有識者への意見照会' }).first(), '未回答で解除');

      // Expert B's assignment may now be reopened too: expert A's row has its own form.
      const reopenA = planner.locator('details', { hasText: '再依頼する(experta)' });
      await reopenA.locator('summary').click();
      await reopenA.getByLabel('新しい意見の期限').fill('R20.1.15');
      await reopenA.getByRole('button', { name: '再依頼する' }).click();
      await see(planner.getByRole('heading', { level: 1 }), 'expertaさんにもう一度依頼しますか');
      await see(planner.locator('main'), '令和20年1月15日');
      await planner.getByRole('button', { name: '再依頼する' }).click();
      await see(notice(planner), '外部有識者にもう一度依頼しました。');
      expect((await assignments()).find((a) => a.expertUserId === cast.userIds.expertA)).toMatchObject({
        status: 'pending',
        dueDate: '2038-01-15',
      });
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'asking expert B again once their due date has passed, a blank date is asked for beside the field, not promised',
    async () => {
      // No form accepts a due date in the past: expert B's passes as time would.
      await t.dataSource.query(
        'UPDATE review_assignments SET due_date = $1 WHERE report_id = $2 AND expert_user_id = $3',
        [dueInDays(-1), reportId, cast.userIds.expertB],
      );
      const planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
      await planner.goto(reportPath);
      const reopenB = planner.locator('details', { hasText: '再依頼する(expertb)' });
      await reopenB.locator('summary').click();
      await reopenB.getByRole('button', { name: '再依頼する' }).click();
      await see(planner.locator('.error-summary'), 'もとの期限を過ぎているため、新しい意見の期限を入力してください');
      const dateGroup = planner.locator('.form-group--error', { has: planner.getByLabel('新しい意見の期限') });
      await see(dateGroup.locator('.error-message'), 'もとの期限を過ぎているため、新しい意見の期限を入力してください');
      expect(await planner.getByRole('heading', { name: 'expertbさんにもう一度依頼しますか' }).count()).toBe(0);
      expect(await statusOf('expertB')).toBe('dismissed');
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'the experts page lists every expert with the year’s counts; accessible, and cards on a phone',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp');
      await planner.getByRole('link', { name: '外部有識者', exact: true }).click();
      await see(planner.getByRole('heading', { level: 1 }), '外部有識者の一覧');
      await planner.getByLabel('期間', { exact: true }).selectOption({ label: 'R4年度' });
      await planner.getByRole('button', { name: '表示する' }).click();
      expect(new URL(planner.url()).searchParams.get('fiscalYear')).toBe('2022');
      const table = planner.locator('table');
      await see(table, 'R4年度の意見照会(2人)');
      await see(table.getByRole('row', { name: /expertb/ }), '1件');
      await expectAccessible(planner);
      await planner.setViewportSize(PHONE);
      await expectNoHorizontalScroll(planner);
      await expectAccessible(planner);
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'planning asks one more expert on the review, offered only those not asked yet, after its confirmation page',
    async () => {
      const expertC = await addUser(t, cast.organizationId, 'expertc@example.jp', Role.ExternalExpert);
      const planner = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
      await planner.goto(reportPath);
      const adding = planner.locator('.subform', {
        has: planner.getByRole('heading', { name: '外部有識者に追加で依頼する' }),
      });
      expect(await adding.getByRole('checkbox').allInnerTexts()).toHaveLength(1);
      await adding.getByRole('checkbox', { name: /^expertc/ }).check();
      await adding.getByLabel('意見の期限').fill(dueInDays(10));
      await adding.getByRole('button', { name: '追加で依頼する' }).click();

      await see(planner.getByRole('heading', { level: 1 }), '外部有識者に追加で依頼しますか');
      await see(planner.locator('main'), /外部有識者1人\(expertc/);
      expect(await assignments()).toHaveLength(2);
      await planner.getByRole('button', { name: '追加で依頼する' }).click();

      await see(notice(planner), '外部有識者に追加で依頼しました。本人に通知しました。');
      const added = (await assignments()).find((assignment) => assignment.expertUserId === expertC.id);
      expect(added).toMatchObject({ status: 'pending', dueDate: dueInDays(10) });
      await see(planner.locator('#review-title').locator('..'), /expertc/);
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );
});
