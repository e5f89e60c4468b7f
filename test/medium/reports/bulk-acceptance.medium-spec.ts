import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import { ReviewsService } from '../../../src/reports/reviews/reviews.service';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { BulkAcceptanceService } from '../../../src/reports/workflow/bulk-acceptance.service';
import { ChangedSinceListedException } from '../../../src/reports/workflow/bulk-changes';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { dueInDays, type GivenMunicipality } from '../support/given';
import { createMediumApp, detailPaths, type MediumApp, refusalOf } from '../support/medium-app';

describe('BulkAcceptanceService: several submitted reports of a year accepted at once (一括受理)', () => {
  let app: MediumApp;
  let acceptances: BulkAcceptanceService;

  beforeAll(async () => {
    app = await createMediumApp();
    acceptances = app.get(BulkAcceptanceService);
  });

  afterAll(() => app?.close());

  /** A municipality of its own, so that what its year lists is what the specification put there. */
  async function townWith(...statuses: ReportStatus[]) {
    const town = await app.given.municipality();
    const reports = [];
    for (const status of statuses)
      reports.push(await app.given.report(await app.given.project(town.department), { status }));
    return { town, reports };
  }

  const bulkEntriesOf = async (plannerId: string): Promise<Record<string, unknown>[]> =>
    (
      await app.dataSource.query(
        `SELECT details FROM audit_entries WHERE action = 'reports.bulk_accepted' AND actor_user_id = $1`,
        [plannerId],
      )
    ).map((row: { details: Record<string, unknown> }) => row.details);

  const panel = (town: GivenMunicipality) => ({ experts: [town.expertA.id, town.expertB.id], dueDate: dueInDays(14) });

  it('lists the submitted reports of the year only, as the choices of the form', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted, ReportStatus.Draft, ReportStatus.Submitted);
    await app.given.report(await app.given.project(town.department), {
      status: ReportStatus.Submitted,
      fiscalYear: 2023,
    });

    const listed = await acceptances.acceptable(town.planner.actor, 2022);

    expect(listed.map((item) => item.id).sort()).toEqual([reports[0].id, reports[2].id].sort());
    expect(listed[0]).toEqual(expect.objectContaining({ projectName: expect.any(String), departmentName: '経済部' }));
  });

  it('accepts each chosen report as one accepted alone: its assignments, audit entry and requests to each expert', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted, ReportStatus.Submitted, ReportStatus.Submitted);
    const [first, second, notChosen] = reports;
    const request = panel(town);

    const view = await acceptances.accept(town.planner.actor, 2022, [first.id, second.id], request);

    expect(view).toMatchObject({ fiscalYear: 2022, fiscalYearLabel: 'R4年度', ...request });
    expect(view.accepted.map((item) => item.id).sort()).toEqual([first.id, second.id].sort());
    for (const report of [first, second]) {
      expect((await app.footprint(report.id)).status).toBe(ReportStatus.InExpertReview);
      const assignments = await app.get(ReviewsService).listAssignments(town.planner.actor, report.id);
      expect(assignments.map(({ expertUserId, status, dueDate }) => ({ expertUserId, status, dueDate }))).toEqual(
        expect.arrayContaining([
          { expertUserId: town.expertA.id, status: AssignmentStatus.Pending, dueDate: request.dueDate },
          { expertUserId: town.expertB.id, status: AssignmentStatus.Pending, dueDate: request.dueDate },
        ]),
      );
      expect(await app.auditEntries(report.id)).toEqual([
        {
          action: 'report.accepted',
          details: expect.objectContaining({
            ...request,
            bulk: true,
            fromStatus: ReportStatus.Submitted,
            toStatus: ReportStatus.InExpertReview,
            assignmentIds: expect.arrayContaining(assignments.map((assignment) => assignment.id)),
          }),
        },
      ]);
      const requests = (await app.outbox({ reportId: report.id })).filter((row) => row.type === 'expert.assigned');
      expect(requests.map((row) => row.payload.expertUserId).sort()).toEqual(request.experts.slice().sort());
    }
    expect((await app.footprint(notChosen.id)).status).toBe(ReportStatus.Submitted);
    const [whole] = await app.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'reports.bulk_accepted' AND actor_user_id = $1`,
      [town.planner.id],
    );
    expect(whole.details).toMatchObject({ fiscalYear: 2022, count: 2, ...request });
  });

  it('accepts nothing when one report named is no longer submitted, and names it by its place in the request', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted, ReportStatus.Draft);
    const [submitted, returned] = reports;
    const before = await app.footprint(submitted.id);

    const refusal = await refusalOf(
      acceptances.accept(town.planner.actor, 2022, [submitted.id, returned.id], panel(town)),
    );

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.message).toContain(returned.id);
    expect(detailPaths(refusal)).toEqual(['/reportIds/1']);
    expect(await app.footprint(submitted.id)).toEqual(before);
  });

  it('accepts nothing when a report was resubmitted since the list showed it, and says which and at what version', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted, ReportStatus.Submitted);
    const [unchanged, resubmitted] = reports;
    const listed = await acceptances.acceptable(town.planner.actor, 2022);
    const versionOf = (id: string) => listed.find((item) => item.id === id)!.version;
    const workflow = app.get(WorkflowService);
    await workflow.withdraw(town.owner.actor, resubmitted.id);
    await workflow.submit(town.owner.actor, resubmitted.id);
    const before = await Promise.all(reports.map((report) => app.footprint(report.id)));

    const refusal = await refusalOf(
      acceptances.accept(town.planner.actor, 2022, [unchanged.id, resubmitted.id], panel(town), [
        versionOf(unchanged.id),
        versionOf(resubmitted.id),
      ]),
    );

    expect(refusal).toBeInstanceOf(ChangedSinceListedException);
    expect(detailPaths(refusal)).toEqual(['/reportIds/1']);
    expect((refusal as ChangedSinceListedException).changed).toEqual([
      expect.objectContaining({
        reportId: resubmitted.id,
        status: ReportStatus.Submitted,
        readVersion: versionOf(resubmitted.id),
        version: before[1].version,
      }),
    ]);
    expect(await Promise.all(reports.map((report) => app.footprint(report.id)))).toEqual(before);
    expect(await bulkEntriesOf(town.planner.id)).toEqual([]);
  });

  it('refuses on the confirmation page already what confirming would refuse: a report changed since it was listed', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted);
    const [{ version }] = await acceptances.acceptable(town.planner.actor, 2022);
    await app.get(WorkflowService).withdraw(town.owner.actor, reports[0].id);

    const refusal = await refusalOf(acceptances.stillAcceptable(town.planner.actor, 2022, [reports[0].id], [version]));

    expect((refusal as ChangedSinceListedException).changed).toEqual([
      expect.objectContaining({ reportId: reports[0].id, status: ReportStatus.Draft, readVersion: version }),
    ]);
  });

  it('accepts reports all at the versions listed, with one audit entry of the batch naming them and their versions', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted, ReportStatus.Submitted);
    const listed = await acceptances.acceptable(town.planner.actor, 2022);
    const reportIds = listed.map((item) => item.id);
    const versions = listed.map((item) => item.version);

    const view = await acceptances.accept(town.planner.actor, 2022, reportIds, panel(town), versions);

    expect(view.accepted.map((item) => item.id).sort()).toEqual(reports.map((report) => report.id).sort());
    for (const report of reports) expect((await app.footprint(report.id)).status).toBe(ReportStatus.InExpertReview);
    expect(await bulkEntriesOf(town.planner.id)).toEqual([
      expect.objectContaining({ count: 2, reportIds, versions, fiscalYear: 2022 }),
    ]);
  });

  it('lets one of two acceptances of the same report through; the other names it and accepts nothing', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted, ReportStatus.Submitted);
    const [shared, other] = reports;

    const outcomes = await Promise.allSettled([
      acceptances.accept(town.planner.actor, 2022, [shared.id], panel(town)),
      acceptances.accept(town.approver.actor, 2022, [other.id, shared.id], panel(town)),
    ]);

    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
    expect(refused).toEqual([expect.any(ConflictException)]);
    expect(refused[0].message).toContain(shared.id);
    expect(await app.auditActions(shared.id)).toEqual(['report.accepted']);
    // Whichever lost, the report only it named was left as it was, or accepted by it alone.
    expect((await app.auditActions(other.id)).length).toBe(outcomes[1].status === 'fulfilled' ? 1 : 0);
  });

  it('refuses the whole acceptance for an expert who may not be asked (400), as the single acceptance does', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted, ReportStatus.Submitted);
    const before = await Promise.all(reports.map((report) => app.footprint(report.id)));

    const refusal = await refusalOf(
      acceptances.accept(
        town.planner.actor,
        2022,
        reports.map((report) => report.id),
        { experts: [town.expertA.id, town.owner.id], dueDate: dueInDays(14) },
      ),
    );

    expect(refusal).toBeInstanceOf(BadRequestException);
    expect(detailPaths(refusal)).toEqual(['/experts/1']);
    expect(await Promise.all(reports.map((report) => app.footprint(report.id)))).toEqual(before);
  });

  it('is for the planning division only: the owning department is refused (403) and nothing is written', async () => {
    const { town, reports } = await townWith(ReportStatus.Submitted);
    const before = await app.footprint(reports[0].id);

    const refusal = await refusalOf(acceptances.accept(town.owner.actor, 2022, [reports[0].id], panel(town)));

    expect(refusal).toBeInstanceOf(ForbiddenException);
    expect(await app.footprint(reports[0].id)).toEqual(before);
  });
});
