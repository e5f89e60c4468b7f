import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, openPageForm, PageTab, shownText } from './support/page-forms';

const BUTTON = '前年度(R4年度)の予算事業を引き継ぐ';
const [R4] = ASAHIKAWA_R4_REPORTS;

/**
 * ④ of a new year's draft starts from the budget items the project reported the year before (or in the last year it
 * reported, after a year it skipped): one button, without JavaScript, copies each item's 事業名 and 概要, and the owner
 * enters the year's results and amounts.
 */
describe('Web ④ form: carrying last year’s budget items over', () => {
  let t: TestApp;
  let cast: Cast;
  let owner: string;

  const org = (path: string) => `/o/${cast.organizationId}/${path}`;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}/${path}`;
  const auth = () => ({ Authorization: `Bearer ${cast.tokens.owner}` });
  const budgetPage = (reportId: string) => org(`reports/${reportId}/sections/budget`);
  const carryOver = (reportId: string) => `${budgetPage(reportId)}/carry-over`;

  /** The project's draft of a year, started through the API as the owning department would. */
  async function draftOf(projectId: string, fiscalYear: number): Promise<string> {
    return (await t.http().post(api('reports')).set(auth()).send({ projectId, fiscalYear }).expect(201)).body.id;
  }

  /** 旭川市's R4 report as entered (with its ④), and the project's R5 draft, still empty. */
  async function projectWithR4(): Promise<{ r4: string; r5: string }> {
    const r4 = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, R4);
    return { r4: r4.id, r5: await draftOf(r4.project.id, 2023) };
  }

  async function shown(page: string): Promise<string> {
    return (await t.http().get(page).set('Cookie', owner).expect(200)).text;
  }

  const offers = (html: string, page: string, label = BUTTON) =>
    formsOf(html, page).some((form) => form.buttons.some((button) => button.label === label));

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    owner = await sessionCookie(t, 'owner@example.jp');
  });

  afterAll(() => t?.close());

  it('is offered on an empty ④ of a draft whose project reported budget items the year before, and nowhere else', async () => {
    const { r4, r5 } = await projectWithR4();
    const project = (
      await t
        .http()
        .post(api('projects'))
        .set(auth())
        .send({
          departmentId: cast.departmentId,
          name: '前年度の報告がない事業',
          grantTypeCode: 'promotion',
          planStartFiscalYear: 2022,
          planEndFiscalYear: 2024,
          overview: '前年度の報告はまだない。',
        })
        .expect(201)
    ).body;
    const withoutPrevious = await draftOf(project.id, 2023);

    const page = await shown(budgetPage(r5));
    expect(offers(page, budgetPage(r5))).toBe(true);
    expect(shownText(page)).toContain('R4年度の報告の予算事業 1 件から、事業名と概要を引き継げます');
    expect(shownText(page)).toContain('戦略的国内外市場開拓推進費');

    // R4 has its lines already (and nothing before it); the other project has no R4 report.
    expect(offers(await shown(budgetPage(r4)), budgetPage(r4))).toBe(false);
    expect(offers(await shown(budgetPage(withoutPrevious)), budgetPage(withoutPrevious))).toBe(false);
  });

  it('fills ④ with each item’s 事業名 and 概要, says so, and is offered no more', async () => {
    const { r5 } = await projectWithR4();
    const tab = new PageTab(t, owner);
    await tab.open(budgetPage(r5));

    const pressed = await tab.send(carryOver(r5), {}, BUTTON);

    expect(pressed.status).toBe(303);
    expect(pressed.headers.location).toBe(`${budgetPage(r5)}?notice=budget-carried-over#budget-lines`);
    const page = await shown(pressed.headers.location.split('#')[0]);
    expect(shownText(page)).toContain(
      '予算事業 1 件の事業名と概要を引き継ぎました。主な事業実績、予算額と実績額を入力してください。',
    );
    const fields = new Map(formsOf(page, budgetPage(r5)).find((form) => form.action === budgetPage(r5))!.fields);
    expect(fields.get('/budgetLines/0/name')).toBe('戦略的国内外市場開拓推進費');
    expect(fields.get('/budgetLines/0/summary')).toBe(R4.budgetLines[0].summary);
    expect(fields.get('/budgetLines/0/results')).toBe('');
    expect(fields.get('/budgetLines/0/budgetAmount')).toBe('');
    expect(fields.get('/budgetLines/0/actualAmount')).toBe('');
    expect(offers(page, budgetPage(r5))).toBe(false);
  });

  it('after a year the project skipped, offers its latest report’s items, naming that year, and carries them over', async () => {
    const r4 = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, {
      ...R4,
      planEndFiscalYear: 2024,
    });
    // The project has no R5 report: its R6 draft starts from R4.
    const r6 = await draftOf(r4.project.id, 2024);
    const skipped = 'R4年度の予算事業を引き継ぐ';
    const tab = new PageTab(t, owner);
    const page = (await tab.open(budgetPage(r6))).text;
    expect(shownText(page)).toContain('R4年度の報告の予算事業 1 件から、事業名と概要を引き継げます');
    expect(offers(page, budgetPage(r6), skipped)).toBe(true);
    expect(offers(page, budgetPage(r6))).toBe(false);

    const pressed = await tab.send(carryOver(r6), {}, skipped);

    expect(pressed.status).toBe(303);
    const carried = await shown(pressed.headers.location.split('#')[0]);
    const fields = new Map(formsOf(carried, budgetPage(r6)).find((form) => form.action === budgetPage(r6))!.fields);
    expect(fields.get('/budgetLines/0/name')).toBe('戦略的国内外市場開拓推進費');
    expect(fields.get('/budgetLines/0/budgetAmount')).toBe('');
  });

  it('refuses a second press from a page opened before the first, and leaves the lines as carried over', async () => {
    const { r5 } = await projectWithR4();
    const first = await openPageForm(t, owner, budgetPage(r5), carryOver(r5));
    const second = await openPageForm(t, owner, budgetPage(r5), carryOver(r5));
    await first().expect(303);

    const refused = await second();

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain('ほかの人が先に保存したため、保存できませんでした');
    expect(offers(refused.text, budgetPage(r5))).toBe(false);
    const view = (
      await t
        .http()
        .get(api(`reports/${r5}`))
        .set(auth())
        .expect(200)
    ).body;
    expect(view.budgetLines.map((line: { name: string }) => line.name)).toEqual(['戦略的国内外市場開拓推進費']);
  });

  it('says why when last year’s report was deleted after the page was opened', async () => {
    const { r4, r5 } = await projectWithR4();
    const press = await openPageForm(t, owner, budgetPage(r5), carryOver(r5));
    await t
      .http()
      .delete(api(`reports/${r4}`))
      .set(auth())
      .expect(204);

    const refused = await press();

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain('これまでの年度の報告に予算事業がないため、引き継げません');
    expect(offers(refused.text, budgetPage(r5))).toBe(false);
  });
});
