import type { Browser } from 'playwright-core';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { journeySteps } from '../support/journey-steps';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  expectAccessible,
  expectAfterReport,
  expectNoHorizontalScroll,
  launchBrowser,
  notice,
  PHONE,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

// A real browser on real pages: each step takes seconds.
const STEP_TIMEOUT = 90_000;

/**
 * 外部有識者 on a phone: the request is answered at the top of the report (whether to take it on is decided from the
 * request itself), and the opinion is written after the report, once it has been read; a link at the top leads there.
 */
describe('Web pages: an expert reads the report, then writes the opinion after it', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportUrl: string;
  const step = journeySteps();

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
    const seed = ASAHIKAWA_R4_REPORTS[0];
    const reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    const api = `/api/v1/organizations/${cast.organizationId}/reports/${reportId}`;
    await t.http().post(`${api}/submit`).set(as('owner')).expect(200);
    await t
      .http()
      .post(`${api}/accept`)
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
      .expect(200);
    reportUrl = `/o/${cast.organizationId}/reports/${reportId}`;
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  step(
    'the request is answered at the top, before the report; no opinion form yet',
    async () => {
      const expert = await signInPage(browser, baseURL, 'experta@example.jp', { viewport: PHONE });
      await expert.goto(reportUrl);
      const request = expert.locator('#assignment');
      await see(request.getByRole('button', { name: '回答する' }));
      expect(await expert.locator('#opinion').count()).toBe(0);
      await request.getByLabel('引き受ける').check();
      await request.getByLabel('利害関係はない').check();
      await request.getByRole('button', { name: '回答する' }).click();
      await see(notice(expert), '依頼を引き受けました');
      await expert.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'accepted, the top keeps the status and a link to the form, which follows the report',
    async () => {
      const expert = await signInPage(browser, baseURL, 'experta@example.jp', { viewport: PHONE });
      await expert.goto(reportUrl);
      const request = expert.locator('#assignment');
      await see(request, '引受け');
      expect(await request.locator('form').count()).toBe(0);
      await expectAfterReport(expert, '#opinion');
      await expectAccessible(expert);
      await expectNoHorizontalScroll(expert);
      await screenshot(expert, 'expert-read-then-write');

      await request.getByRole('link', { name: '報告を読んで意見を入力する' }).click();
      expect(new URL(expert.url()).hash).toBe('#opinion');
      const form = expert.locator('#opinion');
      await form.getByLabel('総合戦略のKPI達成に有効であった').check();
      await form.getByLabel('意見', { exact: true }).fill('中間目標を達成しており、事業は有効であった。');
      await form.getByRole('button', { name: '意見と評価を保存する' }).click();
      await see(notice(expert), '意見と評価を保存しました');
      await see(expert.locator('#assignment'), '意見の入力');
      await expectAfterReport(expert, '#opinion');
      await expert.context().close();
    },
    STEP_TIMEOUT,
  );
});
