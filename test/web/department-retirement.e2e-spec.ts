import { type Browser, type Page } from 'playwright-core';
import { Role } from '../../src/access/role';
import { newSecretToken, secretTokenHash } from '../../src/common/secret-token';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectAccessible, launchBrowser, notice, see, serve, signInPage } from './support/browser';

const STEP_TIMEOUT = 60_000;

/** 課の統廃合 on 部署: the administrator retires 経済部 into 産業振興課, which takes on its project and its owner. */
describe('Web pages: retiring a department (廃止) into its successor', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let admin: Page;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const asAdmin = () => ({ Authorization: `Bearer ${cast.tokens.admin}` });

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    await t.http().post(api('/departments')).set(asAdmin()).send({ name: '産業振興課' }).expect(201);
    const project = await t
      .http()
      .post(api('/projects'))
      .set(asAdmin())
      .send({
        departmentId: cast.departmentId,
        name: '企業誘致推進事業',
        grantTypeCode: 'promotion',
        planStartFiscalYear: 2026,
        planEndFiscalYear: 2028,
      })
      .expect(201);
    await t
      .http()
      .post(api('/reports'))
      .set({ Authorization: `Bearer ${cast.tokens.owner}` })
      .send({ projectId: project.body.id, fiscalYear: 2026 })
      .expect(201);
    baseURL = await serve(t);
    browser = await launchBrowser();
    admin = await signInPage(browser, baseURL, 'admin@012041.example.jp');
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The card of 経済部 on 部署, its 廃止する opened. */
  const openRetirement = async () => {
    await admin.goto(`/o/${cast.organizationId}/admin/departments`);
    const card = admin.locator('li.card').filter({ has: admin.getByRole('heading', { name: '経済部', exact: true }) });
    await card.locator('summary', { hasText: '廃止する' }).click();
    return card;
  };

  it(
    'asks for the successor while the department has a project, beside the field',
    async () => {
      const card = await openRetirement();
      await card.getByRole('button', { name: '廃止する', exact: true }).click();

      await see(admin.locator('.error-summary'));
      expect(await admin.locator('.error-summary li').allInnerTexts()).toEqual([
        'この部署には事業(1件)か事業担当課の人(1人)が残っています。移す先の統合先を選んでください',
      ]);
      // The field is shown open again, with its choices: the other current departments only.
      const field = (await openRetirement()).getByLabel('統合先');
      expect(await field.locator('option').allInnerTexts()).toEqual(['統合先なし', '産業振興課']);
    },
    STEP_TIMEOUT,
  );

  it(
    'names what moves on the confirmation, retires it, and keeps it listed as retired',
    async () => {
      const card = await openRetirement();
      await card.getByLabel('統合先').selectOption({ label: '産業振興課' });
      await card.getByRole('button', { name: '廃止する', exact: true }).click();

      await see(admin.getByRole('heading', { level: 1, name: '経済部を廃止しますか' }));
      await see(admin.locator('main'), '経済部の事業 1件を産業振興課に移します。');
      await see(admin.locator('main'), '公表前の報告 1件も、事業と一緒に産業振興課の担当になります。');
      await see(admin.locator('main'), '企業誘致推進事業(公表前の報告: R8年度 作成中)');
      await see(admin.locator('main'), '経済部の事業担当課の人(owner)は、産業振興課の事業担当課になります。');
      await expectAccessible(admin);
      await admin.getByRole('button', { name: '廃止する', exact: true }).click();

      await see(notice(admin), '部署を廃止しました。');
      await see(admin.getByRole('heading', { level: 3, name: '経済部(廃止)' }));
      await see(admin.locator('main'), '統合先: 産業振興課');
      await expectAccessible(admin);
    },
    STEP_TIMEOUT,
  );

  it(
    'counts the departments there are now on 組織, and keeps the retired one as a filter of 利用者と役割, marked',
    async () => {
      const listed = await t.http().get(api('/departments')).set(asAdmin()).expect(200);
      const current = listed.body.filter((department: { retiredAt: string | null }) => !department.retiredAt);
      await admin.goto(`/o/${cast.organizationId}/admin/organization`);
      await see(admin.getByRole('link', { name: `${current.length}部署`, exact: true }));
      expect(current.length).toBeLessThan(listed.body.length);

      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      const filter = await admin.locator('select[name="departmentId"] option').allInnerTexts();
      expect(filter).toContain('経済部(廃止)');
      const invite = await admin.locator('#f-departmentId option').allInnerTexts();
      expect(invite).not.toContain('経済部');
      expect(invite).toContain('産業振興課');
    },
    STEP_TIMEOUT,
  );

  it(
    'offers the retired department for no new project, and marks it in the audit log with its successor',
    async () => {
      await admin.goto(`/o/${cast.organizationId}/projects/new`);
      expect(await admin.locator('#f-departmentId option').allInnerTexts()).toEqual(['選んでください', '産業振興課']);

      await admin.goto(`/o/${cast.organizationId}/admin/audit?action=department.retired`);
      await see(admin.locator('main'), '部署の廃止');
      await see(admin.locator('main'), '部署名: 経済部・統合先: 産業振興課・移した事業: 1件');
    },
    STEP_TIMEOUT,
  );

  it(
    'marks an invitation into a department retired with no successor; the invitee may decline it, and it leaves the list',
    async () => {
      const room = (await t.http().post(api('/departments')).set(asAdmin()).send({ name: '臨時給付金室' }).expect(201))
        .body.id;
      const sent = await t
        .http()
        .post(api('/users'))
        .set(asAdmin())
        .send({ email: 'kyufu@example.jp', roles: [{ role: Role.ProjectOwner, departmentId: room }] })
        .expect(202);
      // The link the mail would carry (no mail is sent here).
      const token = newSecretToken();
      await t.dataSource.query('UPDATE invitations SET token_hash = $1 WHERE id = $2', [
        secretTokenHash(token),
        sent.body.invitationId,
      ]);
      await t
        .http()
        .post(api(`/departments/${room}/retirement`))
        .set(asAdmin())
        .send({})
        .expect(200);

      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      const row = admin
        .locator('section', { hasText: '回答待ちの招待' })
        .locator('tbody tr')
        .filter({ hasText: 'kyufu@example.jp' });
      await see(row, '事業担当課(臨時給付金室(廃止))');
      await see(row, '承諾できません');
      await see(row, 'この招待を取り消して、今ある部署で招待し直してください。');
      await expectAccessible(admin);

      const context = await browser.newContext({ baseURL });
      const invitee = await context.newPage();
      expect((await invitee.goto(`/invitations/${token}`))?.status()).toBe(410);
      await see(
        invitee.locator('main'),
        '招待した団体のシステム管理者に、今ある部署への新しい招待を依頼してください。',
      );
      expect(await invitee.getByLabel('パスワード').count()).toBe(0);
      await see(invitee.locator('main'), '承諾できない招待も、辞退すると団体の回答待ちの招待から外れます。');
      await expectAccessible(invitee);
      await invitee.getByRole('button', { name: '招待を辞退する' }).click();
      await see(invitee.locator('main'), '招待を辞退しました');
      await context.close();

      await admin.goto(`/o/${cast.organizationId}/admin/users`);
      expect(
        await admin
          .locator('section', { hasText: '回答待ちの招待' })
          .locator('tbody tr')
          .filter({ hasText: 'kyufu@example.jp' })
          .count(),
      ).toBe(0);
    },
    STEP_TIMEOUT,
  );
});
