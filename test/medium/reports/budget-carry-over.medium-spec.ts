import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { Role } from '../../../src/access/role';
import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { BudgetLine } from '../../../src/reports/report/budget-line.entity';
import { type ResultReport } from '../../../src/reports/report/result-report.entity';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

/** 旭川市's R4 ④ as published: one budget item runs for years, its results and amounts are each year's own. */
const R4_LINES = [
  {
    name: '戦略的国内外市場開拓推進費',
    summary: '地場産業の競争力強化を目的に、国内外の多様な市場との連携強化を図る。',
    results: '○オンライン等を活用した商談会の開催 成約数:84件',
    budgetAmount: 9048,
    budgetGrantAmount: 4524,
    actualAmount: 5198,
    actualGrantAmount: 2599,
  },
  {
    name: '地域産品販路拡大事業費',
    summary: '物産展を開催し、地域産品の販売機会を創出する。',
    results: '○道外スーパーマーケットとの取引件数:4件',
    budgetAmount: 3000,
    budgetGrantAmount: 1500,
    actualAmount: 2800,
    actualGrantAmount: 1400,
  },
];

/** What a new year's line holds of an item carried over: its name and summary, nothing of the year's figures. */
const carried = ({ name, summary }: { name: string; summary: string }) => ({
  name,
  summary,
  results: '',
  budgetAmount: null,
  budgetGrantAmount: null,
  actualAmount: null,
  actualGrantAmount: null,
});

describe('ReportsService: carrying the latest earlier year’s budget items over into a draft’s ④', () => {
  let app: MediumApp;
  let reports: ReportsService;
  let workflow: WorkflowService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    reports = app.get(ReportsService);
    workflow = app.get(WorkflowService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  /** A report of the project whose ④ holds `lines`, in `status` (lines written before it, as the steps would have). */
  async function reportWithLines(
    project: GrantProject,
    fiscalYear: number,
    lines: Omit<BudgetLine, 'id' | 'reportId' | 'position' | 'report'>[],
    status = ReportStatus.Submitted,
  ): Promise<ResultReport> {
    const report = await app.given.report(project, {
      fiscalYear,
      status,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    const budgetLines = app.dataSource.getRepository(BudgetLine);
    await budgetLines.delete({ reportId: report.id });
    await budgetLines.save(
      lines.map((line, position) => budgetLines.create({ ...line, reportId: report.id, position })),
    );
    return report;
  }

  /** The R5 draft of a project, its ④ still empty. */
  const emptyDraft = (project: GrantProject) =>
    app.given.report(project, { fiscalYear: 2023, complete: false, savedBy: town.owner });

  it('copies each line’s 事業名 and 概要 of the previous year into the empty ④, in order, as one edit of the draft', async () => {
    const project = await app.given.project(town.department);
    const r4 = await reportWithLines(project, 2022, R4_LINES);
    const draft = await emptyDraft(project);
    const before = await app.footprint(draft.id);

    const view = await reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: draft.version });

    expect(view.budgetLines).toEqual(R4_LINES.map(carried));
    expect(view.version).toBe(draft.version + 1);
    expect(await app.footprint(draft.id)).toMatchObject({
      version: draft.version + 1,
      revisions: before.revisions + 1,
      audits: before.audits + 1,
    });
    const [entry] = await app.auditEntries(draft.id);
    expect(entry).toMatchObject({
      action: 'report.edited',
      details: {
        budgetCarriedOverFrom: { reportId: r4.id, fiscalYear: 2022, edition: null },
        changes: expect.arrayContaining([
          { path: '/budgetLines/0/name', before: null, after: '戦略的国内外市場開拓推進費' },
          { path: '/budgetLines/1/summary', before: null, after: R4_LINES[1].summary },
        ]),
      },
    });
    // The previous year is read, never changed.
    expect((await reports.get(town.owner.actor, r4.id)).budgetLines).toEqual(R4_LINES);
  });

  it('offers the previous year’s items only while the draft’s ④ is empty', async () => {
    const project = await app.given.project(town.department);
    const r4 = await reportWithLines(project, 2022, R4_LINES);
    const draft = await emptyDraft(project);

    expect(await reports.budgetCarryOver(town.owner.actor, await reports.get(town.owner.actor, draft.id))).toEqual({
      reportId: r4.id,
      fiscalYear: 2022,
      edition: null,
      lines: R4_LINES.map(({ name, summary }) => ({ name, summary })),
    });
    await reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: draft.version });
    expect(await reports.budgetCarryOver(town.owner.actor, await reports.get(town.owner.actor, draft.id))).toBeNull();
  });

  it('takes a published previous year as its latest edition has it, not as a correction under way changes it', async () => {
    const project = await app.given.project(town.department);
    const r4 = await reportWithLines(project, 2022, R4_LINES, ReportStatus.Decided);
    await workflow.publish(town.planner.actor, r4.id);
    const correcting = await workflow.startCorrection(town.admin.actor, r4.id, '事業名の誤記');
    await reports.update(town.owner.actor, r4.id, {
      version: correcting.version,
      budgetLines: [{ ...R4_LINES[0], name: '訂正中の事業名' }],
    });
    const draft = await emptyDraft(project);

    const view = await reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: draft.version });

    expect(view.budgetLines).toEqual(R4_LINES.map(carried));
    expect((await app.auditEntries(draft.id))[0].details).toMatchObject({
      budgetCarriedOverFrom: { reportId: r4.id, fiscalYear: 2022, edition: 1 },
    });
  });

  it('passes over a year the project has no report of, to its latest earlier report (published: its edition)', async () => {
    const project = await app.given.project(town.department);
    await reportWithLines(project, 2020, [carried({ name: '二年前の事業', summary: '前の計画の事業。' })]);
    const r3 = await reportWithLines(project, 2021, R4_LINES, ReportStatus.Decided);
    await workflow.publish(town.planner.actor, r3.id);
    // No R4 report: the project skipped 2022. A later year is never what a draft starts from.
    await reportWithLines(project, 2024, [carried({ name: '翌年度の事業', summary: '後の年度の事業。' })]);
    const draft = await emptyDraft(project);

    expect(await reports.budgetCarryOver(town.owner.actor, await reports.get(town.owner.actor, draft.id))).toEqual({
      reportId: r3.id,
      fiscalYear: 2021,
      edition: 1,
      lines: R4_LINES.map(({ name, summary }) => ({ name, summary })),
    });
    const view = await reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: draft.version });

    expect(view.budgetLines).toEqual(R4_LINES.map(carried));
    expect((await app.auditEntries(draft.id))[0].details).toMatchObject({
      budgetCarriedOverFrom: { reportId: r3.id, fiscalYear: 2021, edition: 1 },
    });
  });

  it('refuses (409) a project without any report before the draft’s year, and writes nothing', async () => {
    const project = await app.given.project(town.department);
    await reportWithLines(project, 2024, R4_LINES);
    const draft = await emptyDraft(project);
    const before = await app.footprint(draft.id);

    const refusal = await refusalOf(
      reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: draft.version }),
    );

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.message).toMatch(/no report before fiscal year 2023 with budget lines/);
    expect(await app.footprint(draft.id)).toEqual(before);
    expect(await reports.budgetCarryOver(town.owner.actor, await reports.get(town.owner.actor, draft.id))).toBeNull();
  });

  it('refuses a latest earlier report without budget items (409), not looking further back', async () => {
    const project = await app.given.project(town.department);
    await reportWithLines(project, 2021, R4_LINES);
    await reportWithLines(project, 2022, [carried({ name: '', summary: '  ' })]);
    const draft = await emptyDraft(project);

    expect(
      await refusalOf(reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: draft.version })),
    ).toBeInstanceOf(ConflictException);
  });

  it('refuses once ④ has lines (409), so nothing typed this year is overwritten', async () => {
    const project = await app.given.project(town.department);
    await reportWithLines(project, 2022, R4_LINES);
    const draft = await emptyDraft(project);
    const typed = await reports.update(town.owner.actor, draft.id, {
      version: draft.version,
      budgetLines: [{ name: '今年度に入力した事業', budgetAmount: 1000 }],
    });
    const before = await app.footprint(draft.id);

    const refusal = await refusalOf(
      reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: typed.version }),
    );

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.message).toMatch(/already has budget lines/);
    expect(await app.footprint(draft.id)).toEqual(before);
    expect((await reports.get(town.owner.actor, draft.id)).budgetLines.map((line) => line.name)).toEqual([
      '今年度に入力した事業',
    ]);
  });

  it('refuses a stale version (409) and writes nothing', async () => {
    const project = await app.given.project(town.department);
    await reportWithLines(project, 2022, R4_LINES);
    const draft = await emptyDraft(project);
    await reports.update(town.owner.actor, draft.id, { version: draft.version, effectNarrative: '別のタブで保存' });
    const before = await app.footprint(draft.id);

    const refusal = await refusalOf(
      reports.carryOverBudgetLines(town.owner.actor, draft.id, { version: draft.version }),
    );

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.getResponse()).toMatchObject({ details: { currentVersion: draft.version + 1 } });
    expect(await app.footprint(draft.id)).toEqual(before);
  });

  it('is for drafts only: a submitted report and one being corrected are refused (409)', async () => {
    const project = await app.given.project(town.department);
    await reportWithLines(project, 2022, R4_LINES);
    const submitted = await app.given.report(project, {
      fiscalYear: 2023,
      complete: false,
      status: ReportStatus.Submitted,
    });
    const later = await app.given.project(town.department);
    await reportWithLines(later, 2022, R4_LINES);
    const published = await reportWithLines(later, 2023, [], ReportStatus.Decided);
    await workflow.publish(town.planner.actor, published.id);
    const correcting = await workflow.startCorrection(town.admin.actor, published.id, '④の記入漏れ');

    expect(
      await refusalOf(reports.carryOverBudgetLines(town.owner.actor, submitted.id, { version: submitted.version })),
    ).toBeInstanceOf(ConflictException);
    const correction = await refusalOf(
      reports.carryOverBudgetLines(town.owner.actor, published.id, { version: correcting.version }),
    );
    expect(correction).toBeInstanceOf(ConflictException);
    expect(correction.message).toMatch(/not possible while the report is correcting/);
    expect((await reports.get(town.owner.actor, published.id)).budgetLines).toEqual([]);
  });

  it('is the owning department’s: planning gets 403, another department’s owner 404', async () => {
    const project = await app.given.project(town.department);
    await reportWithLines(project, 2022, R4_LINES);
    const draft = await emptyDraft(project);
    const elsewhere = await app.given.user({
      organization: town.organization,
      roles: [Role.ProjectOwner],
      department: await app.given.department(town.organization),
    });
    const before = await app.footprint(draft.id);

    expect(
      await refusalOf(reports.carryOverBudgetLines(town.planner.actor, draft.id, { version: draft.version })),
    ).toBeInstanceOf(ForbiddenException);
    expect(
      await refusalOf(reports.carryOverBudgetLines(elsewhere.actor, draft.id, { version: draft.version })),
    ).toBeInstanceOf(NotFoundException);
    expect(await app.footprint(draft.id)).toEqual(before);
  });
});
