import { Client } from 'pg';
import { PolicyDecision } from '../../../src/reports/report/assessment';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

describe('ReportsService.unreportedOf: the projects that should report on a year and have no report of it', () => {
  let app: MediumApp;
  let reports: ReportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    reports = app.get(ReportsService);
  });

  afterAll(() => app?.close());

  /** A project planned for `plan`, whose report of `decidedIn` was decided (and published, unless told) with ⑧ `decision`. */
  async function decided(
    town: GivenMunicipality,
    plan: [number, number],
    decidedIn: number,
    decision: PolicyDecision,
    options: { status?: ReportStatus; label?: string; projectNumber?: string } = {},
  ) {
    const project = await app.given.project(town.department, {
      planStartFiscalYear: plan[0],
      planEndFiscalYear: plan[1],
      projectNumber: options.projectNumber ?? null,
    });
    const report = await app.given.report(project, {
      fiscalYear: decidedIn,
      status: options.status ?? ReportStatus.Published,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
      policyDecision: decision,
      policyDecisionLabel: options.label,
    });
    return { project, report };
  }

  const idsOf = (unreported: { project: { id: string } }[]) => unreported.map(({ project }) => project.id);

  it('lists a project whose plan period covers the year and that has no report of it, and none that has one', async () => {
    const town = await app.given.municipality();
    // Registered after the year was opened: nothing started its report.
    const registeredLate = await app.given.project(town.department, {
      planStartFiscalYear: 2025,
      planEndFiscalYear: 2027,
    });
    const reported = await app.given.project(town.department, { planStartFiscalYear: 2024, planEndFiscalYear: 2027 });
    await app.given.report(reported, { fiscalYear: 2026 });
    await app.given.project(town.department, { planStartFiscalYear: 2020, planEndFiscalYear: 2024 });
    await app.given.project(town.department, { planStartFiscalYear: 2027, planEndFiscalYear: 2029 });

    const unreported = await reports.unreportedOf(town.planner.actor, 2026);

    expect(unreported).toEqual([
      {
        project: expect.objectContaining({
          id: registeredLate.id,
          department: expect.objectContaining({ name: '経済部' }),
        }),
        decision: null,
      },
    ]);
  });

  it('lists a project whose ⑧ of the year before goes on though its registered plan period ended before the year', async () => {
    const town = await app.given.municipality();
    const continued = await decided(town, [2018, 2020], 2025, PolicyDecision.Continue, { label: '現状通り事業継続' });
    const expanded = await decided(town, [2019, 2020], 2025, PolicyDecision.Expand, { status: ReportStatus.Decided });
    // Decided two years before: it is not carried on forever (a 継続 may mean the municipality goes on alone).
    await decided(town, [2019, 2020], 2024, PolicyDecision.Revise);

    const unreported = await reports.unreportedOf(town.planner.actor, 2026);

    expect(idsOf(unreported).sort()).toEqual([continued.project.id, expanded.project.id].sort());
    expect(unreported.find(({ project }) => project.id === continued.project.id)!.decision).toEqual({
      reportId: continued.report.id,
      fiscalYear: 2025,
      decision: PolicyDecision.Continue,
      label: '現状通り事業継続',
    });
    expect(unreported.find(({ project }) => project.id === expanded.project.id)!.decision).toMatchObject({
      decision: PolicyDecision.Expand,
      label: '事業の発展',
    });
  });

  it('leaves out a project whose latest decided ⑧ ends it, even while its plan period covers the year', async () => {
    const town = await app.given.municipality();
    await decided(town, [2018, 2020], 2025, PolicyDecision.End);
    await decided(town, [2024, 2028], 2025, PolicyDecision.Stop);
    // Continued in 2024, then ended in 2025: the later decision stands.
    const endedLater = await decided(town, [2018, 2020], 2025, PolicyDecision.End);
    await app.given.report(endedLater.project, {
      fiscalYear: 2024,
      status: ReportStatus.Published,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
      policyDecision: PolicyDecision.Continue,
    });
    // Ended in 2024, then continued in 2025: it goes on.
    const resumed = await decided(town, [2018, 2020], 2025, PolicyDecision.Continue);
    await app.given.report(resumed.project, {
      fiscalYear: 2024,
      status: ReportStatus.Published,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
      policyDecision: PolicyDecision.End,
    });

    expect(idsOf(await reports.unreportedOf(town.planner.actor, 2026))).toEqual([resumed.project.id]);
  });

  it('counts only an approved ⑧ of an earlier year: not a proposal, nor a decision of the year or later', async () => {
    const town = await app.given.municipality();
    await decided(town, [2018, 2020], 2025, PolicyDecision.Continue, { status: ReportStatus.DecisionProposed });
    await decided(town, [2018, 2020], 2027, PolicyDecision.Continue);

    expect(await reports.unreportedOf(town.planner.actor, 2026)).toEqual([]);
  });

  it("lists the caller's organization's projects only, in list order (No, then name), in one query", async () => {
    const town = await app.given.municipality();
    const neighbour = await app.given.municipality();
    await app.given.project(neighbour.department, { planStartFiscalYear: 2026, planEndFiscalYear: 2028 });
    const tenth = await app.given.project(town.department, {
      projectNumber: '10',
      planStartFiscalYear: 2026,
      planEndFiscalYear: 2028,
    });
    const second = await decided(town, [2018, 2020], 2025, PolicyDecision.Continue, { projectNumber: '2' });
    const unnumbered = await app.given.project(town.department, { planStartFiscalYear: 2026, planEndFiscalYear: 2028 });

    const sent = jest.spyOn(Client.prototype, 'query');
    let unreported: Awaited<ReturnType<ReportsService['unreportedOf']>>;
    try {
      unreported = await reports.unreportedOf(town.admin.actor, 2026);
      expect(sent).toHaveBeenCalledTimes(1);
    } finally {
      sent.mockRestore();
    }

    expect(idsOf(unreported)).toEqual([second.project.id, tenth.id, unnumbered.id]);
  });

  it("shows a project owner their own departments' projects only", async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光課');
    const theirs = await app.given.project(town.department, { planStartFiscalYear: 2026, planEndFiscalYear: 2028 });
    await app.given.project(tourism, { planStartFiscalYear: 2026, planEndFiscalYear: 2028 });

    expect(idsOf(await reports.unreportedOf(town.owner.actor, 2026))).toEqual([theirs.id]);
  });
});
