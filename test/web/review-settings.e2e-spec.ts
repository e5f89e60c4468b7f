import { type Browser } from 'playwright-core';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

/** 意見照会の設定: reminder days, link validity, alternates and the reminders' wording, by API and on its page. */
describe('Review settings: API and page', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  const api = () => `/api/v1/organizations/${cast.organizationId}/review-settings`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const valid = { reminderOffsets: [-7, -3, 0, 1, 3], linkValidDaysAfterDue: 30, autoInviteAlternates: false };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    baseURL = await serve(t);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('starts from the defaults, with the default wording and the placeholders listed', async () => {
    const { body } = await t.http().get(api()).set(as('planner')).expect(200);
    expect(body).toMatchObject({ ...valid, reminderTemplates: [{ kind: 'before', customized: false }, {}, {}] });
    expect(body.reminderTemplates[0].subject).toBe('【リマインダー】{{事業名}}({{年度}})(期限 {{期限}})');
    expect(body.placeholders.map((item: { placeholder: string }) => item.placeholder)).toEqual([
      '{{氏名}}',
      '{{事業名}}',
      '{{年度}}',
      '{{期限}}',
      '{{残り日数}}',
      '{{超過日数}}',
    ]);
  });

  it.each([
    [{ reminderOffsets: [-7, 61] }, '/reminderOffsets', 'reminderOffsets must not be greater than 60'],
    [{ reminderOffsets: [-61] }, '/reminderOffsets', 'reminderOffsets must not be less than -60'],
    [{ reminderOffsets: [1, 1] }, '/reminderOffsets', 'reminderOffsets must not repeat a day'],
    [{ reminderOffsets: [1.5] }, '/reminderOffsets', 'reminderOffsets must be whole numbers of days'],
    [{ reminderOffsets: '-7,0' }, '/reminderOffsets', 'reminderOffsets must be a list of days'],
    [{ linkValidDaysAfterDue: 0 }, '/linkValidDaysAfterDue', 'linkValidDaysAfterDue must not be less than 1'],
    [{ linkValidDaysAfterDue: 366 }, '/linkValidDaysAfterDue', 'linkValidDaysAfterDue must not be greater than 365'],
    [{ autoInviteAlternates: 'yes' }, '/autoInviteAlternates', 'autoInviteAlternates must be true or false'],
    [
      { reminderTemplates: { before: { subject: '{{名前}}様', body: '本文' } } },
      '/reminderTemplates/before/subject',
      'subject has an unknown placeholder {{名前}}',
    ],
    [
      { reminderTemplates: { after_due: { subject: '件名', body: '' } } },
      '/reminderTemplates/after_due/body',
      'body is required',
    ],
  ])('refuses %j with 400 naming %s', async (change, path, message) => {
    const { body } = await t
      .http()
      .put(api())
      .set(as('planner'))
      .send({ ...valid, ...change })
      .expect(400);
    expect(body.details).toEqual(
      expect.arrayContaining([{ path, message: expect.stringContaining(message) as string }]),
    );
  });

  it('lets the planning division and administrators, no one else, change them; audited', async () => {
    await t.http().get(api()).set(as('owner')).expect(403);
    await t.http().put(api()).set(as('expertA')).send(valid).expect(403);
    const { body } = await t
      .http()
      .put(api())
      .set(as('admin'))
      .send({
        ...valid,
        reminderOffsets: [3, -14],
        linkValidDaysAfterDue: 14,
        reminderTemplates: {
          due_today: { subject: '本日が期限です: {{事業名}}', body: '{{氏名}}様\nよろしくお願いします。' },
        },
      })
      .expect(200);
    expect(body).toMatchObject({ reminderOffsets: [-14, 3], linkValidDaysAfterDue: 14 });
    expect(body.reminderTemplates[1]).toMatchObject({ kind: 'due_today', customized: true });
    const [audit] = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'review_settings.changed' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.details.changes.map((change: { path: string }) => change.path)).toEqual([
      '/reminderOffsets',
      '/linkValidDaysAfterDue',
      '/reminderTemplates/due_today',
    ]);
    // Back to the default wording.
    const reset = await t
      .http()
      .put(api())
      .set(as('planner'))
      .send({ ...valid, reminderTemplates: { due_today: null } })
      .expect(200);
    expect(reset.body.reminderTemplates[1]).toMatchObject({
      customized: false,
      subject: '【本日期限】{{事業名}}({{年度}})',
    });
    // The same again changes nothing and records nothing.
    const entries = () => t.dataSource.query(`SELECT id FROM audit_entries WHERE action = 'review_settings.changed'`);
    const before = await entries();
    await t
      .http()
      .put(api())
      .set(as('planner'))
      .send({ ...valid, reminderTemplates: { due_today: null } })
      .expect(200);
    expect(await entries()).toEqual(before);
  });

  it('is a page of the planning division: reminder days typed as a list, refused beside the field, saved', async () => {
    const page = await signInPage(browser, baseURL, 'planner@example.jp');
    await page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '意見照会の設定' })
      .click();
    await see(page.getByRole('heading', { level: 1, name: '意見照会の設定' }));
    await expectAccessible(page);

    await page.getByLabel('催促する日').fill('-7, -3, 0, 1, 三');
    await page.getByRole('button', { name: '保存する' }).click();
    await see(page.locator('.error-summary'), '催促する日の「三」は整数ではありません');
    await page.getByLabel('催促する日').fill('-7, 70');
    await page.getByRole('button', { name: '保存する' }).click();
    await see(page.locator('.error-summary'), '催促する日は-60から60までの日数で入力してください');
    await expectAccessible(page);

    await page.getByLabel('催促する日').fill('3, −5, ０');
    await page.locator('#before').getByLabel('件名').fill('{{氏名}}様 あと{{残り日数}}日です');
    await page.getByRole('button', { name: '保存する' }).click();
    await see(notice(page), '意見照会の設定を保存しました');
    await expect(page.getByLabel('催促する日').inputValue()).resolves.toBe('-5, 0, 3');
    await see(page.locator('#before'), '団体の文面');

    // Saved again as it stands: nothing is written, and the page says so rather than that it was saved.
    await page.getByRole('button', { name: '保存する' }).click();
    await see(notice(page), '意見照会の設定は、これまでと同じです。変更はありません。');

    await page.locator('#before').getByLabel('既定の文面に戻す(上の件名と本文は使いません)').check();
    await page.getByRole('button', { name: '保存する' }).click();
    await see(notice(page), '意見照会の設定を保存しました');
    await expect(page.locator('#before').getByLabel('件名').inputValue()).resolves.toBe(
      '【リマインダー】{{事業名}}({{年度}})(期限 {{期限}})',
    );
    await page.context().close();
  }, 60_000);
});
