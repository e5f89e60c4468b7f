import { PanelRating } from '../../../src/reports/report/assessment';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReviewsService } from '../../../src/reports/reviews/reviews.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { dueInDays, type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * A change answers with the report as it left it without reading it again when it wrote only the report's row; what it
 * answers must be what a fresh read returns, whether it wrote the row alone, the report's parts, or an edition.
 */
describe('What a change answers is what a fresh read returns', () => {
  let app: MediumApp;
  let workflow: WorkflowService;
  let reports: ReportsService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    workflow = app.get(WorkflowService);
    reports = app.get(ReportsService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  async function reportIn(status: ReportStatus) {
    const project = await app.given.project(town.department);
    return app.given.report(project, { status, proposedBy: town.planner.id, approvedBy: town.approver.id });
  }

  it('after a submission, an acceptance and an evaluation (the row alone)', async () => {
    const report = await reportIn(ReportStatus.Draft);

    const submitted = await workflow.submit(town.owner.actor, report.id);
    expect(submitted).toEqual(await reports.get(town.owner.actor, report.id));

    const accepted = await workflow.accept(town.planner.actor, report.id, {
      experts: [town.expertA.id],
      dueDate: dueInDays(14),
    });
    expect(accepted).toEqual(await reports.get(town.planner.actor, report.id));
    // Expert A dismissed without an answer, the evaluation awaits no one.
    const reviews = app.get(ReviewsService);
    const [assignment] = await reviews.listAssignments(town.planner.actor, report.id);
    await reviews.dismiss(town.planner.actor, report.id, assignment.id, '回答がありませんでした。');

    const evaluated = await workflow.evaluate(town.planner.actor, report.id, {
      rating: PanelRating.Effective,
      opinion: '有効であった。',
    });
    expect(evaluated).toEqual(await reports.get(town.planner.actor, report.id));
  });

  it('after a return to draft, whose previous decision is looked up afresh', async () => {
    const report = await reportIn(ReportStatus.Submitted);

    const returned = await workflow.returnToDraft(town.planner.actor, report.id, '④の実績額を確認してください。');

    expect(returned).toEqual(await reports.get(town.owner.actor, report.id));
  });

  it("after a form save, which rewrites the report's lines and results", async () => {
    const report = await reportIn(ReportStatus.Draft);
    const { version } = await reports.get(town.owner.actor, report.id);

    const saved = await reports.update(town.owner.actor, report.id, {
      version,
      budgetLines: [{ name: '新しい事業', budgetAmount: 100, actualAmount: 90 }],
      kpiResults: [{ position: 1, latestValue: 130, latestAsOf: '2023-03' }],
    });

    expect(saved.budgetLines.map((line) => line.name)).toEqual(['新しい事業']);
    expect(saved).toEqual(await reports.get(town.owner.actor, report.id));
  });

  it('after a correction is started, which records the first edition', async () => {
    const report = await reportIn(ReportStatus.Published);

    const opened = await workflow.startCorrection(town.admin.actor, report.id, '④の実績額の誤記を訂正');

    expect(opened.editions).toHaveLength(1);
    expect(opened).toEqual(await reports.get(town.admin.actor, report.id));
  });
});
