import { NotFoundException } from '@nestjs/common';
import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { type KpiLedgerView } from '../../../src/reports/ledger/kpi-ledger';
import { LedgerService } from '../../../src/reports/ledger/ledger.service';
import { KpiResult } from '../../../src/reports/report/kpi-result.entity';
import { type ResultReport } from '../../../src/reports/report/result-report.entity';
import { ReportsService } from '../../../src/reports/reports.service';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

/**
 * Comparing with last year: whoever reads a report reads the project's other years as the public record holds them
 * (each one's latest published edition), never what is not published — a withdrawn publication, a correction under
 * way, a decision or a draft of another year — unless they may read that report anyway.
 *
 * One project over five years: R2 published then withdrawn; R3 published (110) and now being corrected (999 typed,
 * not published); R4 published (115); R5 in expert review (124), expert A assigned; R6 a draft (130).
 */
describe('The published record of a project’s other years, for whoever reads one of its reports', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let ledgers: LedgerService;
  let reports: ReportsService;
  let workflow: WorkflowService;
  let project: GrantProject;
  const byYear: Record<number, ResultReport> = {};
  const idOf = (fiscalYear: number) => byYear[fiscalYear].id;

  /** A report of the year with 指標① at `latestValue`, then moved on: published (through the workflow) or `status`. */
  async function year(fiscalYear: number, latestValue: number, status: ReportStatus): Promise<void> {
    const published = status === ReportStatus.Published;
    const report = await app.given.report(project, {
      fiscalYear,
      status: published ? ReportStatus.Decided : status,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    await app.dataSource.getRepository(KpiResult).update({ reportId: report.id, position: 1 }, { latestValue });
    if (published) await workflow.publish(town.planner.actor, report.id);
    byYear[fiscalYear] = report;
  }

  beforeAll(async () => {
    app = await createMediumApp();
    ledgers = app.get(LedgerService);
    reports = app.get(ReportsService);
    workflow = app.get(WorkflowService);
    town = await app.given.municipality();
    project = await app.given.project(town.department, { planStartFiscalYear: 2020, planEndFiscalYear: 2024 });
    await year(2020, 104, ReportStatus.Published);
    await workflow.withdrawPublication(town.admin.actor, idOf(2020), '数値の誤り');
    await year(2021, 110, ReportStatus.Published);
    await workflow.startCorrection(town.admin.actor, idOf(2021), '最新値の誤り');
    await app.dataSource.getRepository(KpiResult).update({ reportId: idOf(2021), position: 1 }, { latestValue: 999 });
    await year(2022, 115, ReportStatus.Published);
    await year(2023, 124, ReportStatus.InExpertReview);
    await year(2024, 130, ReportStatus.Draft);
    await app.given.assignment(byYear[2023], town.expertA, { status: AssignmentStatus.Accepted });
  });

  afterAll(() => app?.close());

  const years = (ledger: KpiLedgerView) =>
    ledger.kpis[0].years.map((row) => [row.fiscalYear, row.reportId, row.readable, row.statusLabel, row.value]);

  describe('the KPI ledger', () => {
    it('gives an expert the published years as published beside their own report, and no other year', async () => {
      const ledger = await ledgers.ledger(town.expertA.actor, project.id);

      expect(ledger.reports.map((row) => [row.fiscalYear, row.id, row.readable, row.statusLabel])).toEqual([
        [2021, idOf(2021), false, '公表済'],
        [2022, idOf(2022), false, '公表済'],
        [2023, idOf(2023), true, '有識者意見照会中'],
      ]);
      // R3 as published (110), not the correction typed since (999); R2 withdrawn, R6 a draft: neither is shown.
      expect(years(ledger)).toEqual([
        [2021, idOf(2021), false, '公表済', 110],
        [2022, idOf(2022), false, '公表済', 115],
        [2023, idOf(2023), true, '有識者意見照会中', 124],
      ]);
    });

    it('gives the owning department its own reports as they stand, every year of them readable', async () => {
      const ledger = await ledgers.ledger(town.owner.actor, project.id);

      expect(years(ledger)).toEqual([
        [2020, idOf(2020), true, '公表取消', 104],
        [2021, idOf(2021), true, '訂正中', 999],
        [2022, idOf(2022), true, '公表済', 115],
        [2023, idOf(2023), true, '有識者意見照会中', 124],
        [2024, idOf(2024), true, '作成中', 130],
      ]);
    });

    it('stays not found for an expert who reads no report of the project, published years or not', async () => {
      expect(await refusalOf(ledgers.ledger(town.expertB.actor, project.id))).toBeInstanceOf(NotFoundException);
    });
  });

  describe('the year before a report’s', () => {
    it('is its latest published edition, for an expert only on the public site', async () => {
      const view = await reports.get(town.expertA.actor, idOf(2023));

      const previous = await reports.previousYear(town.expertA.actor, view);

      expect(previous).toMatchObject({ reportId: idOf(2022), fiscalYear: 2022, readable: false });
      expect(previous!.view.kpis[0].latestValue).toBe(115);
      expect(await reports.previousYear(town.owner.actor, view)).toMatchObject({
        reportId: idOf(2022),
        readable: true,
      });
    });

    it('is as published while a correction is under way, whoever reads it', async () => {
      const view = await reports.get(town.owner.actor, idOf(2022));

      const previous = await reports.previousYear(town.owner.actor, view);

      expect(previous).toMatchObject({ reportId: idOf(2021), readable: true });
      expect(previous!.view.kpis[0].latestValue).toBe(110);
    });

    it('is none when the year before is not on the public record: withdrawn, or not published yet', async () => {
      expect(await reports.previousYear(town.owner.actor, await reports.get(town.owner.actor, idOf(2021)))).toBeNull();
      expect(await reports.previousYear(town.owner.actor, await reports.get(town.owner.actor, idOf(2024)))).toBeNull();
    });

    it('opens on the public site for a one-click link session, which opens its own report only', async () => {
      const assignment = await app.given.assignment(byYear[2022], town.expertB, { status: AssignmentStatus.Accepted });
      await app.given.assignment(byYear[2023], town.expertB, { status: AssignmentStatus.Accepted });
      const view = await reports.get(town.expertB.actor, idOf(2023));
      const linkSession = {
        ...town.expertB.actor,
        linkScope: { organizationId: town.organization.id, reportId: idOf(2023), assignmentId: assignment.id },
      };

      expect(await reports.previousYear(town.expertB.actor, view)).toMatchObject({ readable: true });
      expect(await reports.previousYear(linkSession, view)).toMatchObject({ readable: false });
    });
  });
});
