import { type Browser } from 'playwright-core';
import { type Cast, castAsahikawa } from '../support/organization-scenario';
import { type ReviewScenario, underReview } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, screenshot, serve, signInPage } from './support/browser';

/** About 1,150 characters, as an expert rewrites an opinion: several paragraphs, to be kept whole. */
const REWRITTEN_OPINION = Array.from(
  { length: 10 },
  (_, index) =>
    `${index + 1}. 観光入込客数は目標の9割に届いたが、冬季の落ち込みが大きい。` +
    `広域連携の効果を見極めるため、来年度は月別の実績と事業費の内訳を示してほしい。` +
    `民間事業者との役割分担も検証すべきである。`,
).join('\n');

/**
 * A form sent after the report moved on (planning consolidated the panel while an expert rewrote an opinion) is not
 * the user's mistake: the page says what changed as a notice, not as input errors, and keeps what was typed to copy.
 */
describe('A report that moved on while a form was being typed', () => {
  let t: TestApp;
  let cast: Cast;
  let scenario: ReviewScenario;
  let browser: Browser;
  let baseURL: string;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    scenario = await underReview(t, cast);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an opinion saved after the evaluation: a notice names the new state, and the opinion is there to copy', async () => {
    const reportPage = `/o/${cast.organizationId}/reports/${scenario.reviewed.id}`;
    // The expert's first opinion, which the evaluation waits for; the page then rewrites it.
    await t
      .http()
      .put(
        `/api/v1/organizations/${cast.organizationId}/reports/${scenario.reviewed.id}/assignments/${scenario.assignmentId}/opinion`,
      )
      .set({ Authorization: `Bearer ${cast.tokens.expertA}` })
      .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
      .expect(200);
    const expert = await signInPage(browser, baseURL, 'experta@example.jp');
    await expert.goto(reportPage);
    await expert.locator('input[name="/rating"]').first().check();
    await expert.getByLabel('意見', { exact: true }).fill(REWRITTEN_OPINION);
    // Planning consolidates the panel meanwhile, from another desk.
    await t
      .http()
      .post(`/api/v1/organizations/${cast.organizationId}/reports/${scenario.reviewed.id}/evaluate`)
      .set({ Authorization: `Bearer ${cast.tokens.planner}` })
      .send({ rating: 'effective', opinion: '委員の意見を取りまとめた。' })
      .expect(200);

    await expert.getByRole('button', { name: '意見と評価を保存する' }).click();

    const notice = expert.getByRole('alert');
    await notice.getByRole('heading', { name: '報告の状態が変わりました' }).waitFor();
    await expect(notice.textContent()).resolves.toContain('報告の状態が「評価済」に変わったため');
    expect(await expert.getByText('入力内容に問題があります').count()).toBe(0);
    await expect(expert.title()).resolves.not.toMatch(/^エラー/);
    const kept = expert.getByLabel('意見', { exact: true });
    await expect(kept.inputValue()).resolves.toBe(REWRITTEN_OPINION);
    await expect(kept.getAttribute('readonly')).resolves.not.toBeNull();
    expect(await expert.getByRole('button', { name: '意見と評価を保存する' }).count()).toBe(0);
    await expectAccessible(expert);
    await screenshot(expert, 'changed-meanwhile-kept-opinion');
  });
});
