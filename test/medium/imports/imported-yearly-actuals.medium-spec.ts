import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { ReportsService } from '../../../src/reports/reports.service';
import { type GivenMunicipality } from '../support/given';
import { kushiroSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** The sheet's first project, with actuals from R1 on. */
const K_BIZ = '釧路市ビジネスサポートセンターk-Bizを核とした「しごと創生」事業';

describe('Imports: the yearly actuals of an imported KPI table stay as the sheet has them', () => {
  let app: MediumApp;
  let imports: ImportsService;
  let reports: ReportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
    reports = app.get(ReportsService);
  });

  afterAll(() => app?.close());

  async function importDrafts(town: GivenMunicipality) {
    const settings = { departmentId: town.department.id, mode: ImportMode.Draft };
    const checked = await imports.dryRun(town.owner.actor, kushiroSheet(), settings);
    return { checked, imported: await imports.confirm(town.owner.actor, kushiroSheet(), settings, checked.checksum) };
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
});
