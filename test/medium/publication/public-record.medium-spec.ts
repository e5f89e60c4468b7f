import { NotFoundException } from '@nestjs/common';
import { type OrganizationSettings } from '../../../src/organizations/organization.entity';
import { OrganizationsService } from '../../../src/organizations/organizations.service';
import { settingsChecksum } from '../../../src/organizations/read-checksums';
import { type PublicOrganization, PublicRecordService } from '../../../src/publication/public-record.service';
import { ReportsService } from '../../../src/reports/reports.service';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('The public record: what citizens may read of a municipality', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let record: PublicRecordService;
  let workflow: WorkflowService;
  let reports: ReportsService;
  const reportIds: Partial<Record<ReportStatus, string>> = {};

  beforeAll(async () => {
    app = await createMediumApp();
    record = app.get(PublicRecordService);
    workflow = app.get(WorkflowService);
    reports = app.get(ReportsService);
    town = await app.given.municipality();
    for (const status of [
      ReportStatus.Draft,
      ReportStatus.Submitted,
      ReportStatus.InExpertReview,
      ReportStatus.Evaluated,
      ReportStatus.DecisionProposed,
      ReportStatus.Decided,
    ]) {
      const report = await app.given.report(
        await app.given.project(town.department, { name: `未公表の事業 ${status}` }),
        {
          status,
          fiscalYear: 2023,
          proposedBy: town.planner.id,
          approvedBy: town.approver.id,
        },
      );
      reportIds[status] = report.id;
    }
    reportIds[ReportStatus.Published] = await publishedReport(town, '公表する事業', 2023);
  });

  afterAll(() => app?.close());

  /** A decided report of a project of its own, ready to publish. */
  async function decidedReport(municipality: GivenMunicipality, name: string, fiscalYear = 2023) {
    return app.given.report(await app.given.project(municipality.department, { name }), {
      status: ReportStatus.Decided,
      fiscalYear,
      proposedBy: municipality.planner.id,
      approvedBy: municipality.approver.id,
    });
  }

  /** A decided report of a project of its own, published through the workflow; its id. */
  async function publishedReport(municipality: GivenMunicipality, name: string, fiscalYear: number): Promise<string> {
    const decided = await decidedReport(municipality, name, fiscalYear);
    await workflow.publish(municipality.planner.actor, decided.id);
    return decided.id;
  }

  const organization = () => record.organization(town.organization.localGovernmentCode);
  /** An edition as its page reads it: the report's record first, then the edition of it. */
  const editionOf = async (organization: PublicOrganization, reportId: string, edition: number) =>
    record.edition(organization, await record.report(organization, reportId), edition);
  /** An edition on the record, as published. */
  const publishedEdition = async (organization: PublicOrganization, reportId: string, edition: number) => {
    const found = await editionOf(organization, reportId, edition);
    if ('withdrawal' in found) throw new Error(`Edition ${edition} was withdrawn.`);
    return found;
  };

  it('is found by 地方公共団体コード; an unknown code (with its check digit) or a malformed one is 404', async () => {
    expect(await organization()).toMatchObject({ id: town.organization.id, name: town.organization.name });
    expect(await refusalOf(record.organization('000001'))).toBeInstanceOf(NotFoundException);
    expect(await refusalOf(record.organization('../x'))).toBeInstanceOf(NotFoundException);
  });

  it('lists only published reports, each as its edition was published', async () => {
    const current = await record.currentReports(await organization(), 2023);

    expect(current.map((report) => report.reportId)).toEqual([reportIds[ReportStatus.Published]]);
    expect(current[0]).toMatchObject({ edition: 1, view: { title: '事業実施結果報告', status: 'published' } });
    expect(await record.years(await organization())).toEqual([
      { fiscalYear: 2023, reports: 1, lastPublishedAt: current[0].publishedAt, changedAt: expect.any(Date) },
    ]);
  });

  it('answers 404 for a report in any state before publication, as for an id that does not exist', async () => {
    const unpublished = Object.entries(reportIds).filter(([status]) => status !== String(ReportStatus.Published));
    for (const [, reportId] of unpublished) {
      expect(await refusalOf(record.report(await organization(), reportId))).toBeInstanceOf(NotFoundException);
      expect(await refusalOf(editionOf(await organization(), reportId, 1))).toBeInstanceOf(NotFoundException);
    }
    expect(await refusalOf(record.report(await organization(), 'not-a-uuid'))).toBeInstanceOf(NotFoundException);
  });

  it('keeps showing the last edition while a correction is under way, and the corrected one after it', async () => {
    const reportId = reportIds[ReportStatus.Published]!;
    const opened = await workflow.startCorrection(town.admin.actor, reportId, '指標の誤記');
    await reports.update(town.owner.actor, reportId, { version: opened.version, effectNarrative: '訂正中の下書き' });

    const during = await record.report(await organization(), reportId);
    expect(during).toMatchObject({ state: 'published', current: { edition: 1 } });
    expect(JSON.stringify(during)).not.toContain('訂正中の下書き');
    await workflow.submitCorrection(town.owner.actor, reportId);
    const submitted = await record.report(await organization(), reportId);
    expect(submitted).toMatchObject({ state: 'published', current: { edition: 1 } });
    expect(JSON.stringify(submitted)).not.toContain('訂正中の下書き');

    await workflow.publish(town.planner.actor, reportId);
    const after = await record.report(await organization(), reportId);
    expect(after).toMatchObject({
      state: 'published',
      current: { edition: 2, correctionReason: '指標の誤記', view: { effect: { narrative: '訂正中の下書き' } } },
    });
    expect(after.editions.map((edition) => edition.edition)).toEqual([1, 2]);
    expect((await publishedEdition(await organization(), reportId, 1)).view.effect.narrative).not.toBe(
      '訂正中の下書き',
    );
    // The record changed when the corrected edition was written.
    const [{ recordedAt }] = await app.dataSource.query<{ recordedAt: Date }[]>(
      `SELECT recorded_at AS "recordedAt" FROM report_editions WHERE report_id = $1 AND edition = 2`,
      [reportId],
    );
    expect(await record.changedAt(town.organization.localGovernmentCode)).toEqual(recordedAt);
  });

  it('names the panel of ⑦ as each edition recorded it, only if the municipality named it then and names it now', async () => {
    const namesPanel = (named: boolean) =>
      app.dataSource.query(`UPDATE organizations SET publish_panel_member_names = $2 WHERE id = $1`, [
        town.organization.id,
        named,
      ]);
    const withPanel = async (name: string) => {
      const decided = await decidedReport(town, name);
      await app.given.assignment(decided, town.expertA, { status: AssignmentStatus.Accepted, opinion: '有効である。' });
      await app.given.assignment(decided, town.expertB, {
        status: AssignmentStatus.Removed,
        opinion: '取り下げた意見',
      });
      return decided;
    };
    const unnamed = await withPanel('有識者を記さずに公表した事業');
    await workflow.publish(town.planner.actor, unnamed.id);
    await namesPanel(true);
    const decided = await withPanel('有識者を記す事業');
    await workflow.publish(town.planner.actor, decided.id);
    // An account renamed after publication (a name changed on marriage) leaves the published panel as it was.
    await app.dataSource.query(`UPDATE users SET display_name = '改姓後の名前' WHERE id = $1`, [town.expertA.id]);

    const published = await record.report(await organization(), decided.id);
    expect(published).toMatchObject({ state: 'published', current: { panelMemberNames: ['expertA'] } });
    expect((await publishedEdition(await organization(), decided.id, 1)).panelMemberNames).toEqual(['expertA']);
    expect(
      (await record.currentReports(await organization(), 2023)).find((report) => report.reportId === decided.id),
    ).toMatchObject({ panelMemberNames: ['expertA'] });
    // Published while the municipality did not name its panel: naming it now names no one of that edition.
    expect(await record.report(await organization(), unnamed.id)).toMatchObject({ current: { panelMemberNames: [] } });
    // The municipality may stop naming it at any time: the names leave every page.
    await namesPanel(false);
    expect(await record.report(await organization(), decided.id)).toMatchObject({ current: { panelMemberNames: [] } });
  });

  it('shows a withdrawn publication as withdrawn, also while it is being corrected, until it is published again', async () => {
    const decided = await decidedReport(town, '取り消す事業');
    await workflow.publish(town.planner.actor, decided.id);
    await workflow.withdrawPublication(town.admin.actor, decided.id, '個人情報の記載');
    const listed = async () =>
      (await record.currentReports(await organization(), 2023)).map((report) => report.reportId);

    expect(await record.report(await organization(), decided.id)).toMatchObject({
      state: 'withdrawn',
      entry: { withdrawalReason: '個人情報の記載' },
    });
    expect(await listed()).not.toContain(decided.id);

    await workflow.startCorrection(town.admin.actor, decided.id, '該当箇所の削除');
    expect(await record.report(await organization(), decided.id)).toMatchObject({ state: 'withdrawn' });
    expect(await listed()).not.toContain(decided.id);
    expect(await refusalOf(editionOf(await organization(), decided.id, 1))).toBeInstanceOf(NotFoundException);
    await workflow.submitCorrection(town.owner.actor, decided.id);
    expect(await record.report(await organization(), decided.id)).toMatchObject({ state: 'withdrawn' });
    expect(await listed()).not.toContain(decided.id);

    await workflow.publish(town.planner.actor, decided.id);
    const republished = await record.report(await organization(), decided.id);
    expect(republished).toMatchObject({ state: 'published', current: { edition: 2 } });
    expect(await listed()).toContain(decided.id);
    // What was withdrawn stays withdrawn: its history says when and why, its page shows no content again, and no
    // list of the record (the earlier editions of open data, the sitemap) holds it.
    expect(republished.editions).toMatchObject([
      { edition: 1, withdrawal: { edition: 1, reason: '個人情報の記載' } },
      { edition: 2, withdrawal: null },
    ]);
    expect(await editionOf(await organization(), decided.id, 1)).toEqual({
      withdrawal: expect.objectContaining({ reason: '個人情報の記載' }),
    });
    expect((await record.earlierEditions(await organization(), 2023)).has(decided.id)).toBe(false);
    const sitemap = await record.sitemapRecords([await organization()]);
    expect(
      sitemap
        .get(town.organization.id)
        ?.editions.filter((entry) => entry.reportId === decided.id)
        .map((entry) => entry.edition),
    ).toEqual([2]);
  });

  it('moves its last change with what citizens read of the municipality (the licence), not with the ⑥ threshold', async () => {
    const organizations = app.get(OrganizationsService);
    const change = async (settings: Partial<OrganizationSettings>) => {
      const stored = await organizations.findByCode(town.organization.localGovernmentCode);
      await organizations.updateSettings(
        town.organization.id,
        { settingsChecksum: settingsChecksum(stored!), ...settings },
        town.admin.actor,
      );
    };
    const before = await record.changedAt(town.organization.localGovernmentCode);

    await change({ effectCloseThreshold: 0.65 });
    expect(await record.changedAt(town.organization.localGovernmentCode)).toEqual(before);

    await change({ openDataLicence: '政府標準利用規約(第2.0版)' });
    const changed = await record.changedAt(town.organization.localGovernmentCode);
    expect(changed!.getTime()).toBeGreaterThan(before!.getTime());
  });

  it("gives the sitemap each municipality's years, editions and last change, as read for it alone", async () => {
    const other = await app.given.municipality();
    // A code with its check digit, as the public site requires.
    await app.dataSource.query(`UPDATE organizations SET local_government_code = '999997' WHERE id = $1`, [
      other.organization.id,
    ]);
    await publishedReport(other, '他市の事業', 2022);
    const municipalities = [await organization(), await record.organization('999997')];

    const records = await record.sitemapRecords(municipalities);

    for (const municipality of municipalities) {
      const { years, editions, changedAt } = records.get(municipality.id)!;
      expect(years).toEqual(await record.years(municipality));
      expect(years.length).toBeGreaterThan(0);
      // Every edition of the public reports, earlier ones too: the reports are those the record lists.
      expect([...new Set(editions.map(({ reportId }) => reportId))].sort()).toEqual(
        (await record.currentReports(municipality)).map(({ reportId }) => reportId).sort(),
      );
      expect(changedAt).toEqual(await record.changedAt(municipality.code));
    }
  });
});
