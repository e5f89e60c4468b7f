import { NotFoundException } from '@nestjs/common';
import { Role } from '../../../src/access/role';
import { GrantProject } from '../../../src/projects/grant-project.entity';
import { KpiDefinition } from '../../../src/projects/kpi-definition.entity';
import { type KpiLedgerView, LedgerValueSource } from '../../../src/reports/ledger/kpi-ledger';
import { LedgerService } from '../../../src/reports/ledger/ledger.service';
import { KpiResult, type YearlyActual } from '../../../src/reports/report/kpi-result.entity';
import { ResultReport } from '../../../src/reports/report/result-report.entity';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

/**
 * 年度別KPI台帳: a project verified three years, its plan amended before the third (target 27 → 32, plan period
 * extended from 2022 to 2024). Each year is measured against its own year's plan and against the final target.
 */
describe('The KPI ledger of a project across its years', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let ledgers: LedgerService;
  let project: GrantProject;
  const reports: Record<number, ResultReport> = {};
  const idOf = (fiscalYear: number) => reports[fiscalYear].id;

  /** The plan as it stands now, written straight into the project's rows (what a plan amendment leaves behind). */
  async function plan(fields: { planEndFiscalYear: number; target: number; targetYearMonth: string }) {
    await app.dataSource
      .getRepository(GrantProject)
      .update({ id: project.id }, { planEndFiscalYear: fields.planEndFiscalYear });
    await app.dataSource.getRepository(KpiDefinition).update(
      { projectId: project.id, position: 1 },
      {
        name: '移住相談件数',
        baseline: 10,
        target: fields.target,
        unit: '件',
        targetYearMonth: fields.targetYearMonth,
      },
    );
  }

  /** A report of the year on the plan as it stands now, with its KPI result, then moved into `status`. */
  async function report(
    fiscalYear: number,
    status: ReportStatus,
    result: { latestValue: number; latestAsOf: string; isReference?: boolean; yearlyActuals?: YearlyActual[] },
  ): Promise<void> {
    const given = await app.given.report(project, {
      fiscalYear,
      status: status === ReportStatus.Published ? ReportStatus.Decided : status,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    await app.dataSource
      .getRepository(KpiResult)
      .update({ reportId: given.id, position: 1 }, { isReference: false, yearlyActuals: [], ...result });
    if (status === ReportStatus.Published)
      await app.dataSource.getRepository(ResultReport).update({ id: given.id }, { status, publishedAt: new Date() });
    reports[fiscalYear] = given;
  }

  beforeAll(async () => {
    app = await createMediumApp();
    ledgers = app.get(LedgerService);
    town = await app.given.municipality();
    project = await app.given.project(town.department, { planStartFiscalYear: 2020, planEndFiscalYear: 2022 });
    await plan({ planEndFiscalYear: 2022, target: 27, targetYearMonth: '2023-03' });
    await report(2020, ReportStatus.Published, { latestValue: 15, latestAsOf: '2021-03' });
    await report(2021, ReportStatus.Decided, { latestValue: 22, latestAsOf: '2022-03', isReference: true });
    // The amendment: the target raised and the period extended, in force for the third year's report.
    await plan({ planEndFiscalYear: 2024, target: 32, targetYearMonth: '2025-03' });
    await report(2022, ReportStatus.Submitted, {
      latestValue: 30,
      latestAsOf: '2023-03',
      // 釧路市-style actuals per year: 2019 has no report of its own, 2021's own 最新値 stays the record of 2021.
      yearlyActuals: [
        { fiscalYear: 2019, value: 8 },
        { fiscalYear: 2021, value: 99 },
      ],
    });
  });

  afterAll(() => app?.close());

  const yearsOf = (ledger: KpiLedgerView) => ledger.kpis[0].years;

  it('gives each year the target of its own report’s plan, and the final target of the latest plan', async () => {
    const ledger = await ledgers.ledger(town.planner.actor, project.id);

    expect(ledger.reports.map((row) => [row.fiscalYear, row.status, row.planPeriodLabel, row.planYearLabel])).toEqual([
      [2020, ReportStatus.Published, 'R2年度～R4年度', '初年度'],
      [2021, ReportStatus.Decided, 'R2年度～R4年度', '2年度目'],
      [2022, ReportStatus.Submitted, 'R2年度～R6年度', '3年度目'],
    ]);
    expect(ledger.project.planPeriodLabel).toBe('R2年度～R6年度');
    expect(ledger.kpis).toHaveLength(1);
    expect(ledger.kpis[0]).toMatchObject({
      position: 1,
      label: '指標①',
      final: { name: '移住相談件数', baseline: 10, target: 32, targetYearMonthLabel: 'R7.3月' },
    });
    expect(
      yearsOf(ledger).map((year) => [
        year.fiscalYear,
        year.reportId,
        year.definition?.target ?? null,
        year.definition?.targetYearMonthLabel ?? null,
      ]),
    ).toEqual([
      [2019, null, null, null],
      [2020, idOf(2020), 27, 'R5.3月'],
      [2021, idOf(2021), 27, 'R5.3月'],
      [2022, idOf(2022), 32, 'R7.3月'],
    ]);
  });

  it('measures each year’s actual against that year’s target and against the final target', async () => {
    const years = yearsOf(await ledgers.ledger(town.owner.actor, project.id));

    expect(
      years.map((year) => [
        year.fiscalYear,
        year.value,
        year.asOfLabel,
        year.isReference,
        year.valueSource,
        year.valueSourceFiscalYear,
        year.achievementPercent,
        year.finalAchievementPercent,
      ]),
    ).toEqual([
      // (8 − 10) / (32 − 10): a year known only from the third report's yearly actuals has no target of its own.
      [2019, 8, null, false, LedgerValueSource.YearlyActual, 2022, null, -9.1],
      [2020, 15, 'R3.3月', false, LedgerValueSource.LatestValue, 2020, 29.4, 22.7],
      [2021, 22, 'R4.3月', true, LedgerValueSource.LatestValue, 2021, 70.6, 54.5],
      [2022, 30, 'R5.3月', false, LedgerValueSource.LatestValue, 2022, 90.9, 90.9],
    ]);
  });

  it('lists the amendment between the second and the third year, and no change before it', async () => {
    const ledger = await ledgers.ledger(town.planner.actor, project.id);

    expect(ledger.amendments).toHaveLength(1);
    expect(ledger.amendments[0]).toMatchObject({ fromFiscalYear: 2021, fiscalYear: 2022 });
    expect(ledger.amendments[0].changes.map((change) => [change.position, change.field, change.text])).toEqual([
      [null, 'planPeriod', '実施計画期間 R2年度～R4年度 → R2年度～R6年度'],
      [1, 'target', '目標値 27 → 32'],
      [1, 'targetYearMonth', '目標年月 R5.3月 → R7.3月'],
    ]);
    expect(yearsOf(ledger).map((year) => year.changes.map((change) => change.text))).toEqual([
      [],
      [],
      [],
      ['実施計画期間 R2年度～R4年度 → R2年度～R6年度', '目標値 27 → 32', '目標年月 R5.3月 → R7.3月'],
    ]);
  });

  it('shows an expert only the years of the reports assigned to them', async () => {
    await app.given.assignment(reports[2022], town.expertA, { status: AssignmentStatus.Accepted });

    const ledger = await ledgers.ledger(town.expertA.actor, project.id);

    expect(ledger.reports.map((row) => row.fiscalYear)).toEqual([2022]);
    // 2021's report is not theirs: its year is known to them only from the actuals the 2022 report lists.
    expect(
      yearsOf(ledger).map((year) => [year.fiscalYear, year.reportId, year.definition?.target ?? null, year.value]),
    ).toEqual([
      [2019, null, null, 8],
      [2021, null, null, 99],
      [2022, idOf(2022), 32, 30],
    ]);
    expect(ledger.amendments).toEqual([]);
    expect(await refusalOf(ledgers.ledger(town.expertB.actor, project.id))).toBeInstanceOf(NotFoundException);
  });

  it('is not found for an owner of another department, even with no report at all', async () => {
    const elsewhere = await app.given.department(town.organization, '子育て支援部');
    const stranger = await app.given.user({
      organization: town.organization,
      roles: [Role.ProjectOwner],
      department: elsewhere,
    });
    expect(await refusalOf(ledgers.ledger(stranger.actor, project.id))).toBeInstanceOf(NotFoundException);

    const fresh = await app.given.project(town.department);
    const empty = await ledgers.ledger(town.owner.actor, fresh.id);
    expect(empty.reports).toEqual([]);
    expect(empty.kpis.map((kpi) => [kpi.label, kpi.final.target, kpi.years])).toEqual([['指標①', 120, []]]);
  });
});
