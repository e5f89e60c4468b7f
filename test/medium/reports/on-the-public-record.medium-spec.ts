import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { GrantProject } from '../../../src/projects/grant-project.entity';
import { PublicationsRepository } from '../../../src/publication/publications.repository';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
import { ResultReport } from '../../../src/reports/report/result-report.entity';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { type GivenMunicipality } from '../support/given';
import { asahikawaSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * Which reports are on the public record is one rule, whoever reads it: the public site, a report comparing with the
 * project's earlier years, and a new draft starting from them all count the same years.
 *
 * One imported project: R4 imported as published history; R5 published, then withdrawn; R6 published and being
 * corrected; R7 published, withdrawn and being corrected; R8 decided; R9 a draft.
 */
describe('The public record, as every reader of it counts a project’s years', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let workflow: WorkflowService;
  let reports: ReportsRepository;
  let project: GrantProject;
  let draft: ResultReport;

  /** A decided report of the year, published through the workflow. */
  async function published(fiscalYear: number): Promise<ResultReport> {
    const report = await app.given.report(project, {
      fiscalYear,
      status: ReportStatus.Decided,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    await workflow.publish(town.planner.actor, report.id);
    return report;
  }

  beforeAll(async () => {
    app = await createMediumApp();
    workflow = app.get(WorkflowService);
    reports = app.get(ReportsRepository);
    town = await app.given.municipality();
    const imports = app.get(ImportsService);
    const settings = { departmentId: town.department.id, mode: ImportMode.Published, publishedOn: '2023-09-29' };
    const checked = await imports.dryRun(town.admin.actor, asahikawaSheet(), settings);
    const imported = await imports.confirm(town.admin.actor, asahikawaSheet(), settings, checked.checksum);
    const { projectId } = await app.dataSource
      .getRepository(ResultReport)
      .findOneByOrFail({ id: imported.reports[0].reportId });
    project = await app.dataSource.getRepository(GrantProject).findOneByOrFail({ id: projectId });

    const withdrawn = await published(2023);
    await workflow.withdrawPublication(town.admin.actor, withdrawn.id, '数値の誤り');
    const corrected = await published(2024);
    await workflow.startCorrection(town.admin.actor, corrected.id, '最新値の誤り');
    const withdrawnThenCorrected = await published(2025);
    await workflow.withdrawPublication(town.admin.actor, withdrawnThenCorrected.id, '個人情報の記載');
    await workflow.startCorrection(town.admin.actor, withdrawnThenCorrected.id, '該当箇所の削除');
    await app.given.report(project, {
      fiscalYear: 2026,
      status: ReportStatus.Decided,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    draft = await app.given.report(project, { fiscalYear: 2027 });
  });

  afterAll(() => app?.close());

  const onTheRecord = [2022, 2024];

  it('is, on the public site, the imported history and the report under correction', async () => {
    const editions = await app
      .get(PublicationsRepository)
      .currentEditions(town.organization.id, { projectId: project.id });

    expect(editions.map((edition) => edition.snapshot.fiscalYear)).toEqual(onTheRecord);
  });

  it('is the same years for a report comparing with its earlier years', async () => {
    const read = await reports.loadFull(draft.id);

    expect(read!.publishedEarlier!.map((report) => report.fiscalYear)).toEqual(onTheRecord);
  });

  it('is the same years for a new draft starting from the published record', async () => {
    const record = await reports.publishedOf(app.dataSource.manager, [project.id]);

    expect(record.map((report) => report.fiscalYear)).toEqual(onTheRecord);
  });
});
