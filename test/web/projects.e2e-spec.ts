import { type Browser, type Page } from 'playwright-core';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
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

const STEP_TIMEOUT = 60_000;
const PROJECT_NAME = 'ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト';

/** 国提出事業 registered and edited through the pages, by the owning department and the planning division. */
describe('Web pages: registering and editing a grant project (国提出事業)', () => {
  let t: TestApp;
  let cast: Cast;
  let baseURL: string;
  let browser: Browser;
  let projectsPath: string;
  let childcareId: string;
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    // A second department: the owner (経済部) may not register projects for it, planning may.
    childcareId = (
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/departments`)
        .set({ Authorization: `Bearer ${cast.tokens.admin}` })
        .send({ name: '子育て支援部' })
        .expect(201)
    ).body.id;
    projectsPath = `/o/${cast.organizationId}/projects`;
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

  async function storedProjects() {
    return (
      await t
        .http()
        .get(`/api/v1/organizations/${cast.organizationId}/projects`)
        .set({ Authorization: `Bearer ${cast.tokens.planner}` })
        .expect(200)
    ).body.items;
  }

  async function errorSummary(page: Page): Promise<string[]> {
    await see(page.locator('.error-summary'));
    return page.locator('.error-summary li').allInnerTexts();
  }

  it(
    'lets the owner register a project with two KPIs without JavaScript, starting from the empty "new report" page',
    async () => {
      const owner = await signInPage(browser, baseURL, 'owner@example.jp', { javaScriptEnabled: false });
      await owner.getByRole('link', { name: '新しい報告を作成する' }).click();
      await see(owner.locator('main'), '報告を作成できる国提出事業がまだありません');
      await owner.getByRole('link', { name: '国提出事業を登録する' }).click();
      await see(owner.getByRole('heading', { level: 1, name: '国提出事業を登録する' }));
      // Only the owner's own department is offered, and already chosen.
      expect(await owner.locator('#f-departmentId option').allInnerTexts()).toEqual(['選んでください', '経済部']);
      expect(await owner.locator('#f-departmentId option:checked').innerText()).toBe('経済部');

      await owner.getByLabel('No(任意)').fill('1');
      await owner.getByLabel('①国提出事業名').fill(PROJECT_NAME);
      await owner.getByLabel('交付金の種類').selectOption({ label: '地方創生推進交付金' });
      await owner.getByLabel('初年度').fill('R5');
      await owner.getByLabel('最終年度').fill('R3');
      await owner.getByLabel('共同申請(任意)').fill('【北海道共同申請】');
      await owner.getByLabel('連携市町村(任意)').fill('鷹栖町\n東神楽町');
      await owner.locator('#f-kpis-0-name').fill('本事業を活用した商談成立数');
      await owner.locator('#f-kpis-0-baseline').fill('0');
      await owner.locator('#f-kpis-0-target').fill('120');
      await owner.locator('#f-kpis-0-unit').fill('件');
      await owner.locator('#f-kpis-0-targetYearMonth').fill('R6.3月');
      await owner.locator('#f-kpis-1-name').fill('市外への転出者数');
      await owner.locator('#f-kpis-1-baseline').fill('1,500');
      await owner.locator('#f-kpis-1-target').fill('1200');
      await owner.locator('#f-kpis-1-unit').fill('人');
      await owner.locator('#f-kpis-1-targetYearMonth').fill('R6.13');
      await owner.locator('#kpi-2').getByLabel('減少を目指す').check();
      await owner.getByRole('button', { name: '登録する' }).click();

      expect(await errorSummary(owner)).toEqual([
        '②実施計画期間(最終年度)は初年度と同じか、それより後の年度にしてください',
        '⑤指標②の目標年月の月は1〜12で入力してください',
      ]);
      const monthGroup = owner.locator('.form-group--error', { has: owner.locator('#f-kpis-1-targetYearMonth') });
      expect(await monthGroup.locator('.error-message').innerText()).toContain('⑤指標②の目標年月の月は1〜12で');
      expect(await owner.locator('#f-kpis-1-targetYearMonth').getAttribute('aria-invalid')).toBe('true');
      expect(await owner.locator('.error-summary a').last().getAttribute('href')).toBe('#f-kpis-1-targetYearMonth');
      // What was typed is all still there.
      expect(await owner.locator('#f-kpis-1-targetYearMonth').inputValue()).toBe('R6.13');
      expect(await owner.locator('#f-kpis-1-baseline').inputValue()).toBe('1,500');
      expect(await owner.locator('#kpi-2').getByLabel('減少を目指す').isChecked()).toBe(true);
      expect(await owner.getByLabel('連携市町村(任意)').inputValue()).toBe('鷹栖町\n東神楽町');
      expect(await storedProjects()).toEqual([]);

      await owner.getByLabel('初年度').fill('令和3年度');
      await owner.getByLabel('最終年度').fill('2023');
      await owner.locator('#f-kpis-1-targetYearMonth').fill('R6.3');
      await owner.getByRole('button', { name: '登録する' }).click();
      await see(notice(owner), '国提出事業を登録しました');
      expect(new URL(owner.url()).pathname).toBe(projectsPath);
      const card = owner.locator('.card', { hasText: PROJECT_NAME });
      await see(card, 'R3年度～R5年度');
      await see(card, '指標② 市外への転出者数');

      const [stored] = await storedProjects();
      expect(stored).toMatchObject({
        projectNumber: '1',
        planStartFiscalYear: 2021,
        planEndFiscalYear: 2023,
        jointApplicationNote: '【北海道共同申請】',
        partnerMunicipalities: ['鷹栖町', '東神楽町'],
        departmentName: '経済部',
      });
      expect(stored.kpis).toMatchObject([
        {
          position: 1,
          name: '本事業を活用した商談成立数',
          baseline: 0,
          target: 120,
          unit: '件',
          targetYearMonth: '2024-03',
          direction: 'higher_is_better',
        },
        {
          position: 2,
          name: '市外への転出者数',
          baseline: 1500,
          target: 1200,
          unit: '人',
          targetYearMonth: '2024-03',
          direction: 'lower_is_better',
        },
      ]);

      // From the project straight to its first report.
      await card.getByRole('link', { name: /報告を作成する/ }).click();
      expect(await owner.getByLabel(PROJECT_NAME).isChecked()).toBe(true);
      await owner.getByLabel('報告する年度').fill('R4');
      await owner.getByRole('button', { name: '報告を作成する' }).click();
      await see(notice(owner), '報告を作成しました');
      await owner.goto(projectsPath);
      await see(owner.locator('.card', { hasText: PROJECT_NAME }), 'R4年度(2022年度)の報告');
    },
    STEP_TIMEOUT,
  );

  it(
    'lets planning edit any project, and keeps what they typed when someone else saved first',
    async () => {
      const planner = await as('planner');
      await planner
        .getByRole('navigation', { name: 'メインメニュー' })
        .getByRole('link', { name: '国提出事業' })
        .click();
      await see(planner.getByRole('heading', { level: 1, name: '国提出事業' }));
      await expectAccessible(planner);
      await screenshot(planner, 'planning-projects');

      // A refused new project: every problem in the summary and beside its field.
      await planner.getByRole('link', { name: '国提出事業を登録する' }).click();
      expect(await planner.locator('#f-departmentId option').allInnerTexts()).toEqual([
        '選んでください',
        '子育て支援部',
        '経済部',
      ]);
      await expectAccessible(planner);
      await planner.locator('#f-kpis-3-target').fill('十');
      await planner.getByRole('button', { name: '登録する' }).click();
      expect(await errorSummary(planner)).toEqual([
        '事業担当課を選んでください',
        '①国提出事業名を入力してください',
        '交付金の種類を選んでください',
        '②実施計画期間(初年度)を入力してください',
        '②実施計画期間(最終年度)を入力してください',
        '⑤指標④の指標名を入力してください',
        '⑤指標④の目標値は数値で入力してください',
      ]);
      await expectAccessible(planner);

      await planner.goto(projectsPath);
      await planner
        .locator('.card', { hasText: PROJECT_NAME })
        .getByRole('link', { name: /登録内容を変更する/ })
        .click();
      await see(planner.getByRole('heading', { level: 1, name: '国提出事業の登録内容を変更する' }));
      expect(await planner.getByLabel('初年度').inputValue()).toBe('R3年度');
      expect(await planner.locator('#f-kpis-0-targetYearMonth').inputValue()).toBe('R6.3月');
      await expectAccessible(planner);
      await planner.getByLabel('施策(任意)').fill('地域産業の振興');
      await planner.getByRole('button', { name: '保存する' }).click();
      await see(notice(planner), '国提出事業の登録内容を保存しました');
      expect((await storedProjects())[0].policyArea).toBe('地域産業の振興');

      // The owner saves through the API while planning is still typing.
      await planner
        .locator('.card', { hasText: PROJECT_NAME })
        .getByRole('link', { name: /登録内容を変更する/ })
        .click();
      await planner.locator('#f-kpis-2-name').fill('海外の新規取引先数');
      await planner.getByLabel('①国提出事業名').fill(`${PROJECT_NAME}(改)`);
      const [current] = await storedProjects();
      await t
        .http()
        .patch(`/api/v1/organizations/${cast.organizationId}/projects/${current.id}`)
        .set({ Authorization: `Bearer ${cast.tokens.owner}` })
        .send({ version: current.version, overview: '事業担当課が書いた概要' })
        .expect(200);
      const [refused] = await Promise.all([
        planner.waitForResponse((response) => response.request().method() === 'POST'),
        planner.getByRole('button', { name: '保存する' }).click(),
      ]);
      expect(refused.status()).toBe(409);
      // Nothing typed was wrong: a notice says what happened, not the summary of input errors.
      const refusal = planner.getByRole('alert');
      await see(refusal.getByRole('heading', { name: '別の画面またはほかの人が先に保存しました' }));
      expect(await refusal.innerText()).toContain(
        'このページを開いた後に、別の画面またはほかの人がこの事業を保存したため、保存できませんでした。入力した内容はそのまま残しています。',
      );
      expect(await planner.locator('.error-summary').count()).toBe(0);
      expect(await planner.title()).not.toMatch(/^エラー/);
      const saved = planner.locator('#saved-project');
      await see(saved, '事業担当課が書いた概要');
      await see(saved, '市外への転出者数(基準値 1,500人、目標値 1,200人・R6.3月、減少を目指す)');
      // What saving again would replace: the other person's overview, and the two fields planning changed.
      expect(
        await saved
          .locator('.summary-list__row', { has: planner.locator('.tag') })
          .locator('dt')
          .allInnerTexts(),
      ).toEqual(['①国提出事業名', '③全体概要', '⑤指標③']);
      await screenshot(planner, 'planning-project-stale');
      expect(await planner.locator('#f-kpis-2-name').inputValue()).toBe('海外の新規取引先数');
      expect(await planner.getByLabel('①国提出事業名').inputValue()).toBe(`${PROJECT_NAME}(改)`);
      await expectAccessible(planner);

      // Saving again, having seen the other change, replaces it knowingly.
      await planner.getByLabel('③全体概要(任意)').fill('事業担当課が書いた概要に追記');
      await planner.getByRole('button', { name: '保存する' }).click();
      await see(notice(planner), '国提出事業の登録内容を保存しました');
      const [edited] = await storedProjects();
      expect(edited).toMatchObject({
        name: `${PROJECT_NAME}(改)`,
        overview: '事業担当課が書いた概要に追記',
        policyArea: '地域産業の振興',
      });
      expect(edited.kpis.map((kpi: { position: number }) => kpi.position)).toEqual([1, 2, 3]);

      // Saved again as it stands: the form sends back what it showed, nothing is written, and the page says so.
      await planner
        .locator('.card', { hasText: PROJECT_NAME })
        .getByRole('link', { name: /登録内容を変更する/ })
        .click();
      await planner.getByRole('button', { name: '保存する' }).click();
      await see(notice(planner), '国提出事業の登録内容は、これまでと同じです。変更はありません。');
      expect((await storedProjects())[0].version).toBe(edited.version);
    },
    STEP_TIMEOUT,
  );

  it(
    "saves a target that lies against its KPI's direction, and says so beside the KPI in the list",
    async () => {
      const planner = await as('planner');
      await planner.goto(projectsPath);
      const card = planner.locator('.card', { hasText: PROJECT_NAME });
      await card.getByRole('link', { name: /登録内容を変更する/ }).click();
      await planner.locator('#f-kpis-2-baseline').fill('50');
      await planner.locator('#f-kpis-2-target').fill('30');
      await planner.locator('#f-kpis-2-unit').fill('社');
      await planner.getByRole('button', { name: '保存する' }).click();
      await see(notice(planner), '国提出事業の登録内容を保存しました');
      expect(await card.locator('.warning-text').allInnerTexts()).toEqual([
        '注意: 目標値 30社 が基準値 50社 に対して、増加を目指す指標とは逆の側にあります。意図したものでなければ、登録内容を変更してください。',
      ]);
      await see(card.locator('li', { has: planner.locator('.warning-text') }), '指標③ 海外の新規取引先数');
      await expectAccessible(planner);

      // A KPI that should fall: the same target is on its way.
      await card.getByRole('link', { name: /登録内容を変更する/ }).click();
      await planner.locator('#kpi-3').getByLabel('減少を目指す').check();
      await planner.getByRole('button', { name: '保存する' }).click();
      await see(notice(planner), '国提出事業の登録内容を保存しました');
      expect(await card.locator('.warning-text').count()).toBe(0);
    },
    STEP_TIMEOUT,
  );

  it(
    'offers the pages only to those who manage projects, and fits them into 360 px and 1280 px',
    async () => {
      const expert = await as('expertA');
      expect(
        await expert
          .getByRole('navigation', { name: 'メインメニュー' })
          .getByRole('link', { name: '国提出事業' })
          .count(),
      ).toBe(0);
      await expert.goto(projectsPath);
      await see(expert.getByRole('heading', { level: 1 }), 'この操作を行う権限がありません');

      const planner = await as('planner');
      const [project] = await storedProjects();
      for (const viewport of [PHONE, DESKTOP]) {
        await planner.setViewportSize(viewport);
        for (const path of [
          projectsPath,
          `${projectsPath}/new`,
          `${projectsPath}/${project.id}/edit`,
          `/o/${cast.organizationId}/new-report`,
        ]) {
          await planner.goto(path);
          await expectNoHorizontalScroll(planner);
        }
      }
      await planner.setViewportSize(PHONE);
      await planner.goto(`${projectsPath}/${project.id}/edit`);
      await expectAccessible(planner);
      await screenshot(planner, 'planning-project-form-phone');
    },
    STEP_TIMEOUT,
  );

  it(
    'warns of a project registered already with the same No and name, writing nothing until 「別の事業として登録する」 is ticked',
    async () => {
      const planner = await as('planner');
      await planner.setViewportSize(DESKTOP);
      const [registered] = await storedProjects();
      await planner.goto(`${projectsPath}/new`);
      await planner.getByLabel('事業担当課').selectOption({ label: '経済部' });
      // The same No and name as typed on another keyboard: full-width, with a space.
      await planner.getByLabel('No(任意)').fill('１');
      await planner.getByLabel('①国提出事業名').fill(`${PROJECT_NAME}\u3000(改)`);
      await planner.getByLabel('交付金の種類').selectOption({ label: '地方創生推進交付金' });
      await planner.getByLabel('初年度').fill('R5');
      await planner.getByLabel('最終年度').fill('R7');
      await planner.getByRole('button', { name: '登録する' }).click();

      expect(await errorSummary(planner)).toEqual([
        `Noと①国提出事業名が同じで②実施計画期間が重なる事業 「No.1 ${PROJECT_NAME}(改)」(経済部、R3年度～R5年度)がすでに登録されています。同じ事業なら登録せず、その事業を開いてください。別の事業なら、「別の事業として登録する」にチェックを入れて、もう一度登録してください`,
      ]);
      const similar = planner.locator('#similar-projects');
      await see(similar, 'よく似た事業がすでに登録されています');
      expect(await similar.locator('dd').allInnerTexts()).toEqual([
        '1',
        `${PROJECT_NAME}(改)`,
        '経済部',
        'R3年度～R5年度',
      ]);
      expect(await similar.getByRole('link', { name: `${PROJECT_NAME}(改)` }).getAttribute('href')).toBe(
        `${projectsPath}/${registered.id}/edit`,
      );
      await expectAccessible(planner);
      await screenshot(planner, 'planning-project-similar');
      expect(await storedProjects()).toHaveLength(1);

      await similar.getByLabel('別の事業として登録する').check();
      await planner.getByRole('button', { name: '登録する' }).click();
      await see(notice(planner), '国提出事業を登録しました');
      expect((await storedProjects()).map((project: { planPeriodLabel: string }) => project.planPeriodLabel)).toEqual([
        'R5年度～R7年度',
        'R3年度～R5年度',
      ]);
    },
    STEP_TIMEOUT,
  );

  it(
    "warns the owner of another department's project that looks the same, naming it without a link they could not open",
    async () => {
      await t
        .http()
        .post(`/api/v1/organizations/${cast.organizationId}/projects`)
        .set({ Authorization: `Bearer ${cast.tokens.planner}` })
        .send({
          departmentId: childcareId,
          projectNumber: '7',
          name: '子育て応援拠点整備事業',
          grantTypeCode: 'promotion',
          planStartFiscalYear: 2024,
          planEndFiscalYear: 2026,
        })
        .expect(201);
      const owner = await as('owner');
      await owner.setViewportSize(DESKTOP);
      await owner.goto(`${projectsPath}/new`);
      await owner.getByLabel('No(任意)').fill('7');
      await owner.getByLabel('①国提出事業名').fill('子育て応援拠点整備事業');
      await owner.getByLabel('交付金の種類').selectOption({ label: '地方創生推進交付金' });
      await owner.getByLabel('初年度').fill('R6');
      await owner.getByLabel('最終年度').fill('R8');
      await owner.getByRole('button', { name: '登録する' }).click();

      expect(await errorSummary(owner)).toEqual([
        'Noと①国提出事業名が同じで②実施計画期間が重なる事業 「No.7 子育て応援拠点整備事業」(子育て支援部)が、ほかの課の事業としてすでに登録されています。同じ事業かどうかを子育て支援部か企画政策課に確かめ、同じ事業なら登録しないでください。別の事業なら、「別の事業として登録する」にチェックを入れて、もう一度登録してください',
      ]);
      const similar = owner.locator('#similar-projects');
      expect(await similar.locator('dd').allInnerTexts()).toEqual([
        '7',
        '子育て応援拠点整備事業',
        '子育て支援部(担当ではない課の事業のため、開けません。同じ事業かどうかは、その課か企画政策課に確かめてください)',
      ]);
      expect(await similar.getByRole('link').count()).toBe(0);
      await expectAccessible(owner);

      await similar.getByLabel('別の事業として登録する').check();
      await owner.getByRole('button', { name: '登録する' }).click();
      await see(notice(owner), '国提出事業を登録しました');
    },
    STEP_TIMEOUT,
  );

  it(
    'asks the same of an edit that makes a project look like another, saving it once 「別の事業として登録する」 is ticked',
    async () => {
      const register = async (projectNumber: string) =>
        (
          await t
            .http()
            .post(`/api/v1/organizations/${cast.organizationId}/projects`)
            .set({ Authorization: `Bearer ${cast.tokens.planner}` })
            .send({
              departmentId: cast.departmentId,
              projectNumber,
              name: '観光交流拠点整備事業',
              grantTypeCode: 'promotion',
              planStartFiscalYear: 2024,
              planEndFiscalYear: 2026,
            })
            .expect(201)
        ).body;
      const registered = await register('8');
      const edited = await register('9');
      const planner = await as('planner');
      await planner.goto(`${projectsPath}/${edited.id}/edit`);
      await planner.getByLabel('No(任意)').fill('８');
      await planner.getByRole('button', { name: '保存する' }).click();

      expect(await errorSummary(planner)).toEqual([
        'Noと①国提出事業名が同じで②実施計画期間が重なる事業 「No.8 観光交流拠点整備事業」(経済部、R6年度～R8年度)がすでに登録されています。同じ事業なら登録せず、その事業を開いてください。別の事業なら、「別の事業として登録する」にチェックを入れて、もう一度登録してください',
      ]);
      const similar = planner.locator('#similar-projects');
      expect(await similar.locator('dd').allInnerTexts()).toEqual([
        '8',
        '観光交流拠点整備事業',
        '経済部',
        'R6年度～R8年度',
      ]);
      expect(await similar.getByRole('link').getAttribute('href')).toBe(`${projectsPath}/${registered.id}/edit`);
      expect((await storedProjects()).find(({ id }: { id: string }) => id === edited.id).projectNumber).toBe('9');

      await similar.getByLabel('別の事業として登録する').check();
      await planner.getByRole('button', { name: '保存する' }).click();
      await see(notice(planner), '国提出事業の登録内容を保存しました');
      expect((await storedProjects()).find(({ id }: { id: string }) => id === edited.id).projectNumber).toBe('8');
    },
    STEP_TIMEOUT,
  );

  it(
    'keeps the list of projects that look the same beside a ticked 「別の事業として登録する」 while another field is refused',
    async () => {
      const registered = (
        await t
          .http()
          .post(`/api/v1/organizations/${cast.organizationId}/projects`)
          .set({ Authorization: `Bearer ${cast.tokens.planner}` })
          .send({
            departmentId: cast.departmentId,
            projectNumber: '10',
            name: '農泊推進事業',
            grantTypeCode: 'promotion',
            planStartFiscalYear: 2024,
            planEndFiscalYear: 2026,
          })
          .expect(201)
      ).body;
      const planner = await as('planner');
      await planner.goto(`${projectsPath}/new`);
      await planner.getByLabel('事業担当課').selectOption({ label: '経済部' });
      await planner.getByLabel('No(任意)').fill('10');
      await planner.getByLabel('①国提出事業名').fill('農泊推進事業');
      await planner.getByLabel('交付金の種類').selectOption({ label: '地方創生推進交付金' });
      await planner.getByLabel('初年度').fill('R6');
      await planner.getByLabel('最終年度').fill('R8');
      await planner.getByRole('button', { name: '登録する' }).click();
      const similar = planner.locator('#similar-projects');
      await similar.getByLabel('別の事業として登録する').check();
      await planner.locator('#f-kpis-0-name').fill('農泊の宿泊者数');
      await planner.locator('#f-kpis-0-target').fill('十');
      await planner.getByRole('button', { name: '登録する' }).click();

      expect(await errorSummary(planner)).toEqual(['⑤指標①の目標値は数値で入力してください']);
      await see(similar, 'よく似た事業がすでに登録されています');
      expect(await similar.locator('dd').allInnerTexts()).toEqual(['10', '農泊推進事業', '経済部', 'R6年度～R8年度']);
      expect(await similar.getByRole('link').getAttribute('href')).toBe(`${projectsPath}/${registered.id}/edit`);
      expect(await similar.getByLabel('別の事業として登録する').isChecked()).toBe(true);

      await planner.locator('#f-kpis-0-target').fill('1200');
      await planner.getByRole('button', { name: '登録する' }).click();
      await see(notice(planner), '国提出事業を登録しました');
    },
    STEP_TIMEOUT,
  );
});
