import { feedEntries } from '../../../src/publication/public-feed';
import { publicPaths } from '../../../src/publication/public-paths';
import { type PublicOrganization, PublicRecordService } from '../../../src/publication/public-record.service';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const HOST = 'koukai.example.jp';

describe('The entries of a municipality’s feed: the changes of its public record, newest first', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let record: PublicRecordService;
  let workflow: WorkflowService;
  let reports: ReportsService;
  let organization: PublicOrganization;

  beforeAll(async () => {
    app = await createMediumApp();
    record = app.get(PublicRecordService);
    workflow = app.get(WorkflowService);
    reports = app.get(ReportsService);
    town = await app.given.municipality();
    organization = await record.organization(town.organization.localGovernmentCode);
  });

  afterAll(() => app?.close());

  /** A decided report of a project of its own, in FY2023 (令和5年度). */
  async function decided(name: string) {
    return app.given.report(await app.given.project(town.department, { name }), {
      status: ReportStatus.Decided,
      fiscalYear: 2023,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
  }
  const entries = async (limit = 50) => feedEntries(organization, HOST, await record.recordEvents(organization, limit));
  const reportPath = (reportId: string) => publicPaths.report(organization.code, reportId);

  it('has no entry of a report never published', async () => {
    await decided('公表していない事業');

    expect(await entries()).toEqual([]);
  });

  it('announces a publication as 第1版, linking to the report’s page, at the moment it was written', async () => {
    const report = await decided('公表する事業');
    await workflow.publish(town.planner.actor, report.id);

    const [entry] = await entries();

    const [{ recordedAt }] = await app.dataSource.query<{ recordedAt: Date }[]>(
      `SELECT recorded_at AS "recordedAt" FROM report_editions WHERE report_id = $1`,
      [report.id],
    );
    expect(entry).toEqual({
      id: `tag:${HOST},${recordedAt.toISOString().slice(0, 10)}:${organization.code}/reports/${report.id}/editions/1`,
      title: '令和5年度 公表する事業 事業実施結果報告を公表しました（第1版）',
      path: reportPath(report.id),
      updated: recordedAt,
      summary: null,
    });
  });

  it('shows nothing of a correction under way, then announces the corrected edition with its reason', async () => {
    const report = await decided('訂正する事業');
    await workflow.publish(town.planner.actor, report.id);
    const opened = await workflow.startCorrection(town.admin.actor, report.id, 'KPIの単位の誤記');
    await reports.update(town.owner.actor, report.id, { version: opened.version, effectNarrative: '訂正中の下書き' });
    await workflow.submitCorrection(town.owner.actor, report.id);

    const during = await entries();
    expect(during[0]).toMatchObject({ title: expect.stringContaining('訂正する事業'), path: reportPath(report.id) });
    expect(JSON.stringify(during)).not.toMatch(/KPIの単位の誤記|訂正中の下書き|第2版/);

    await workflow.publish(town.planner.actor, report.id);
    const after = await entries();

    expect(after.slice(0, 2)).toEqual([
      expect.objectContaining({
        title: '令和5年度 訂正する事業 事業実施結果報告を訂正しました（第2版）',
        path: reportPath(report.id),
        summary: '訂正の理由: KPIの単位の誤記',
      }),
      expect.objectContaining({
        id: during[0].id,
        title: '令和5年度 訂正する事業 事業実施結果報告を公表しました（第1版）',
        path: publicPaths.edition(organization.code, report.id, 1),
        updated: during[0].updated,
      }),
    ]);
  });

  it('announces a withdrawal with its reason, and links each entry of the withdrawn report to its notice', async () => {
    const report = await decided('取り消す事業');
    await workflow.publish(town.planner.actor, report.id);
    await workflow.startCorrection(town.admin.actor, report.id, '取消前の訂正');
    await workflow.submitCorrection(town.owner.actor, report.id);
    await workflow.publish(town.planner.actor, report.id);
    await workflow.withdrawPublication(town.admin.actor, report.id, '個人情報の記載');

    const ofReport = (await entries()).filter((entry) => entry.title.includes('取り消す事業'));

    expect(ofReport).toEqual([
      expect.objectContaining({
        id: expect.stringMatching(new RegExp(`^tag:${HOST},\\d{4}-\\d{2}-\\d{2}:.*/${report.id}/withdrawals/\\d+$`)),
        title: '令和5年度 取り消す事業 事業実施結果報告の公表を取り消しました',
        summary: '取消の理由: 個人情報の記載',
      }),
      expect.objectContaining({ title: expect.stringContaining('訂正しました（第2版）'), summary: null }),
      expect.objectContaining({ title: expect.stringContaining('公表しました（第1版）') }),
    ]);
    expect(ofReport.map((entry) => entry.path)).toEqual(Array(3).fill(reportPath(report.id)));
    expect((await entries())[0]).toEqual(ofReport[0]);
  });

  it('keeps a withdrawal on the record when a correction makes the report public again, and each later one', async () => {
    const report = await decided('再公表する事業');
    await workflow.publish(town.planner.actor, report.id);
    await workflow.withdrawPublication(town.admin.actor, report.id, '誤った数値の公表');
    const [withdrawal] = await entries();
    await workflow.startCorrection(town.admin.actor, report.id, '数値の訂正');
    await workflow.submitCorrection(town.owner.actor, report.id);
    await workflow.publish(town.planner.actor, report.id);

    const republished = await entries();

    expect(republished.filter((entry) => entry.title.includes('再公表する事業'))).toEqual([
      expect.objectContaining({
        title: '令和5年度 再公表する事業 事業実施結果報告を訂正しました（第2版）',
        path: reportPath(report.id),
        summary: '訂正の理由: 数値の訂正',
      }),
      withdrawal,
      // The edition withdrawn stays withdrawn: its entry leads to the report, not to its own page.
      expect.objectContaining({
        title: '令和5年度 再公表する事業 事業実施結果報告を公表しました（第1版）',
        path: reportPath(report.id),
      }),
    ]);
    expect(withdrawal).toMatchObject({
      title: '令和5年度 再公表する事業 事業実施結果報告の公表を取り消しました',
      path: reportPath(report.id),
      summary: '取消の理由: 誤った数値の公表',
    });

    await workflow.withdrawPublication(town.admin.actor, report.id, '再度の取消');
    const withdrawals = (await entries()).filter(
      (entry) => entry.title === '令和5年度 再公表する事業 事業実施結果報告の公表を取り消しました',
    );
    expect(withdrawals.map((entry) => entry.summary)).toEqual([
      '取消の理由: 再度の取消',
      '取消の理由: 誤った数値の公表',
    ]);
    expect(withdrawals[1]).toEqual(withdrawal);
  });

  it('carries only the latest changes, each once', async () => {
    const all = await entries();

    expect(await entries(2)).toEqual(all.slice(0, 2));
    expect(new Set(all.map((entry) => entry.id)).size).toBe(all.length);
    expect(all.map((entry) => entry.updated.getTime())).toEqual(
      all.map((entry) => entry.updated.getTime()).sort((a, b) => b - a),
    );
  });
});
