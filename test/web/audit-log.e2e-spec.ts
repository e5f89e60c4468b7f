import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from '../../src/audit/audit-actions';
import { AuditLog, auditEvent } from '../../src/audit/audit-log';
import { Role } from '../../src/access/role';
import { addDays, todayInJapan } from '../../src/common/dates';
import { formerMemberName } from '../../src/users/audit-log-people';
import { dateInputValue } from '../../src/common/era-input';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, changeSettings } from '../support/organization-scenario';
import { enterSeedReport, projectRequest } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
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
const RETURN_REASON = '⑤の実績値の根拠を追記してください。';
/** More than a page (50) of one action by one person. */
const EXPORTS = 55;

/**
 * 監査ログ as a page: the organization's entries newest first, 50 a page, filtered through the URL by period (Japan
 * dates, the end date included), action and person, each entry with its time, its action in Japanese, who did it,
 * what it was done to and what it changed; 「CSVでダウンロード」 is the API's export with the same filters. The
 * administrator also has the checkpoints as a sub-tab; the planning division sees the entries, as the API shows them.
 */
describe('Web pages: the organization’s audit log', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let reportId: string;
  let admin: Page;
  const today = todayInJapan();

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const org = `/api/v1/organizations/${cast.organizationId}`;
    const api = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
    const saved = await enterSeedReport(
      t,
      cast.tokens.owner,
      cast.organizationId,
      cast.departmentId,
      ASAHIKAWA_R4_REPORTS[0],
    );
    reportId = saved.id;
    await t.http().post(`${org}/reports/${reportId}/submit`).set(api('owner')).send({}).expect(200);
    await t
      .http()
      .post(`${org}/reports/${reportId}/return`)
      .set(api('planner'))
      .send({ comment: RETURN_REASON })
      .expect(200);
    // Given: the administrator changed a setting the API names in English (0.8 by default).
    await changeSettings(t, cast.tokens.admin, cast.organizationId, { effectCloseThreshold: 0.75 });
    // Given: the planning division exported the report many times, which fills more than a page of the log.
    const log = t.app.get(AuditLog);
    for (let count = 0; count < EXPORTS; count++)
      await log.record(
        auditEvent(
          cast.organizationId,
          { userId: cast.userIds.approver, roles: [Role.PlanningDivision] },
          'report.exported',
          { type: 'report', id: reportId },
          { format: 'xlsx' },
        ),
      );
    baseURL = await serve(t);
    browser = await launchBrowser();
    admin = await signInPage(browser, baseURL, 'admin@012041.example.jp', { javaScriptEnabled: false });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const logPath = (query = '') => `/o/${cast.organizationId}/admin/audit${query}`;
  const rows = (page: Page) => page.locator('table.table--cards tbody tr');
  const filter = (page: Page, label: string) => page.locator('form.filters').getByLabel(label, { exact: true });
  const shownTotal = async (page: Page) =>
    Number(/(\d+)件/.exec(await page.locator('caption [role="status"]').innerText())![1]);

  /** The rows of the CSV the page's link downloads, header left out. */
  async function csvOf(page: Page): Promise<{ href: string; lines: string[] }> {
    const href = (await page.getByRole('link', { name: 'CSVでダウンロード' }).getAttribute('href'))!;
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    const lines = (await response.text()).trim().split(/\r?\n/);
    return { href, lines: lines.slice(1) };
  }

  it(
    'lists the entries newest first with 日時 in Japan time, 操作 in Japanese, 操作した人, 対象 and its changes',
    async () => {
      await admin.goto(logPath(`?action=report.returned`));
      const returned = rows(admin).first();
      await expect(returned.locator('th[scope="row"]').innerText()).resolves.toMatch(/令和\d+年\d+月\d+日/);
      await expect(returned.locator('td[data-label="操作"]').innerText()).resolves.toContain('差戻し');
      await expect(returned.locator('td[data-label="操作"]').innerText()).resolves.toContain('提出済 → ');
      await expect(returned.locator('td[data-label="操作した人"]').innerText()).resolves.toContain('企画政策課');
      const subject = returned.locator('td[data-label="対象"] a', { hasText: '報告' }).first();
      await expect(subject.getAttribute('href')).resolves.toBe(`/o/${cast.organizationId}/reports/${reportId}`);
      await expect(returned.locator('td[data-label="変更内容"]').innerText()).resolves.toContain(RETURN_REASON);

      await admin.goto(logPath(`?action=report.created`));
      const created = rows(admin).first();
      await expect(created.locator('td[data-label="操作"]').innerText()).resolves.toContain('報告の作成');
      // Its details, which once showed as 「—」: the year the report is for.
      await expect(created.locator('td[data-label="変更内容"]').innerText()).resolves.toContain('年度: R4年度');

      // A changed setting by the label of its page, its value as a percentage, rather than effectCloseThreshold 0.8.
      await admin.goto(logPath(`?action=organization.settings_changed`));
      await expect(rows(admin).first().locator('td[data-label="変更内容"] li').textContent()).resolves.toBe(
        '⑥事業効果の目安(相当程度の基準): 80.0% → 75.0%',
      );

      await admin.goto(logPath());
      const actions = await admin.locator('td[data-label="操作"]').allInnerTexts();
      // The latest step, after the staff's own sign-ins to the pages, which the log lists too.
      expect(actions.find((action) => !action.startsWith('ログイン'))).toContain('報告の出力');
      expect(actions.join()).not.toMatch(/[a-z_]+\.[a-z_]+/);
    },
    STEP_TIMEOUT,
  );

  it(
    'filters by action and person from the form, 50 a page, the pages keeping the filters',
    async () => {
      await admin.goto(logPath());
      // Every action the log writes is offered by its Japanese name.
      const offered = await filter(admin, '操作').locator('option').allInnerTexts();
      expect(offered).toEqual(['すべての操作', ...AUDIT_ACTIONS.map((action) => AUDIT_ACTION_LABELS[action])]);
      await filter(admin, '操作').selectOption({ label: '報告の出力' });
      await filter(admin, '操作した人').selectOption({ value: cast.userIds.approver });
      await admin.getByRole('button', { name: 'この条件で表示する' }).click();
      expect(new URL(admin.url()).searchParams.get('action')).toBe('report.exported');
      expect(await shownTotal(admin)).toBe(EXPORTS);
      expect(await rows(admin).count()).toBe(50);
      await admin.getByRole('link', { name: '古い記録' }).click();
      const second = new URL(admin.url()).searchParams;
      expect(Object.fromEntries(second)).toEqual({
        action: 'report.exported',
        actorUserId: cast.userIds.approver,
        page: '2',
      });
      expect(await rows(admin).count()).toBe(EXPORTS - 50);
      await expect(filter(admin, '操作').locator('option:checked').innerText()).resolves.toBe('報告の出力');

      await admin.goto(logPath(`?actorUserId=${cast.userIds.owner}`));
      const people = await admin.locator('td[data-label="操作した人"]').allInnerTexts();
      expect(people.length).toBeGreaterThan(0);
      expect(people.every((person) => person.includes('事業担当課'))).toBe(true);
    },
    STEP_TIMEOUT,
  );

  it(
    'takes the period as Japan dates (和暦 too) with the end date included, and says which date it cannot read',
    async () => {
      await admin.goto(logPath(`?from=${today}&to=${today}&action=report.exported`));
      expect(await shownTotal(admin)).toBe(EXPORTS);
      await admin.goto(logPath(`?from=${encodeURIComponent(dateInputValue(today))}&action=report.exported`));
      expect(await shownTotal(admin)).toBe(EXPORTS);
      await expect(filter(admin, '開始日').inputValue()).resolves.toBe(dateInputValue(today));
      await admin.goto(logPath(`?to=${addDays(today, -1)}`));
      await expect(admin.locator('.empty').innerText()).resolves.toContain('条件に合う記録はありません');
      await admin.goto(logPath(`?from=${addDays(today, 1)}`));
      await expect(admin.locator('.empty').innerText()).resolves.toContain('条件に合う記録はありません');

      const refused = await admin.goto(logPath(`?to=2026-02-30&action=report.exported`));
      expect(refused!.status()).toBe(400);
      await expect(admin.locator('.error-summary').innerText()).resolves.toContain('終了日');
      expect(await shownTotal(admin)).toBe(EXPORTS);
    },
    STEP_TIMEOUT,
  );

  it(
    'downloads the filtered entries as the API’s CSV, with the same filters and the end date included',
    async () => {
      await admin.goto(
        logPath(`?from=${today}&to=${today}&action=report.exported&actorUserId=${cast.userIds.approver}`),
      );
      const { href, lines } = await csvOf(admin);
      const url = new URL(href, baseURL);
      expect(url.pathname).toBe(`/api/v1/organizations/${cast.organizationId}/audit/export.csv`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        action: 'report.exported',
        actorUserId: cast.userIds.approver,
        from: `${today}T00:00:00+09:00`,
        to: `${addDays(today, 1)}T00:00:00+09:00`,
      });
      expect(lines).toHaveLength(EXPORTS);
      // Each code with its Japanese beside it, as the page words them.
      const csv: Record<string, string>[] = parse((await (await admin.request.get(href)).text()).trim(), {
        bom: true,
        columns: true,
      });
      expect(new Set(csv.map((row) => [row['操作'], row['操作の内容'], row['役割'], row['役割名']].join(' ')))).toEqual(
        new Set(['report.exported 報告の出力 planning_division 企画政策課']),
      );

      await admin.goto(logPath(`?reportId=${reportId}`));
      const forReport = await csvOf(admin);
      expect(new URL(forReport.href, baseURL).searchParams.get('reportId')).toBe(reportId);
      expect(forReport.lines).toHaveLength(await shownTotal(admin));
    },
    STEP_TIMEOUT,
  );

  it(
    'gives the report’s own 監査ログ tab the CSV of that report',
    async () => {
      await admin.goto(`/o/${cast.organizationId}/reports/${reportId}/audit`);
      const { href, lines } = await csvOf(admin);
      expect(Object.fromEntries(new URL(href, baseURL).searchParams)).toEqual({ reportId });
      expect(lines.length).toBeGreaterThanOrEqual(EXPORTS + 3);
      await expect(admin.locator('.audit-list').innerText()).resolves.not.toContain('report.');
    },
    STEP_TIMEOUT,
  );

  it(
    'reads on a phone and passes axe, with the checkpoints as the administrator’s sub-tab',
    async () => {
      const page = await signInPage(browser, baseURL, 'admin@012041.example.jp');
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        await page.goto(logPath('?action=report.returned'));
        if (viewport === PHONE) {
          const card = rows(page).first();
          await expectOnScreen('日時', card.locator('th[scope="row"]'));
          for (const label of ['操作', '操作した人', '対象', '変更内容'])
            await expectOnScreen(label, card.locator(`td[data-label="${label}"]`));
          await screenshot(page, 'audit-log-phone');
        }
        await expectNoHorizontalScroll(page);
        await expectAccessible(page);
      }
      await page.getByRole('link', { name: 'チェックポイント' }).click();
      expect(new URL(page.url()).pathname).toBe(logPath('/checkpoints'));
      await expectAccessible(page);
    },
    STEP_TIMEOUT,
  );

  it('is for the planning division and administrators, as the API’s log is; the checkpoints for administrators', async () => {
    const get = async (email: string, path: string) =>
      (
        await t
          .http()
          .get(path)
          .set('Cookie', await sessionCookie(t, email))
      ).status;
    expect(await get('planner@example.jp', logPath())).toBe(200);
    expect(await get('planner@example.jp', logPath('/checkpoints'))).toBe(403);
    expect(await get('owner@example.jp', logPath())).toBe(403);
    expect(await get('experta@example.jp', logPath())).toBe(403);
    const planner = await t
      .http()
      .get(logPath())
      .set('Cookie', await sessionCookie(t, 'planner@example.jp'));
    // No tab to the checkpoints (the planner's refused visit there is in the log, path and all).
    expect(planner.text).not.toMatch(/href="[^"]*admin\/audit\/checkpoints"/);
    expect(planner.text).toContain('CSVでダウンロード');
  });

  it(
    'names the report an entry was done to, and keeps a person who has left findable by name',
    async () => {
      const [{ id: membershipId }] = await t.dataSource.query(
        'SELECT id FROM memberships WHERE user_id = $1 AND organization_id = $2',
        [cast.userIds.approver, cast.organizationId],
      );
      await t
        .http()
        .delete(`/api/v1/organizations/${cast.organizationId}/memberships/${membershipId}`)
        .set({ Authorization: `Bearer ${cast.tokens.admin}` })
        .expect(204);

      await admin.goto(logPath('?action=report.exported'));
      const exported = rows(admin).first();
      await expect(exported.locator('td[data-label="対象"]').innerText()).resolves.toContain(
        `報告「R4年度 No.1 ${ASAHIKAWA_R4_REPORTS[0].projectName}」`,
      );
      // Their entries, the filter and the CSV name them alike.
      const [actorName] = (await exported.locator('td[data-label="操作した人"]').innerText()).split('\n');
      expect(actorName).toBe(formerMemberName('approver'));
      const person = filter(admin, '操作した人').locator(`option[value="${cast.userIds.approver}"]`);
      await expect(person.innerText()).resolves.toBe(formerMemberName('approver'));
      await filter(admin, '操作した人').selectOption({ value: cast.userIds.approver });
      await admin.getByRole('button', { name: 'この条件で表示する' }).click();
      expect(await shownTotal(admin)).toBeGreaterThanOrEqual(EXPORTS);
      // The CSV names them as the filter does, beside their id.
      const { href } = await csvOf(admin);
      const csv: Record<string, string>[] = parse(await (await admin.request.get(href)).text(), {
        bom: true,
        columns: true,
      });
      expect(new Set(csv.map((row) => `${row['操作者']} ${row['操作者名']}`))).toEqual(
        new Set([`${cast.userIds.approver} ${formerMemberName('approver')}`]),
      );
    },
    STEP_TIMEOUT,
  );

  it(
    'names a report deleted since as deleted, without a link that would lead nowhere',
    async () => {
      const org = `/api/v1/organizations/${cast.organizationId}`;
      const owner = { Authorization: `Bearer ${cast.tokens.owner}` };
      const projectId = (await t.http().get(`${org}/reports/${reportId}`).set(owner).expect(200)).body.project.id;
      const draft = (await t.http().post(`${org}/reports`).set(owner).send({ projectId, fiscalYear: 2023 }).expect(201))
        .body;
      await t.http().delete(`${org}/reports/${draft.id}`).set(owner).expect(204);

      await admin.goto(logPath(`?action=report.created&actorUserId=${cast.userIds.owner}`));
      const created = rows(admin).first().locator('td[data-label="対象"]');
      await expect(created.innerText()).resolves.toContain('報告(削除済み)');
      expect(await created.getByRole('link').count()).toBe(0);
    },
    STEP_TIMEOUT,
  );

  it(
    'names the project a registration was confirmed beside, as another project, by its title',
    async () => {
      const org = `/api/v1/organizations/${cast.organizationId}`;
      const owner = { Authorization: `Bearer ${cast.tokens.owner}` };
      const seed = ASAHIKAWA_R4_REPORTS[0];
      await t
        .http()
        .post(`${org}/projects`)
        .set(owner)
        .send({ ...projectRequest(seed, cast.departmentId), confirmSimilarProject: true })
        .expect(201);

      await admin.goto(logPath('?action=project.created'));
      await expect(rows(admin).first().locator('td[data-label="変更内容"]').innerText()).resolves.toContain(
        `よく似た事業(「No.1 ${seed.projectName}」)があることを確認のうえ登録`,
      );
    },
    STEP_TIMEOUT,
  );
});
