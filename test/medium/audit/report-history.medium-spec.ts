import { AuditTrail } from '../../../src/audit/audit-trail';
import { actorEvent, AuditLog } from '../../../src/audit/audit-log';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** What made each version of a report, as its 更新履歴 names it: the entry that recorded that version. */
describe('AuditTrail.actionsByReportVersion', () => {
  let app: MediumApp;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  it('names each version by the step that made it, and not by a later entry at the same version', async () => {
    const report = await app.given.report(await app.given.project(town.department));
    const workflow = app.get(WorkflowService);
    const submitted = await workflow.submit(town.owner.actor, report.id);
    const returned = await workflow.returnToDraft(town.planner.actor, report.id, '指標の時点を確認してください。');
    // An export records the version it read, and makes none.
    await app.dataSource.transaction((manager) =>
      app
        .get(AuditLog)
        .append(
          manager,
          actorEvent(
            town.planner.actor,
            'report.exported',
            { type: 'report', id: report.id },
            { version: returned.version },
          ),
        ),
    );

    const actions = await app.get(AuditTrail).actionsByReportVersion(town.organization.id, report.id);

    expect(actions.get(submitted.version)).toBe('report.submitted');
    expect(actions.get(returned.version)).toBe('report.returned');
  });

  it("says nothing of another organization's report", async () => {
    const elsewhere = await app.given.municipality();
    const report = await app.given.report(await app.given.project(elsewhere.department), {
      status: ReportStatus.Draft,
    });
    await app.get(WorkflowService).submit(elsewhere.owner.actor, report.id);
    expect((await app.get(AuditTrail).actionsByReportVersion(town.organization.id, report.id)).size).toBe(0);
  });
});
