import { Role } from '../../src/access/role';
import { PLAN_FOLLOWED_NOTE } from '../../src/notifications/notification-catalogue';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { decideSeedReport, enterSeedReport } from '../support/report-scenario';
import { addUser, createTestApp, sessionCookie, signIn, type TestApp } from '../support/test-app';
import { PageTab, shownText } from './support/page-forms';

const STEP_TIMEOUT = 60_000;

/**
 * A report opened for editing again catches up with its project: a draft takes the plan amended while it was
 * submitted, and a correction the department the project moved to; the report's history says so, the planning division
 * is told it with the withdrawal, and the published edition keeps what was published.
 */
describe('Web pages: a report opened for editing again and its project’s plan', () => {
  let t: TestApp;
  let cast: Cast;
  let tourismId: string;
  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const page = (reportId: string, rest = '') => `/o/${cast.organizationId}/reports/${reportId}${rest}`;

  /** The project as the administrator saves it on its form: `changes` over what it is now. */
  const editProject = async (projectId: string, changes: (project: any) => object) => {
    const project = (
      await t
        .http()
        .get(api(`/projects/${projectId}`))
        .set(as('admin'))
        .expect(200)
    ).body;
    await t
      .http()
      .patch(api(`/projects/${projectId}`))
      .set(as('admin'))
      .send({ version: project.version, ...changes(project) })
      .expect(200);
  };

  beforeAll(async () => {
    // With the worker, so the planning division's notification of the withdrawal is delivered.
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    tourismId = (
      await t.http().post(api('/departments')).set(as('admin')).send({ name: '観光スポーツ交流部' }).expect(201)
    ).body.id;
    await addUser(t, cast.organizationId, 'tourism-owner@example.jp', Role.ProjectOwner, tourismId);
  }, STEP_TIMEOUT);

  afterAll(() => t?.close());

  it(
    'the owner withdraws a submission and is told, as planning is, and shown in 更新履歴, that the amended plan applies',
    async () => {
      const seed = ASAHIKAWA_R4_REPORTS[0];
      const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
      await t
        .http()
        .post(api(`/reports/${report.id}/submit`))
        .set(as('owner'))
        .expect(200);
      await editProject(report.project.id, (project) => ({
        kpis: project.kpis.map((kpi: any, index: number) => ({
          position: kpi.position,
          name: kpi.name,
          baseline: kpi.baseline,
          target: index === 0 ? 999 : kpi.target,
          unit: kpi.unit,
          targetYearMonth: kpi.targetYearMonth,
          direction: kpi.direction,
        })),
        amendment: { effectiveFiscalYear: seed.fiscalYear, reason: '中間評価を受けて目標を見直す' },
      }));

      const owner = new PageTab(t, await sessionCookie(t, 'owner@example.jp'));
      await owner.open(page(report.id));
      const withdrawn = await owner.send(page(report.id, '/withdraw'));
      expect(withdrawn.status).toBe(303);
      const shown = shownText((await owner.open(withdrawn.headers.location)).text);
      expect(shown).toContain('提出を取り下げました。作成中に戻りました。');
      expect(shown).toContain('この報告にも反映しました');
      await settle(t);
      const planner = new PageTab(t, await sessionCookie(t, 'planner@example.jp'));
      expect(shownText((await planner.open(`/o/${cast.organizationId}/inbox?tab=info`)).text)).toContain(
        `ownerさんが ${seed.projectName}(R4年度) の提出を取り下げました。${PLAN_FOLLOWED_NOTE}`,
      );

      const history = shownText((await owner.open(page(report.id, '/history'))).text);
      expect(history).toContain('国提出事業の変更の反映');
      const view = (
        await t
          .http()
          .get(api(`/reports/${report.id}`))
          .set(as('owner'))
          .expect(200)
      ).body;
      expect(view).toMatchObject({ status: 'draft' });
      expect(view.kpis[0].definition.target).toBe(999);
    },
    STEP_TIMEOUT,
  );

  it(
    'a correction after the project moved names the new department; the public edition 1 keeps the old',
    async () => {
      const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[1]);
      await t
        .http()
        .post(api(`/reports/${report.id}/publish`))
        .set(as('planner'))
        .expect(200);
      await editProject(report.project.id, () => ({ departmentId: tourismId }));
      const publicPage = `/public/012041/reports/${report.id}`;
      const publicDepartment = async (path: string) =>
        /担当課 (\S+)/.exec(shownText((await t.http().get(path).expect(200)).text))?.[1];

      const opened = (
        await t
          .http()
          .post(api(`/reports/${report.id}/correct`))
          .set(as('admin'))
          .send({ reason: '⑥の誤記' })
      ).body;

      expect(opened.project).toMatchObject({ departmentId: tourismId, departmentName: '観光スポーツ交流部' });
      expect(await publicDepartment(publicPage)).toBe('経済部');
      const tourismOwner = new PageTab(t, await sessionCookie(t, 'tourism-owner@example.jp'));
      expect(shownText((await tourismOwner.open(page(report.id, '/history'))).text)).toContain(
        '国提出事業の変更の反映',
      );

      // The correction is the new department's to submit.
      await t
        .http()
        .post(api(`/reports/${report.id}/submit-correction`))
        .set({ Authorization: `Bearer ${await signIn(t, 'tourism-owner@example.jp')}` })
        .expect(200);
      await t
        .http()
        .post(api(`/reports/${report.id}/publish`))
        .set(as('planner'))
        .expect(200);

      expect(await publicDepartment(publicPage)).toBe('観光スポーツ交流部');
      expect(await publicDepartment(`${publicPage}/editions/1`)).toBe('経済部');
    },
    STEP_TIMEOUT,
  );
});
