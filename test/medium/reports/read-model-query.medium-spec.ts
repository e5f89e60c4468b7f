import { KpiDefinition } from '../../../src/projects/kpi-definition.entity';
import { BudgetLine } from '../../../src/reports/report/budget-line.entity';
import { KpiResult } from '../../../src/reports/report/kpi-result.entity';
import { ReportEdition } from '../../../src/reports/report/report-edition.entity';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
import { PolicyDecision } from '../../../src/reports/report/assessment';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * A report's read model comes from one statement, one row per report, its one-to-many parts as JSON: what it returns
 * is what TypeORM returns for the same rows.
 */
describe("A report's read model in one statement", () => {
  let app: MediumApp;

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  it("reads a report's lines, results, KPIs and editions exactly as TypeORM reads their rows", async () => {
    const city = await app.given.municipality();
    const project = await app.given.project(city.department);
    const report = await app.given.report(project);
    const manager = app.dataSource.manager;
    await manager.insert(BudgetLine, {
      reportId: report.id,
      position: 1,
      name: '空白の行',
      budgetAmount: 9_007_199_254,
      budgetGrantAmount: null,
      actualAmount: null,
      actualGrantAmount: null,
    });
    await manager.insert(KpiResult, {
      reportId: report.id,
      position: 2,
      latestValue: 12.5,
      latestAsOf: null,
      isReference: true,
      yearlyActuals: [{ fiscalYear: 2021, value: 3.25 }],
    });
    await manager.insert(KpiDefinition, { projectId: project.id, position: 2, name: '来訪者数', unit: '人' });
    // A report keeps its year's KPIs in its plan copy; without one (rows older than the copies) it reads the project's.
    await manager.query('DELETE FROM report_plans WHERE report_id = $1', [report.id]);
    await manager.insert(
      ReportEdition,
      [2, 1].map((edition) => ({
        organizationId: city.organization.id,
        reportId: report.id,
        edition,
        reportVersion: edition,
        publishedAt: new Date(Date.UTC(2024, 5, edition, 3, 4, 5, 678)),
        correctionReason: edition > 1 ? '数値の誤りを訂正' : null,
        publishedBy: city.planner.id,
        policyCorrectedBy: edition > 1 ? [city.approver.id, city.planner.id] : null,
        snapshot: {} as ReportEdition['snapshot'],
        panelMemberNames: edition > 1 ? [] : ['山田 花子', '佐藤 一郎'],
      })),
    );

    const read = await app.get(ReportsRepository).loadFull(report.id);

    const byPosition = { order: { position: 'ASC' } } as const;
    expect(read!.budgetLines).toEqual(
      await manager.find(BudgetLine, { where: { reportId: report.id }, ...byPosition }),
    );
    expect(read!.kpiResults).toEqual(await manager.find(KpiResult, { where: { reportId: report.id }, ...byPosition }));
    expect(read!.project!.kpis).toEqual(
      await manager.find(KpiDefinition, { where: { projectId: project.id }, ...byPosition }),
    );
    expect(read!.editions).toEqual(
      await manager.find(ReportEdition, {
        where: { reportId: report.id },
        select: {
          id: true,
          edition: true,
          publishedAt: true,
          publishedBy: true,
          correctionReason: true,
          policyCorrectedBy: true,
        },
        order: { edition: 'ASC' },
      }),
    );
    expect(read!.budgetLines![1].budgetAmount).toBe(9_007_199_254);
    expect(read!.editions![0].publishedAt).toEqual(new Date(Date.UTC(2024, 5, 1, 3, 4, 5, 678)));
  });

  it('reads a report without lines, results or editions with empty lists', async () => {
    const city = await app.given.municipality();
    const report = await app.given.report(await app.given.project(city.department), { complete: false });

    const read = await app.get(ReportsRepository).loadFull(report.id);

    expect([read!.budgetLines, read!.kpiResults, read!.editions]).toEqual([[], [], []]);
  });

  it("reads the project's decided earlier years, each with its ⑤ results, inside the report's row", async () => {
    const city = await app.given.municipality();
    const project = await app.given.project(city.department);
    const decidedBy = { proposedBy: city.planner.id, approvedBy: city.approver.id };
    const published = await app.given.report(project, {
      status: ReportStatus.Published,
      fiscalYear: 2020,
      ...decidedBy,
    });
    await app.given.report(project, { status: ReportStatus.Decided, fiscalYear: 2021, ...decidedBy });
    const draft = await app.given.report(project, { fiscalYear: 2022 });
    const publishedLater = await app.given.report(project, {
      status: ReportStatus.Published,
      fiscalYear: 2023,
      ...decidedBy,
    });
    const reports = app.get(ReportsRepository);

    const read = await reports.loadFull(draft.id);

    const publishedResults = await app.dataSource.manager.find(KpiResult, {
      where: { reportId: published.id },
      order: { position: 'ASC' },
    });
    expect(publishedResults.length).toBeGreaterThan(0);
    expect(read!.publishedEarlier!.map(({ fiscalYear, kpiResults }) => ({ fiscalYear, kpiResults }))).toEqual([
      { fiscalYear: 2020, kpiResults: publishedResults },
    ]);
    expect(read!.previousDecision).toMatchObject({ fiscalYear: 2021, decision: PolicyDecision.Continue });
    // A published report is read as it was published: no earlier year is attached to it.
    expect((await reports.loadFull(publishedLater.id))!.publishedEarlier).toBeUndefined();
  });
});
