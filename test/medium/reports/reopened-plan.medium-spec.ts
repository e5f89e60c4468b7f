import { ConflictException } from '@nestjs/common';
import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { ProjectsService } from '../../../src/projects/projects.service';
import { type UpdateProjectRequest } from '../../../src/projects/projects.dto';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { holdRow, lockWaiters } from '../../support/lock-waits';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('A report opened for editing again takes its project’s plan for its year', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let projects: ProjectsService;
  let reports: ReportsService;
  let workflow: WorkflowService;

  beforeAll(async () => {
    app = await createMediumApp();
    projects = app.get(ProjectsService);
    reports = app.get(ReportsService);
    workflow = app.get(WorkflowService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  // The given project's 指標① with another target.
  const kpis = (target: number) => [
    { position: 1, name: '商談件数', baseline: 100, target, unit: '件', targetYearMonth: '2025-03' },
  ];
  const edit = async (project: GrantProject, request: Omit<UpdateProjectRequest, 'version'>) => {
    const { version } = await projects.get(town.planner.actor, project.id);
    return projects.update(town.planner.actor, project.id, { version, ...request });
  };
  const targetOf = async (reportId: string) =>
    (await reports.get(town.planner.actor, reportId)).kpis[0].definition.target;

  describe.each([
    ['withdrawn by its owner', (reportId: string) => workflow.withdraw(town.owner.actor, reportId)],
    [
      'returned by planning',
      (reportId: string) => workflow.returnToDraft(town.planner.actor, reportId, '指標の時点を確認してください。'),
    ],
  ])('a submitted report %s to 作成中', (_how, backToDraft) => {
    it('takes the plan amended while it was submitted, as a change of its own in its history', async () => {
      const project = await app.given.project(town.department);
      const report = await app.given.report(project, { fiscalYear: 2023, status: ReportStatus.Submitted });
      await edit(project, {
        kpis: kpis(150),
        amendment: { effectiveFiscalYear: 2023, reason: '中間評価を受けて目標を引き上げる' },
      });
      expect(await targetOf(report.id)).toBe(120);
      const before = await app.footprint(report.id);

      const draft = await backToDraft(report.id);

      expect(draft).toMatchObject({ status: ReportStatus.Draft, version: before.version! + 2 });
      expect(draft.kpis[0].definition.target).toBe(150);
      expect(await app.footprint(report.id)).toMatchObject({ revisions: before.revisions + 2 });
      const [transition, followed] = (await app.auditEntries(report.id)).slice(-2);
      expect(transition.details).toMatchObject({ toStatus: ReportStatus.Draft, version: before.version! + 1 });
      expect(followed).toEqual({
        action: 'report.plan_followed',
        details: {
          projectId: project.id,
          version: before.version! + 2,
          changes: [{ path: '/project/kpis/0/target', before: 120, after: 150 }],
        },
      });
      expect((await app.outbox({ reportId: report.id })).at(-1)?.payload).toMatchObject({ planFollowed: true });
    });

    it('keeps its period and KPIs when the amendment applies only from a later year, and takes the rest', async () => {
      const project = await app.given.project(town.department);
      const report = await app.given.report(project, { fiscalYear: 2023, status: ReportStatus.Submitted });
      await edit(project, {
        name: '地域産品の販路拡大',
        planEndFiscalYear: 2026,
        kpis: kpis(150),
        amendment: { effectiveFiscalYear: 2024, reason: '計画期間の延長' },
        // Each case renames a project of its own alike in the one town: the other case's is another project, meant.
        confirmSimilarProject: true,
      });

      const draft = await backToDraft(report.id);

      expect(draft.project).toMatchObject({ name: '地域産品の販路拡大', planEndFiscalYear: 2024 });
      expect(draft.kpis[0].definition.target).toBe(120);
      expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
        action: 'report.plan_followed',
        details: { changes: [{ path: '/project/name', after: '地域産品の販路拡大' }] },
      });
    });

    it('takes every amendment for its year of two made while it was submitted, and none for a later year', async () => {
      const project = await app.given.project(town.department);
      const report = await app.given.report(project, { fiscalYear: 2023, status: ReportStatus.Submitted });
      await edit(project, { kpis: kpis(150), amendment: { effectiveFiscalYear: 2023, reason: '目標の引上げ' } });
      await edit(project, {
        planEndFiscalYear: 2026,
        amendment: { effectiveFiscalYear: 2024, reason: '計画期間の延長' },
      });

      const draft = await backToDraft(report.id);

      expect(draft.project).toMatchObject({ planStartFiscalYear: 2020, planEndFiscalYear: 2024 });
      expect(draft.kpis[0].definition.target).toBe(150);
      expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
        action: 'report.plan_followed',
        details: { changes: [{ path: '/project/kpis/0/target', before: 120, after: 150 }] },
      });
    });

    it('writes only its own change when the project is as the report has it', async () => {
      const report = await app.given.report(await app.given.project(town.department), {
        status: ReportStatus.Submitted,
      });
      const before = await app.footprint(report.id);

      const draft = await backToDraft(report.id);

      expect(draft.version).toBe(before.version! + 1);
      expect(await app.auditActions(report.id)).not.toContain('report.plan_followed');
      expect((await app.outbox({ reportId: report.id })).at(-1)?.payload).not.toHaveProperty('planFollowed');
    });
  });

  it('waits for an edit of the project under way and takes the plan it leaves', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, { fiscalYear: 2023, status: ReportStatus.Submitted });
    const other = await holdRow(app.dataSource, 'grant_projects', project.id);
    try {
      const withdrawing = workflow.withdraw(town.owner.actor, report.id);
      expect(await lockWaiters((sql) => app.dataSource.query(sql), 1)).toBe(1);
      await other.query('UPDATE kpi_definitions SET target = 150 WHERE project_id = $1', [project.id]);
      await other.commitTransaction();

      expect((await withdrawing).kpis[0].definition.target).toBe(150);
    } finally {
      await other.release();
    }
  });

  it('a correction returned to 訂正中 takes the project’s edit made while it was submitted', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, {
      status: ReportStatus.Published,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    const opened = await workflow.startCorrection(town.admin.actor, report.id, '③の誤記を訂正');
    await reports.update(town.owner.actor, report.id, { version: opened.version, effectNarrative: '訂正後の説明' });
    await workflow.submitCorrection(town.owner.actor, report.id);
    await edit(project, { overview: '販路を全国に広げる。' });
    expect((await reports.get(town.planner.actor, report.id)).project.overview).toBe('地域の販路を開拓する。');

    const returned = await workflow.returnCorrection(town.planner.actor, report.id, '③を事業の登録どおりに');

    expect(returned).toMatchObject({ status: ReportStatus.Correcting, project: { overview: '販路を全国に広げる。' } });
    expect((await reports.edition(town.planner.actor, report.id, 1)).project.overview).toBe('地域の販路を開拓する。');
    expect((await app.outbox({ reportId: report.id })).at(-1)).toEqual({
      type: 'correction.returned',
      payload: { comment: '③を事業の登録どおりに', planFollowed: true },
    });
  });

  describe('a correction corrects its year’s published edition', () => {
    const correcting = async (project: GrantProject) => {
      const report = await app.given.report(project, {
        status: ReportStatus.Published,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
      // Amended while the report was published: one for its own year, one only from a later year.
      await edit(project, { kpis: kpis(150), amendment: { effectiveFiscalYear: 2022, reason: '目標の引上げ' } });
      await edit(project, {
        planEndFiscalYear: 2026,
        amendment: { effectiveFiscalYear: 2023, reason: '計画期間の延長' },
      });
      await workflow.startCorrection(town.admin.actor, report.id, '④の実績額の誤記を訂正');
      return report;
    };
    const planOfReport = async (reportId: string) => {
      const { project, kpis: results } = await reports.get(town.planner.actor, reportId);
      return { planEndFiscalYear: project.planEndFiscalYear, target: results[0].definition.target };
    };

    it.each([
      ['returned by planning', (reportId: string) => workflow.returnCorrection(town.planner.actor, reportId, '再確認')],
      ['taken back by its owner', (reportId: string) => workflow.withdrawCorrection(town.owner.actor, reportId)],
    ])(
      'keeps the plan it was corrected with when %s, taking no amendment made before it started',
      async (_how, back) => {
        const report = await correcting(await app.given.project(town.department));
        expect(await planOfReport(report.id)).toEqual({ planEndFiscalYear: 2024, target: 120 });
        await workflow.submitCorrection(town.owner.actor, report.id);

        const returned = await back(report.id);

        expect(returned.status).toBe(ReportStatus.Correcting);
        expect(await planOfReport(report.id)).toEqual({ planEndFiscalYear: 2024, target: 120 });
        expect(await app.auditActions(report.id)).not.toContain('report.plan_followed');
      },
    );

    it('follows an edit of ③ without taking the amendments made before it started', async () => {
      const project = await app.given.project(town.department);
      const report = await correcting(project);

      await edit(project, { overview: '販路を全国に広げる。' });

      expect((await reports.get(town.planner.actor, report.id)).project.overview).toBe('販路を全国に広げる。');
      expect(await planOfReport(report.id)).toEqual({ planEndFiscalYear: 2024, target: 120 });
      expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
        action: 'report.plan_followed',
        details: { changes: [{ path: '/project/overview', after: '販路を全国に広げる。' }] },
      });
    });

    it('keeps the ①③ of its edition edited on the project while it was published, and follows an edit made since', async () => {
      const project = await app.given.project(town.department);
      const report = await app.given.report(project, {
        status: ReportStatus.Published,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
      // Rewritten for the years to come while the report was published: not what its year's edition says.
      await edit(project, { name: '販路開拓事業(来年度から)', overview: '来年度からは海外にも販路を広げる。' });
      await workflow.startCorrection(town.admin.actor, report.id, '④の実績額の誤記を訂正');
      await workflow.submitCorrection(town.owner.actor, report.id);
      await workflow.returnCorrection(town.planner.actor, report.id, '再確認');
      const edition = (await reports.edition(town.planner.actor, report.id, 1)).project;
      expect((await reports.get(town.planner.actor, report.id)).project).toMatchObject({
        name: edition.name,
        overview: edition.overview,
      });
      expect(await app.auditActions(report.id)).not.toContain('report.plan_followed');

      await edit(project, { overview: '地域の販路を開拓する(訂正)。' });

      expect((await reports.get(town.planner.actor, report.id)).project).toMatchObject({
        name: edition.name,
        overview: '地域の販路を開拓する(訂正)。',
      });
    });

    it('takes an amendment for its year made while it is open, even while submitted, and none for a later year', async () => {
      const project = await app.given.project(town.department);
      const report = await correcting(project);
      await edit(project, { kpis: kpis(110), amendment: { effectiveFiscalYear: 2021, reason: '目標の誤記を訂正' } });
      expect(await planOfReport(report.id)).toEqual({ planEndFiscalYear: 2024, target: 110 });
      await workflow.submitCorrection(town.owner.actor, report.id);
      await edit(project, { kpis: kpis(115), amendment: { effectiveFiscalYear: 2022, reason: '目標の再訂正' } });
      await edit(project, { planEndFiscalYear: 2027, amendment: { effectiveFiscalYear: 2023, reason: '再延長' } });

      await workflow.returnCorrection(town.planner.actor, report.id, '指標①を事業の登録どおりに');

      expect(await planOfReport(report.id)).toEqual({ planEndFiscalYear: 2024, target: 115 });
      expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
        action: 'report.plan_followed',
        details: { changes: [{ path: '/project/kpis/0/target', before: 110, after: 115 }] },
      });
    });
  });

  describe('a draft whose plan was amended while its form was open', () => {
    it('saves a section the plan does not touch, and refuses ⑤ naming the changed target', async () => {
      const project = await app.given.project(town.department);
      await app.given.report(project, { fiscalYear: 2021, status: ReportStatus.Submitted });
      const draft = await reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2022 });
      const opened = draft.version;
      await edit(project, { kpis: kpis(150), amendment: { effectiveFiscalYear: 2022, reason: '目標の引上げ' } });

      const saved = await reports.update(town.owner.actor, draft.id, {
        version: opened,
        effectNarrative: '商談件数が伸びた。',
      });
      const refusal = await refusalOf(
        reports.update(town.owner.actor, draft.id, {
          version: opened,
          kpiResults: [{ position: 1, latestValue: 130, latestAsOf: '2023-03' }],
        }),
      );

      expect(saved).toMatchObject({ version: opened + 2, effect: { narrative: '商談件数が伸びた。' } });
      expect(saved.kpis[0].definition.target).toBe(150);
      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.getResponse()).toMatchObject({
        details: { changes: [{ path: '/project/kpis/0/target', before: 120, after: 150 }] },
      });
    });

    it('refuses ⑤ naming a change of the plan period (②), whose years ⑤’s yearly results are entered for', async () => {
      const project = await app.given.project(town.department);
      const draft = await reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2022 });
      await edit(project, { planEndFiscalYear: 2026 });

      const refusal = await refusalOf(
        reports.update(town.owner.actor, draft.id, {
          version: draft.version,
          kpiResults: [{ position: 1, latestValue: 130, latestAsOf: '2023-03' }],
        }),
      );

      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.getResponse()).toMatchObject({
        details: { changes: [{ path: '/project/planEndFiscalYear', before: 2024, after: 2026 }] },
      });
    });
  });
});
