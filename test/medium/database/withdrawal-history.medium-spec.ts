import { WithdrawalHistory1796401000000 } from '../../../migrations/1796401000000-WithdrawalHistory';
import { feedEntries } from '../../../src/publication/public-feed';
import { PublicRecordService } from '../../../src/publication/public-record.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * Withdrawals announced before they were kept: those standing are recorded from the report's columns, so the feed's
 * entries stay as they were; those a corrected edition's publication cleared come back from the audit log.
 */
describe('Migration: the withdrawals of publications kept for good', () => {
  let app: MediumApp;
  const migration = new WithdrawalHistory1796401000000();

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  it('records the standing withdrawals as the feed named them, and the cleared ones from the audit log', async () => {
    const town = await app.given.municipality();
    const workflow = app.get(WorkflowService);
    const record = app.get(PublicRecordService);
    const organization = await record.organization(town.organization.localGovernmentCode);
    const entries = async () =>
      feedEntries(organization, 'koukai.example.jp', await record.recordEvents(organization, 50));
    const published = async (name: string) => {
      const report = await app.given.report(await app.given.project(town.department, { name }), {
        status: ReportStatus.Decided,
        fiscalYear: 2023,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
      await workflow.publish(town.planner.actor, report.id);
      return report.id;
    };
    const correctAndPublish = async (reportId: string, reason: string) => {
      await workflow.startCorrection(town.admin.actor, reportId, reason);
      await workflow.submitCorrection(town.owner.actor, reportId);
      await workflow.publish(town.planner.actor, reportId);
    };
    // Withdrawn twice, published again between; withdrawn now.
    const twice = await published('二度取り消した事業');
    await workflow.withdrawPublication(town.admin.actor, twice, '一度目の取消');
    await correctAndPublish(twice, '一度目の訂正');
    await workflow.withdrawPublication(town.admin.actor, twice, '二度目の取消');
    // Withdrawn, then published again.
    const again = await published('再公表した事業');
    await workflow.withdrawPublication(town.admin.actor, again, '再公表前の取消');
    await correctAndPublish(again, '再公表の訂正');
    await published('取り消していない事業');
    const kept = await entries();
    const withdrawals = kept.filter((entry) => entry.title.endsWith('の公表を取り消しました'));
    expect(withdrawals.map(({ summary }) => summary)).toEqual([
      '取消の理由: 再公表前の取消',
      '取消の理由: 二度目の取消',
      '取消の理由: 一度目の取消',
    ]);

    await app.asOwner(async (queryRunner) => {
      await migration.down(queryRunner);
      await migration.up(queryRunner);
    });

    const recorded = await entries();
    // The standing one keeps its id and moment; the cleared ones come back at the moment their audit entry was written.
    expect(recorded.find(({ summary }) => summary === '取消の理由: 二度目の取消')).toEqual(withdrawals[1]);
    expect(recorded.map(({ title, path, summary }) => ({ title, path, summary }))).toEqual(
      kept.map(({ title, path, summary }) => ({ title, path, summary })),
    );
    for (const [index, entry] of recorded.entries())
      expect(Math.abs(entry.updated.getTime() - kept[index].updated.getTime())).toBeLessThan(1000);
    const [{ editions }] = await app.dataSource.query<{ editions: number[] }[]>(
      `SELECT array_agg(edition ORDER BY withdrawn_at) AS editions FROM report_withdrawals WHERE report_id = $1`,
      [twice],
    );
    expect(editions).toEqual([1, 2]);
  });
});
