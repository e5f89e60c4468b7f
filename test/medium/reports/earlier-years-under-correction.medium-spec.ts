import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { KpiResult } from '../../../src/reports/report/kpi-result.entity';
import { type ReportView } from '../../../src/reports/report/report-view';
import { type ResultReport } from '../../../src/reports/report/result-report.entity';
import { ReportsService } from '../../../src/reports/reports.service';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * A later year's report compares with an earlier year as the public reads it: while the earlier report is being
 * corrected (訂正), its latest edition, not the correction typed since; once the correction is published, that.
 *
 * R4 published with 指標① at 121 (R5.3月); R5 in expert review with 124 for the same month, expert A assigned. A
 * publication withdrawn (公表の取消) is off the public record, so a later year has no published R4 to compare with.
 */
describe('An earlier year under correction, as a later report compares with it', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let reports: ReportsService;
  let workflow: WorkflowService;
  let project: GrantProject;
  let earlier: ResultReport;
  let later: ResultReport;

  beforeAll(async () => {
    app = await createMediumApp();
    reports = app.get(ReportsService);
    workflow = app.get(WorkflowService);
    town = await app.given.municipality();
    project = await app.given.project(town.department, { planStartFiscalYear: 2022, planEndFiscalYear: 2026 });
    const decidedBy = { proposedBy: town.planner.id, approvedBy: town.approver.id };
    earlier = await app.given.report(project, { fiscalYear: 2022, status: ReportStatus.Decided, ...decidedBy });
    await app.dataSource.getRepository(KpiResult).update({ reportId: earlier.id, position: 1 }, { latestValue: 121 });
    await workflow.publish(town.planner.actor, earlier.id);
    later = await app.given.report(project, { fiscalYear: 2023, status: ReportStatus.InExpertReview });
    await app.given.assignment(later, town.expertA, { status: AssignmentStatus.Accepted });
  });

  afterAll(() => app?.close());

  /** R4 as the R5 report shows it: its year's value, and the published value R5's 最新値 is checked against. */
  const r4AsSeenBy = async (reader: GivenMunicipality['owner']) => {
    const view: ReportView = await reports.get(reader.actor, later.id);
    return {
      earlierYears: view.kpis[0].earlierYears.map(({ fiscalYear, value, published }) => ({
        fiscalYear,
        value,
        published,
      })),
      differsFrom: view.warnings.find((warning) => warning.code === 'kpi_differs_from_published')?.published,
    };
  };

  it('is its latest published edition while the correction is typed and submitted, for owner and expert alike', async () => {
    const opened = await workflow.startCorrection(town.admin.actor, earlier.id, '最新値の誤り');
    await reports.update(town.owner.actor, earlier.id, {
      version: opened.version,
      kpiResults: [{ position: 1, latestValue: 123, latestAsOf: '2023-03', isReference: false, yearlyActuals: [] }],
    });
    const asPublished = {
      earlierYears: [{ fiscalYear: 2022, value: 121, published: true }],
      differsFrom: { fiscalYear: 2022, value: 121, asOf: '2023-03' },
    };

    expect(await r4AsSeenBy(town.owner)).toEqual(asPublished);
    expect(await r4AsSeenBy(town.expertA)).toEqual(asPublished);
    await workflow.submitCorrection(town.owner.actor, earlier.id);
    expect(await r4AsSeenBy(town.expertA)).toEqual(asPublished);
  });

  it('is the corrected value once the correction is published', async () => {
    await workflow.publish(town.planner.actor, earlier.id);

    const asCorrected = {
      earlierYears: [{ fiscalYear: 2022, value: 123, published: true }],
      differsFrom: { fiscalYear: 2022, value: 123, asOf: '2023-03' },
    };
    expect(await r4AsSeenBy(town.owner)).toEqual(asCorrected);
    expect(await r4AsSeenBy(town.expertA)).toEqual(asCorrected);
  });

  /** 年度ごとの実績 of 指標① that a new draft of the year is stored with, from the published record. */
  const startedActuals = async (fiscalYear: number) =>
    (await reports.create(town.owner.actor, { projectId: project.id, fiscalYear })).kpis[0].yearlyActuals;

  it('starts a new year’s draft from its latest published edition while a second correction is typed', async () => {
    const opened = await workflow.startCorrection(town.admin.actor, earlier.id, '再訂正');
    await reports.update(town.owner.actor, earlier.id, {
      version: opened.version,
      kpiResults: [{ position: 1, latestValue: 125, latestAsOf: '2023-03', isReference: false, yearlyActuals: [] }],
    });

    expect(await startedActuals(2024)).toEqual([{ fiscalYear: 2022, value: 123 }]);
  });

  it('flags the value a later draft copied once the correction publishes another, until confirmed', async () => {
    await workflow.submitCorrection(town.owner.actor, earlier.id);
    await workflow.publish(town.planner.actor, earlier.id);

    const [draft] = await app.dataSource.query<{ id: string }[]>(
      'SELECT id FROM result_reports WHERE project_id = $1 AND fiscal_year = 2024',
      [project.id],
    );
    const view = await reports.get(town.owner.actor, draft.id);
    expect(view.kpis[0].yearlyActuals).toEqual([{ fiscalYear: 2022, value: 123 }]);
    expect(view.warnings.filter((warning) => warning.code === 'kpi_year_differs_from_published')).toEqual([
      expect.objectContaining({
        path: '/kpiResults/0/yearlyActuals/0/value',
        typed: 123,
        published: { fiscalYear: 2022, value: 125, asOf: '2023-03' },
        acknowledged: false,
      }),
    ]);
    expect(view.submission.problems.map((problem) => problem.path)).toContain('/kpiResults/0/yearlyActuals/0/value');
  });

  it('is no published year once its publication is withdrawn, even while it is corrected again', async () => {
    await workflow.withdrawPublication(town.admin.actor, earlier.id, '個人情報の記載');
    await workflow.startCorrection(town.admin.actor, earlier.id, '該当箇所の削除');

    const seen = await r4AsSeenBy(town.expertA);
    expect(seen.earlierYears.filter(({ published }) => published)).toEqual([]);
    expect(seen.differsFrom).toBeUndefined();
    expect(await startedActuals(2025)).toEqual([]);
  });
});
