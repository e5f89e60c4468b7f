import type { Browser } from 'playwright-core';
import { japaneseDateTime } from '../../src/common/dates';
import { PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../../src/reports/report/assessment';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { journeySteps } from '../support/journey-steps';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  DESKTOP,
  expectAccessible,
  expectAfterReport,
  expectNoHorizontalScroll,
  launchBrowser,
  PHONE,
  screenshot,
  see,
  serve,
  signInPage,
} from './support/browser';

// A real browser on real pages, at two widths: each step takes seconds.
const STEP_TIMEOUT = 90_000;

/**
 * 企画政策課 decides on what it has just read: the decision panels follow the report (⑧ last), a resubmitted report
 * says why it was returned and links to what changed since, and the approval panel repeats ⑦ and ⑧ as proposed.
 */
describe('Web pages: planning reads a report, then decides', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  const returnReason = '指標の最新値の時点を確認してください。';
  const correction = '(最新値はR5.3月時点の値です。)';
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportId: string;
  let reportUrl: string;
  let returnedVersion: number;
  let returnedAt: string;
  let resubmittedVersion: number;

  const api = (rest = '') => `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const as = (person: string) => ({ Authorization: `Bearer ${cast.tokens[person]}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    reportId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
    reportUrl = `/o/${cast.organizationId}/reports/${reportId}`;
    returnedVersion = (await t.http().post(api('/submit')).set(as('owner')).expect(200)).body.version;
    const returned = await t.http().post(api('/return')).set(as('planner')).send({ comment: returnReason }).expect(200);
    await t
      .http()
      .patch(api())
      .set(as('owner'))
      .send({ version: returned.body.version, effectNarrative: `${seed.effectNarrative}${correction}` })
      .expect(200);
    resubmittedVersion = (await t.http().post(api('/submit')).set(as('owner')).expect(200)).body.version;
    const thread = (await t.http().get(api('/comments')).set(as('planner')).expect(200)).body;
    returnedAt = japaneseDateTime(thread.find((comment: { kind: string }) => comment.kind === 'return').createdAt);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const step = journeySteps();

  step(
    'a resubmitted report shows planning the return’s reason, by whom and when; the check follows the report',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp');
      for (const viewport of [PHONE, DESKTOP]) {
        await planner.setViewportSize(viewport);
        await planner.goto(reportUrl);
        const resubmitted = planner.locator('[aria-labelledby="resubmitted-title"]');
        await see(resubmitted, returnReason);
        await see(resubmitted, `planner・${returnedAt}`);
        await expectAfterReport(planner, '[aria-labelledby="check-title"]');
        await expectAccessible(planner);
        await expectNoHorizontalScroll(planner);
      }
      await screenshot(planner, 'planning-resubmitted');
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'its link shows what changed from the version returned to the one resubmitted, each update named',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp', { viewport: PHONE });
      await planner.goto(reportUrl);
      await planner.getByRole('link', { name: /変更を見る/ }).click();
      await planner.waitForURL((url) => url.pathname.endsWith('/history'));
      await see(
        planner.getByRole('heading', { level: 2 }),
        `更新番号 ${returnedVersion} から ${resubmittedVersion} への変更`,
      );
      // Each update says what it was, so the submission is found without comparing pair after pair.
      const update = (version: number) =>
        planner
          .locator('tbody tr')
          .filter({ has: planner.locator('td:first-child', { hasText: new RegExp(`^${version}$`) }) });
      await see(update(resubmittedVersion).locator('td').nth(1), '提出');
      await see(planner.locator('.table--diff'), '⑥事業効果の説明');
      await see(planner.locator('.table--diff ins'), correction);
      await expectAccessible(planner);
      await expectNoHorizontalScroll(planner);
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'a link above the report leads to the decisions after it',
    async () => {
      const planner = await signInPage(browser, baseURL, 'planner@example.jp');
      await planner.goto(reportUrl);
      await planner.getByRole('link', { name: '報告の後の操作へ移動する' }).click();
      expect(new URL(planner.url()).hash).toBe('#decisions');
      await see(planner.locator('#decisions').getByRole('button', { name: '受理して依頼する' }));
      await planner.context().close();
    },
    STEP_TIMEOUT,
  );

  step(
    'the approval panel shows ⑦ and ⑧ with its reason as proposed, after the report',
    async () => {
      await reviewAndPropose(t, cast, reportId, seed);

      const approver = await signInPage(browser, baseURL, 'approver@example.jp');
      for (const viewport of [PHONE, DESKTOP]) {
        await approver.setViewportSize(viewport);
        await approver.goto(reportUrl);
        const approval = approver.locator('.panel--four-eyes');
        await see(approval, PANEL_RATING_LABELS.effective);
        await see(approval, seed.panelOpinion);
        await see(approval, POLICY_DECISION_LABELS.continue.formText);
        await see(approval, seed.policyReason);
        // The approval is offered in the same panel (its confirmation, if any, follows it).
        await see(approval, '承認して決定する');
        await expectAfterReport(approver, '.panel--four-eyes');
        await expectAccessible(approver);
        await expectNoHorizontalScroll(approver);
      }
      await screenshot(approver, 'planning-approval');
      await approver.context().close();
    },
    STEP_TIMEOUT,
  );
});
