import { type Browser, type Page } from 'playwright-core';
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
  /** The settings as read now, to send back with a change. */
  const read = async () => (await t.http().get(api()).set(as('planner')).expect(200)).body;
  const auditEntries = () =>
    t.dataSource.query(`SELECT id FROM audit_entries WHERE action = 'review_settings.changed' ORDER BY id`);

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

  /** Presses 保存する on the page; the status the form was answered with (303 saved, 409 refused as stale …). */
  async function save(page: Page): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.getByRole('button', { name: '保存する' }).click(),
    ]);
    await page.waitForLoadState();
    return response.status();
  }

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
      .send({ ...valid, checksum: (await read()).checksum, ...change })
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
        checksum: (await read()).checksum,
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
      .send({ ...valid, checksum: body.checksum, reminderTemplates: { due_today: null } })
      .expect(200);
    expect(reset.body.reminderTemplates[1]).toMatchObject({
      customized: false,
      subject: '【本日期限】{{事業名}}({{年度}})',
    });
    // The same again changes nothing and records nothing.
    const before = await auditEntries();
    await t
      .http()
      .put(api())
      .set(as('planner'))
      .send({ ...valid, checksum: reset.body.checksum, reminderTemplates: { due_today: null } })
      .expect(200);
    expect(await auditEntries()).toEqual(before);
  });

  it('refuses settings sent from a read before another save: 409 with the settings now, nothing saved, recorded or rescheduled', async () => {
    const reschedulings = () =>
      t.dataSource.query(`SELECT id FROM notification_outbox WHERE type = 'review_settings.changed' ORDER BY id`);
    const wording = { subject: '【期限超過】{{事業名}}', body: '{{氏名}}様 期限を{{超過日数}}日過ぎています。' };
    const unread = await t.http().put(api()).set(as('planner')).send(valid).expect(400);
    expect(unread.body.details).toEqual([
      { path: '/checksum', message: 'checksum must be the checksum of the settings you read' },
    ]);
    // The planning division and an administrator read the same settings; the administrator moves the reminder days.
    const shown = await read();
    const first = await t
      .http()
      .put(api())
      .set(as('admin'))
      .send({ ...valid, reminderOffsets: [-5, 0], checksum: shown.checksum })
      .expect(200);
    expect(first.body.checksum).not.toBe(shown.checksum);
    const recorded = [await auditEntries(), await reschedulings()];

    // The planner's save from the earlier read would put the old days back.
    const stale = await t
      .http()
      .put(api())
      .set(as('planner'))
      .send({ ...valid, checksum: shown.checksum, reminderTemplates: { after_due: wording } })
      .expect(409);

    expect(stale.body.details).toEqual({ current: first.body });
    expect(await read()).toEqual(first.body);
    expect([await auditEntries(), await reschedulings()]).toEqual(recorded);

    // What is saved now, sent again from whatever read, overwrites nothing: answered as unchanged.
    await t
      .http()
      .put(api())
      .set(as('planner'))
      .send({ ...valid, reminderOffsets: [-5, 0], checksum: shown.checksum })
      .expect(200);
    expect(await auditEntries()).toEqual(recorded[0]);
    // Read again, the wording is saved beside the administrator's days.
    const saved = await t
      .http()
      .put(api())
      .set(as('planner'))
      .send({
        ...valid,
        reminderOffsets: [-5, 0],
        checksum: stale.body.details.current.checksum,
        reminderTemplates: { after_due: wording },
      })
      .expect(200);
    expect(saved.body.reminderOffsets).toEqual([-5, 0]);
    expect(saved.body.reminderTemplates[2]).toMatchObject({ kind: 'after_due', customized: true, ...wording });
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

  it('refuses a save from a page read before another save, keeping what was typed beside the settings saved meanwhile', async () => {
    const page = await signInPage(browser, baseURL, 'planner@example.jp', { javaScriptEnabled: false });
    await page.goto(`/o/${cast.organizationId}/admin/review-settings`);
    const linkDays = page.getByLabel('リンクを使える期間(期限後の日数)');
    const shownDays = await linkDays.inputValue();
    // Meanwhile, from another tab or by an administrator: the links last 60 days.
    const shown = await read();
    await t
      .http()
      .put(api())
      .set(as('admin'))
      .send({ ...valid, reminderOffsets: shown.reminderOffsets, linkValidDaysAfterDue: 60, checksum: shown.checksum })
      .expect(200);

    await page.locator('#due_today').getByLabel('件名', { exact: true }).fill('【本日が期限】{{事業名}}');
    expect(await save(page)).toBe(409);

    await see(page.locator('.notice--warning'), '別の画面またはほかの人が先に保存しました');
    await see(page.locator('.notice--warning'), '入力した内容はこのページに残っています');
    await expect(page.locator('#due_today').getByLabel('件名', { exact: true }).inputValue()).resolves.toBe(
      '【本日が期限】{{事業名}}',
    );
    await expect(linkDays.inputValue()).resolves.toBe(shownDays);
    const saved = page.locator('#saved-settings');
    await see(saved.locator('.summary-list__row', { hasText: 'リンクを使える期間' }), '60日');
    await see(saved.locator('.summary-list__row', { hasText: 'リンクを使える期間' }), 'あなたの入力と異なる');
    await see(saved.locator('.summary-list__row', { hasText: '期限当日の催促の件名' }), 'あなたの入力と異なる');
    await expect(
      saved.locator('.summary-list__row', { hasText: '催促する日' }).getByText('あなたの入力と異なる').count(),
    ).resolves.toBe(0);
    expect((await read()).reminderTemplates[1].customized).toBe(false);

    // Taking the other's 60 days over, the same form now saves the wording beside them.
    await linkDays.fill('60');
    expect(await save(page)).toBe(303);
    await see(notice(page), '意見照会の設定を保存しました');
    const now = await read();
    expect(now.linkValidDaysAfterDue).toBe(60);
    expect(now.reminderTemplates[1]).toMatchObject({ customized: true, subject: '【本日が期限】{{事業名}}' });
    await page.context().close();
  }, 60_000);
});
