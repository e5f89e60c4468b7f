import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { KpiResult } from '../../../src/reports/report/kpi-result.entity';
import { ResultReport } from '../../../src/reports/report/result-report.entity';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { type GivenMunicipality } from '../support/given';
import { asahikawaSheet, kushiroSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** The sheet's first project, with actuals from R1 on. */
const K_BIZ = '釧路市ビジネスサポートセンターk-Bizを核とした「しごと創生」事業';

describe('Imports: an imported draft’s yearly actuals are the sheet’s, the published record’s where it has none', () => {
  let app: MediumApp;
  let imports: ImportsService;
  let reports: ReportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
    reports = app.get(ReportsService);
  });

  afterAll(() => app?.close());

  async function importDrafts(town: GivenMunicipality, sheet = kushiroSheet) {
    const settings = { departmentId: town.department.id, mode: ImportMode.Draft };
    const checked = await imports.dryRun(town.owner.actor, sheet(), settings);
    return { checked, imported: await imports.confirm(town.owner.actor, sheet(), settings, checked.checksum) };
  }

  /** The owner saves ⑤ of an imported draft back as it was read, as the report form sends what it showed. */
  async function saveBack(town: GivenMunicipality, reportId: string) {
    const view = await reports.get(town.owner.actor, reportId);
    const kpiResults = view.kpis.map((kpi) => ({
      position: kpi.definition.position,
      latestValue: kpi.latestValue,
      yearlyActuals: kpi.yearlyActuals,
    }));
    const saved = await reports.update(town.owner.actor, reportId, { version: view.version, kpiResults });
    return {
      planStart: view.project.planStartFiscalYear,
      read: view.kpis.map((kpi) => kpi.yearlyActuals),
      saved: saved.kpis.map((kpi) => kpi.yearlyActuals),
    };
  }

  it('on new projects: every draft saves back as imported', async () => {
    const town = await app.given.municipality();
    const { imported } = await importDrafts(town);

    for (const { reportId } of imported.reports) {
      const { read, saved } = await saveBack(town, reportId);
      expect(saved).toEqual(read);
    }
  });

  it('on a stored project whose plan starts later than the sheet’s actuals: kept, and the draft saves back as imported', async () => {
    const town = await app.given.municipality();
    await app.given.project(town.department, { name: K_BIZ, planStartFiscalYear: 2021, planEndFiscalYear: 2024 });
    const { checked, imported } = await importDrafts(town);
    const linked = imported.reports[checked.reports.findIndex((report) => report.project.name === K_BIZ)];

    const { planStart, read, saved } = await saveBack(town, linked.reportId);

    expect(planStart).toBe(2021);
    expect(read[0].map((actual) => actual.fiscalYear)).toEqual([2019, 2020, 2021, 2022]);
    expect(saved).toEqual(read);
  });

  it('over a published earlier year: a year the sheet leaves empty takes the published value, one it gives keeps the sheet’s; the dry run shows both', async () => {
    const town = await app.given.municipality();
    const project = await app.given.project(town.department, {
      name: K_BIZ,
      planStartFiscalYear: 2019,
      planEndFiscalYear: 2024,
    });
    // R3 published with 指標① at 24 (the sheet says 25) and 指標③ at 41, whose R3 cell the sheet leaves empty.
    const r3 = await app.given.report(project, {
      fiscalYear: 2021,
      status: ReportStatus.Decided,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    const results = app.dataSource.getRepository(KpiResult);
    await results.update({ reportId: r3.id, position: 1 }, { latestValue: 24, latestAsOf: '2022-03' });
    await results.insert({
      reportId: r3.id,
      position: 3,
      latestValue: 41,
      latestAsOf: '2022-03',
      isReference: false,
      yearlyActuals: [],
    });
    await app.dataSource
      .getRepository(ResultReport)
      .update({ id: r3.id }, { status: ReportStatus.Published, publishedAt: new Date() });
    const r3LeftEmpty = () => kushiroSheet((text) => text.replace('\t-\t43\t43\t25', '\t-\t43\t-\t25'));
    const { checked, imported } = await importDrafts(town, r3LeftEmpty);
    const linked = imported.reports[checked.reports.findIndex((report) => report.project.name === K_BIZ)];

    const view = await reports.get(town.owner.actor, linked.reportId);

    expect(linked).toMatchObject({ projectId: project.id, fiscalYear: 2022, status: ReportStatus.Draft });
    expect(view.kpis.map((kpi) => [kpi.definition.position, kpi.yearlyActuals])).toEqual([
      [
        1,
        [
          { fiscalYear: 2019, value: 21 },
          { fiscalYear: 2020, value: 6 },
          { fiscalYear: 2021, value: 25 },
          { fiscalYear: 2022, value: 18 },
        ],
      ],
      [
        2,
        [
          { fiscalYear: 2019, value: 1581 },
          { fiscalYear: 2020, value: 2124 },
          { fiscalYear: 2021, value: 1832 },
          { fiscalYear: 2022, value: 2026 },
        ],
      ],
      [
        3,
        [
          { fiscalYear: 2019, value: null },
          { fiscalYear: 2020, value: 43 },
          { fiscalYear: 2021, value: 41 },
          { fiscalYear: 2022, value: 25 },
        ],
      ],
    ]);
    // The sheet's R3 of 指標① is kept, and flagged as a hand-typed one would be.
    expect(view.warnings.filter((warning) => warning.code === 'kpi_year_differs_from_published')).toEqual([
      expect.objectContaining({
        path: '/kpiResults/0/yearlyActuals/2/value',
        typed: 25,
        published: { fiscalYear: 2021, value: 24, asOf: '2022-03' },
      }),
    ]);
    // The dry run showed the same ⑤, the published year marked, and warned of the sheet's differing R3.
    const dryRun = checked.reports.find((report) => report.project.name === K_BIZ)!;
    expect(dryRun.kpiResults.map((result) => [result.yearlyActuals, result.carriedYears])).toEqual(
      view.kpis.map((kpi) => [kpi.yearlyActuals, kpi.definition.position === 3 ? [2021] : []]),
    );
    expect(dryRun.warnings.filter((issue) => issue.code === 'kpi_year_differs_from_published')).toEqual([
      {
        severity: 'warning',
        code: 'kpi_year_differs_from_published',
        path: `/reports/${dryRun.index}/kpiResults/0/yearlyActuals/2/value`,
        message:
          '⑤指標①: R3年度の実績 25 が、R3年度の報告で公表した最新値 24 と異なります。下書きにはファイルの値が入り、注意として残ります。',
      },
    ]);
    expect(checked.counts.warnings).toBe(
      checked.warnings.length + checked.reports.reduce((sum, report) => sum + report.warnings.length, 0),
    );
  });

  it('over a published earlier year, from a ①–⑧ sheet without yearly actuals: the draft and its dry run list the published years', async () => {
    const town = await app.given.municipality();
    const history = { departmentId: town.department.id, mode: ImportMode.Published, publishedOn: '2023-09-29' };
    const r4 = await imports.dryRun(town.admin.actor, asahikawaSheet(), history);
    await imports.confirm(town.admin.actor, asahikawaSheet(), history, r4.checksum);
    // The sheet's No.1 (planned R3–R5) as its R5 report.
    const r5 = () =>
      asahikawaSheet((text) =>
        text
          .slice(0, text.indexOf('No\t', text.indexOf('No\t') + 1))
          .replaceAll('R4年度の実施年数', 'R5年度の実施年数')
          .replaceAll('令和4年度', '令和5年度'),
      );

    const { checked, imported } = await importDrafts(town, r5);
    const view = await reports.get(town.owner.actor, imported.reports[0].reportId);

    expect(checked.reports[0]).toMatchObject({ fiscalYear: 2023, project: { action: 'link' } });
    expect(checked.reports[0].kpiResults.map((result) => result.carriedYears)).toEqual([[2022], [2022], [2022]]);
    expect(view.kpis.map((kpi) => [kpi.latestValue, kpi.yearlyActuals])).toEqual([
      [124, [{ fiscalYear: 2022, value: 124 }]],
      [22, [{ fiscalYear: 2022, value: 22 }]],
      [99, [{ fiscalYear: 2022, value: 99 }]],
    ]);
  });
});
