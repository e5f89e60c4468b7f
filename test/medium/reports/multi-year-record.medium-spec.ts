import { ConflictException, ForbiddenException } from '@nestjs/common';
import { Client } from 'pg';
import type { FieldChange } from '../../../src/common/document-diff';
import type { UpdateProjectRequest } from '../../../src/projects/projects.dto';
import { ProjectsService } from '../../../src/projects/projects.service';
import { EffectLevel } from '../../../src/reports/report/assessment';
import { planOf } from '../../../src/reports/report/report-plan';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { fieldLabel } from '../../../src/web/messages/field-labels';
import { type GivenMunicipality } from '../support/given';
import { holdRow, lockWaiters } from '../../support/lock-waits';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('The multi-year record: each report keeps its year’s plan, and published means frozen', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let projects: ProjectsService;
  let reports: ReportsService;
  let workflow: WorkflowService;

  beforeAll(async () => {
    app = await createMediumApp();
    projects = app.get(ProjectsService);
    reports = app.get(ReportsService);
    workflow = app.get(WorkflowService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  const targetOf = async (reportId: string) =>
    (await reports.get(town.planner.actor, reportId)).kpis[0].definition.target;

  describe('a project edit', () => {
    it('reaches its drafts as a new version, and leaves reports past submission on their year’s plan', async () => {
      const project = await app.given.project(town.department);
      const draft = await app.given.report(project, { fiscalYear: 2023, status: ReportStatus.Draft });
      const submitted = await app.given.report(project, { fiscalYear: 2022, status: ReportStatus.Submitted });
      const before = { draft: await app.footprint(draft.id), submitted: await app.footprint(submitted.id) };
      const stored = await projects.get(town.planner.actor, project.id);

      const { updatedDraftReportIds } = await projects.update(town.planner.actor, project.id, {
        version: stored.version,
        planEndFiscalYear: 2026,
        kpis: [{ position: 1, name: '商談成立数', baseline: 100, target: 150, unit: '件' }],
        amendment: { effectiveFiscalYear: 2023, reason: '計画期間の延長と目標の引上げ' },
      });

      expect(updatedDraftReportIds).toEqual([draft.id]);
      expect(await targetOf(draft.id)).toBe(150);
      expect(await app.footprint(draft.id)).toMatchObject({
        version: before.draft.version! + 1,
        revisions: before.draft.revisions + 1,
      });
      expect(await targetOf(submitted.id)).toBe(120);
      expect((await reports.get(town.planner.actor, submitted.id)).project.planEndFiscalYear).toBe(2024);
      expect(await app.footprint(submitted.id)).toEqual(before.submitted);
      expect((await app.auditEntries(draft.id)).at(-1)).toEqual({
        action: 'report.plan_followed',
        details: {
          projectId: project.id,
          version: before.draft.version! + 1,
          changes: expect.arrayContaining([
            { path: '/project/planEndFiscalYear', before: 2024, after: 2026 },
            { path: '/project/kpis/0/target', before: 120, after: 150 },
          ]),
        },
      });
    });

    it("records the change in each following report's own history, all in one statement", async () => {
      const project = await app.given.project(town.department);
      const drafts = [
        await app.given.report(project, { fiscalYear: 2023 }),
        await app.given.report(project, { fiscalYear: 2024 }),
      ];
      const stored = await projects.get(town.planner.actor, project.id);
      const sent = jest.spyOn(Client.prototype, 'query');
      try {
        await projects.update(town.planner.actor, project.id, {
          version: stored.version,
          overview: '販路を全国に広げる。',
        });

        const auditInserts = sent.mock.calls.filter(([query]: unknown[]) =>
          (typeof query === 'string' ? query : (query as { text: string }).text).includes(
            'INSERT INTO "audit_entries"',
          ),
        );
        // The reports' entries together, then the project's.
        expect(auditInserts).toHaveLength(2);
      } finally {
        sent.mockRestore();
      }
      for (const draft of drafts) {
        expect((await app.auditEntries(draft.id)).at(-1)).toEqual({
          action: 'report.plan_followed',
          details: {
            projectId: project.id,
            version: (await app.footprint(draft.id)).version,
            changes: [{ path: '/project/overview', before: '地域の販路を開拓する。', after: '販路を全国に広げる。' }],
          },
        });
      }
      expect(await app.auditActions(project.id)).toEqual(['project.edited']);
    });

    it('locks and reads the reports that follow it in one statement, however many follow', async () => {
      const project = await app.given.project(town.department);
      for (const fiscalYear of [2022, 2023, 2024]) await app.given.report(project, { fiscalYear });
      const stored = await projects.get(town.planner.actor, project.id);
      const sent = jest.spyOn(Client.prototype, 'query');
      try {
        await projects.update(town.planner.actor, project.id, {
          version: stored.version,
          overview: '販路を全国に広げる。',
        });

        const texts = sent.mock.calls.map(([query]: unknown[]) =>
          typeof query === 'string' ? query : (query as { text: string }).text,
        );
        const beforeFirstPlanWritten = texts.slice(
          0,
          texts.findIndex((text) => text.startsWith('UPDATE "report_plans"')),
        );
        expect(beforeFirstPlanWritten.filter((text) => text.includes('FROM "result_reports"'))).toHaveLength(1);
      } finally {
        sent.mockRestore();
      }
    });

    it('saved as it was writes nothing: no version of the project, no plan copy of a draft, no entry', async () => {
      const project = await app.given.project(town.department);
      const draft = await app.given.report(project, { fiscalYear: 2023 });
      const stored = await projects.get(town.planner.actor, project.id);
      const before = await app.footprint(draft.id);

      const saved = await projects.update(town.planner.actor, project.id, {
        version: stored.version,
        overview: stored.overview,
        // The KPIs as a form sends them back: their definitions without ids.
        kpis: planOf(stored).kpis,
      });

      expect(saved).toMatchObject({ changed: false, updatedDraftReportIds: [], project: { version: stored.version } });
      expect(await app.footprint(draft.id)).toEqual(before);
      expect(await app.auditActions(project.id)).toEqual([]);
    });
  });

  describe('a report being corrected (訂正中)', () => {
    it('follows its project like a draft, so ③ can be corrected; a published one keeps its year’s plan', async () => {
      const project = await app.given.project(town.department);
      const decided = { status: ReportStatus.Decided, proposedBy: town.planner.id, approvedBy: town.approver.id };
      const corrected = await app.given.report(project, { ...decided, fiscalYear: 2022 });
      const published = await app.given.report(project, { ...decided, fiscalYear: 2023 });
      for (const report of [corrected, published]) await workflow.publish(town.planner.actor, report.id);
      await workflow.startCorrection(town.admin.actor, corrected.id, '③の誤字');
      const stored = await projects.get(town.planner.actor, project.id);

      const { updatedDraftReportIds } = await projects.update(town.owner.actor, project.id, {
        version: stored.version,
        overview: '誤字を直した全体概要',
      });

      expect(updatedDraftReportIds).toEqual([corrected.id]);
      expect((await app.auditEntries(corrected.id)).at(-1)).toMatchObject({
        action: 'report.plan_followed',
        details: {
          changes: [{ path: '/project/overview', before: '地域の販路を開拓する。', after: '誤字を直した全体概要' }],
        },
      });
      expect(await app.auditActions(published.id)).not.toContain('report.plan_followed');
      const overviewOf = async (reportId: string) => (await reports.get(town.planner.actor, reportId)).project.overview;
      expect(await overviewOf(corrected.id)).toBe('誤字を直した全体概要');
      expect(await overviewOf(published.id)).not.toBe('誤字を直した全体概要');
      await workflow.submitCorrection(town.owner.actor, corrected.id);
      const republished = await workflow.publish(town.planner.actor, corrected.id);
      expect(republished.editions.map((edition) => edition.edition)).toEqual([1, 2]);
      expect(republished.project.overview).toBe('誤字を直した全体概要');
    });
  });

  describe('a project edit racing a change of its draft', () => {
    const kpis = [{ position: 1, name: '商談成立数', baseline: 100, target: 150, unit: '件' }];

    /**
     * Another transaction holds the row lock of `locked` (a table and id); `act` starts and waits for it; that
     * transaction then runs `sql` (a submission, a deletion, an edit) and commits, and `act` goes on.
     */
    async function actWhileOtherChanges(locked: [string, string], act: () => Promise<unknown>, sql: string[]) {
      const [table, id] = locked;
      const other = await holdRow(app.dataSource, table, id);
      try {
        const acting = act().then(
          (answer) => ({ answer }),
          (refusal: unknown) => ({ refusal }),
        );
        expect(await lockWaiters((sql) => app.dataSource.query(sql), 1)).toBe(1);
        for (const statement of sql) await other.query(statement, [id]);
        await other.commitTransaction();
        return await acting;
      } finally {
        await other.release();
      }
    }
    const editWhileDraftChanges = (draftId: string, edit: () => Promise<unknown>, sql: string[]) =>
      actWhileOtherChanges(['result_reports', draftId], edit, sql);

    it('leaves out a draft deleted while the edit waited for it', async () => {
      const project = await app.given.project(town.department);
      const draft = await app.given.report(project, { fiscalYear: 2023 });
      const stored = await projects.get(town.planner.actor, project.id);

      const outcome = await editWhileDraftChanges(
        draft.id,
        () => projects.update(town.planner.actor, project.id, { version: stored.version, kpis }),
        ['DELETE FROM report_revisions WHERE report_id = $1', 'DELETE FROM result_reports WHERE id = $1'],
      );

      expect(outcome).toEqual({ answer: expect.objectContaining({ updatedDraftReportIds: [] }) });
      expect((await projects.get(town.planner.actor, project.id)).kpis?.[0].target).toBe(150);
    });

    it('records only its own change in a draft edited while the edit waited for it', async () => {
      const project = await app.given.project(town.department);
      const draft = await app.given.report(project, { fiscalYear: 2023 });
      const stored = await projects.get(town.planner.actor, project.id);

      const outcome = await editWhileDraftChanges(
        draft.id,
        () =>
          projects.update(town.planner.actor, project.id, {
            version: stored.version,
            overview: '販路を全国に広げる。',
          }),
        [
          'UPDATE kpi_results SET latest_value = 130 WHERE report_id = $1',
          'UPDATE result_reports SET version = version + 1 WHERE id = $1',
        ],
      );

      expect(outcome).toEqual({ answer: expect.objectContaining({ updatedDraftReportIds: [draft.id] }) });
      expect((await app.auditEntries(draft.id)).at(-1)).toMatchObject({
        action: 'report.plan_followed',
        details: {
          changes: [{ path: '/project/overview', before: '地域の販路を開拓する。', after: '販路を全国に広げる。' }],
        },
      });
      expect((await reports.get(town.planner.actor, draft.id)).kpis[0].latestValue).toBe(130);
    });

    it.each([
      [
        'asks for an amendment when the draft was submitted while the edit waited, and leaves its plan',
        undefined,
        {
          refusal: expect.objectContaining({
            response: expect.objectContaining({ details: [expect.objectContaining({ path: '/amendment' })] }),
          }),
        },
      ],
      [
        'keeps the plan of a report submitted while an amendment waited for it',
        { effectiveFiscalYear: 2023, reason: '目標の引上げ' },
        { answer: expect.objectContaining({ updatedDraftReportIds: [] }) },
      ],
    ])('%s', async (_title, amendment, expected) => {
      const project = await app.given.project(town.department);
      const draft = await app.given.report(project, { fiscalYear: 2023 });
      const stored = await projects.get(town.planner.actor, project.id);
      const before = await app.footprint(draft.id);

      const outcome = await editWhileDraftChanges(
        draft.id,
        () => projects.update(town.planner.actor, project.id, { version: stored.version, kpis, amendment }),
        [`UPDATE result_reports SET status = 'submitted' WHERE id = $1`],
      );

      expect(outcome).toEqual(expected);
      expect(await targetOf(draft.id)).toBe(120);
      expect(await app.footprint(draft.id)).toMatchObject({ version: before.version, revisions: before.revisions });
    });

    it('starts a draft from the plan an edit under way leaves, not the one it replaces', async () => {
      const project = await app.given.project(town.department);

      const outcome = await actWhileOtherChanges(
        ['grant_projects', project.id],
        () => reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2023 }),
        ['UPDATE kpi_definitions SET target = 150 WHERE project_id = $1'],
      );

      expect(outcome).toEqual({ answer: expect.objectContaining({ fiscalYear: 2023 }) });
      const { answer } = outcome as { answer: { id: string } };
      expect(await targetOf(answer.id)).toBe(150);
    });
  });

  describe('a published report, in PostgreSQL itself', () => {
    let reportId: string;

    beforeAll(async () => {
      const report = await app.given.report(await app.given.project(town.department), {
        status: ReportStatus.Published,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
      reportId = report.id;
    });

    it.each([
      ['the report', `UPDATE result_reports SET effect_narrative = '書き換え' WHERE id = $1`],
      ['the report', `DELETE FROM result_reports WHERE id = $1`],
      ['its budget lines', `UPDATE budget_lines SET actual_amount = 1 WHERE report_id = $1`],
      ['its budget lines', `DELETE FROM budget_lines WHERE report_id = $1`],
      ['its budget lines', `INSERT INTO budget_lines (report_id, position, name) VALUES ($1, 9, '追加')`],
      ['its KPI results', `UPDATE kpi_results SET latest_value = 1 WHERE report_id = $1`],
      ['its KPI results', `DELETE FROM kpi_results WHERE report_id = $1`],
      ['its plan copy', `UPDATE report_plans SET kpis = '[]' WHERE report_id = $1`],
      ['its plan copy', `DELETE FROM report_plans WHERE report_id = $1`],
    ])('refuses a change of %s through the app’s own connection: %s', async (_what, sql) => {
      const before = await app.dataSource.query(
        `SELECT r.*, (SELECT json_agg(b) FROM budget_lines b WHERE b.report_id = r.id) AS lines,
                (SELECT json_agg(k) FROM kpi_results k WHERE k.report_id = r.id) AS results,
                (SELECT row_to_json(p) FROM report_plans p WHERE p.report_id = r.id) AS plan
         FROM result_reports r WHERE r.id = $1`,
        [reportId],
      );

      await expect(app.dataSource.query(sql, [reportId])).rejects.toThrow(/published/);

      expect(
        await app.dataSource.query(
          `SELECT r.*, (SELECT json_agg(b) FROM budget_lines b WHERE b.report_id = r.id) AS lines,
                  (SELECT json_agg(k) FROM kpi_results k WHERE k.report_id = r.id) AS results,
                  (SELECT row_to_json(p) FROM report_plans p WHERE p.report_id = r.id) AS plan
           FROM result_reports r WHERE r.id = $1`,
          [reportId],
        ),
      ).toEqual(before);
    });

    it('refuses a project edit’s reach: the published report keeps its plan', async () => {
      const view = await reports.get(town.planner.actor, reportId);
      const stored = await projects.get(town.planner.actor, view.project.id);
      await projects.update(town.planner.actor, stored.id, {
        version: stored.version,
        name: '改称後の事業名',
        kpis: [{ position: 1, name: '別の指標', baseline: 0, target: 1, unit: '件' }],
        amendment: { effectiveFiscalYear: 2020, reason: '指標の差し替え' },
      });
      // Everything but the live project's version (what a project edit is checked against) is the report's own.
      const withoutProjectVersion = ({ project: { version: _version, ...project }, ...rest }: typeof view) => ({
        ...rest,
        project,
      });
      expect(withoutProjectVersion(await reports.get(town.planner.actor, reportId))).toEqual(
        withoutProjectVersion(view),
      );
      // Records that name the report (the audit log) name it as it was published, not as its project is called now.
      expect((await reports.titlesOf(town.organization.id, [reportId])).get(reportId)).toMatchObject({
        projectTitle: view.project.name,
      });
    });
  });

  describe('a correction (訂正)', () => {
    it('is started by an administrator with a reason, and publishing it again makes edition 2; edition 1 stays', async () => {
      const report = await app.given.report(await app.given.project(town.department), {
        status: ReportStatus.Published,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
      const published = await reports.get(town.planner.actor, report.id);

      expect(await refusalOf(workflow.startCorrection(town.planner.actor, report.id, '誤記'))).toBeInstanceOf(
        ForbiddenException,
      );
      const opened = await workflow.startCorrection(town.admin.actor, report.id, '④の実績額の誤記を訂正');
      expect(opened).toMatchObject({ status: ReportStatus.Correcting, correctionReason: '④の実績額の誤記を訂正' });
      expect(opened.editions).toEqual([{ edition: 1, publishedAt: expect.any(String), correctionReason: null }]);

      await reports.update(town.owner.actor, report.id, { version: opened.version, effectNarrative: '訂正後の説明' });
      await workflow.submitCorrection(town.owner.actor, report.id);
      const republished = await workflow.publish(town.planner.actor, report.id);

      expect(republished).toMatchObject({ status: ReportStatus.Published, effect: { narrative: '訂正後の説明' } });
      expect(republished.editions.map(({ edition, correctionReason }) => [edition, correctionReason])).toEqual([
        [1, null],
        [2, '④の実績額の誤記を訂正'],
      ]);
      const first = await reports.edition(town.planner.actor, report.id, 1);
      expect(first).toMatchObject({
        effect: published.effect,
        budgetLines: published.budgetLines,
        kpis: published.kpis,
      });
      expect(first.editions).toHaveLength(1);
      expect((await reports.edition(town.planner.actor, report.id, 2)).effect.narrative).toBe('訂正後の説明');
      expect(await app.auditActions(report.id)).toEqual(
        expect.arrayContaining([
          'report.correction_started',
          'report.edited',
          'correction.submitted',
          'report.published',
        ]),
      );
      // The app's role may only add editions (a trigger stops even the tables' owner).
      await expect(
        app.dataSource.query(`UPDATE report_editions SET correction_reason = 'x' WHERE report_id = $1`, [report.id]),
      ).rejects.toThrow(/permission denied for table report_editions/);
      await expect(
        app.dataSource.query(`DELETE FROM report_editions WHERE report_id = $1`, [report.id]),
      ).rejects.toThrow(/permission denied for table report_editions/);
    });

    it('is possible only from a published report (409 otherwise)', async () => {
      const draft = await app.given.report(await app.given.project(town.department));
      expect(await refusalOf(workflow.startCorrection(town.admin.actor, draft.id, '誤記'))).toBeInstanceOf(
        ConflictException,
      );
    });
  });

  describe('each year follows up the last (PDCA)', () => {
    const problemPaths = async (reportId: string) =>
      (await reports.get(town.owner.actor, reportId)).submission.problems.map((problem) => problem.path);

    it('shows the previous year’s decided 今後の方針 and asks what was done about it before submission', async () => {
      const project = await app.given.project(town.department);
      await app.given.report(project, {
        fiscalYear: 2021,
        status: ReportStatus.Published,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
      const draft = await app.given.report(project, { fiscalYear: 2022 });

      const view = await reports.get(town.owner.actor, draft.id);
      expect(view.followUp).toEqual({
        previousDecision: {
          fiscalYear: 2021,
          fiscalYearLabel: 'R3年度',
          decision: 'continue',
          label: '事業の継続',
          reason: '継続する。',
        },
        response: '',
      });
      expect(await problemPaths(draft.id)).toEqual(['/previousPolicyFollowUp']);
      expect(await refusalOf(workflow.submit(town.owner.actor, draft.id))).toMatchObject({
        response: { details: [{ path: '/previousPolicyFollowUp' }] },
      });

      await reports.update(town.owner.actor, draft.id, {
        version: view.version,
        previousPolicyFollowUp: '継続の方針を受け、商談会を2回増やした。',
        resultFactors: '商談会の回数を増やしたこと。',
        improvementMeasures: '来年度は海外バイヤーも招く。',
      });
      const submitted = await workflow.submit(town.owner.actor, draft.id);
      expect(submitted).toMatchObject({
        status: ReportStatus.Submitted,
        followUp: { response: '継続の方針を受け、商談会を2回増やした。' },
        analysis: { factors: '商談会の回数を増やしたこと。', measures: '来年度は海外バイヤーも招く。' },
      });
    });

    it('suggests ⑥ from the KPI achievement, and asks for a reason when the owner chooses another level', async () => {
      // 指標① 100 → 120, 124 reached: every KPI met its target.
      const draft = await app.given.report(await app.given.project(town.department));
      const view = await reports.get(town.owner.actor, draft.id);
      expect(view.effect.suggested).toMatchObject({ level: 'very_effective', provisional: false });
      expect(view.submission.ready).toBe(true);

      const cautious = await reports.update(town.owner.actor, draft.id, {
        version: view.version,
        effectLevel: EffectLevel.Effective,
      });
      expect(cautious.submission.problems.map((problem) => problem.path)).toEqual(['/effectLevelReason']);
      const explained = await reports.update(town.owner.actor, draft.id, {
        version: cautious.version,
        effectLevelReason: '指標は達成したが、来訪者数は横ばいのため。',
      });
      expect(explained).toMatchObject({
        effect: { level: 'effective', reason: '指標は達成したが、来訪者数は横ばいのため。' },
      });
      expect(explained.submission.ready).toBe(true);
    });
  });

  describe('a plan amendment (計画変更)', () => {
    // The given project's 指標① with another target.
    const kpi = (target: number) => [
      { position: 1, name: '商談件数', baseline: 100, target, unit: '件', targetYearMonth: '2025-03' },
    ];

    it('is required, with its effective year and reason, once a report of the project is past draft', async () => {
      const project = await app.given.project(town.department);
      await app.given.report(project, { fiscalYear: 2021, status: ReportStatus.Submitted });
      const stored = await projects.get(town.planner.actor, project.id);

      const refusal = await refusalOf(
        projects.update(town.planner.actor, project.id, { version: stored.version, kpis: kpi(150) }),
      );
      expect(refusal).toMatchObject({ response: { details: [{ path: '/amendment' }] } });
      expect((await projects.get(town.planner.actor, project.id)).kpis?.[0].target).toBe(120);
      expect(await projects.amendmentsOf(town.planner.actor, project.id)).toEqual([]);

      // Text-only edits are no amendment.
      await projects.update(town.planner.actor, project.id, { version: stored.version, overview: '概要を補足' });
    });

    it('is recorded with what it changed; drafts from its year on follow, earlier drafts keep their plan', async () => {
      const project = await app.given.project(town.department);
      await app.given.report(project, { fiscalYear: 2021, status: ReportStatus.Submitted });
      const draft2022 = await app.given.report(project, { fiscalYear: 2022 });
      const draft2023 = await app.given.report(project, { fiscalYear: 2023 });
      const stored = await projects.get(town.planner.actor, project.id);

      const { updatedDraftReportIds } = await projects.update(town.planner.actor, project.id, {
        version: stored.version,
        kpis: kpi(150),
        amendment: { effectiveFiscalYear: 2023, reason: '中間評価を受けて目標を引き上げる' },
      });

      expect(updatedDraftReportIds).toEqual([draft2023.id]);
      expect(await targetOf(draft2023.id)).toBe(150);
      expect(await targetOf(draft2022.id)).toBe(120);
      expect(await projects.amendmentsOf(town.planner.actor, project.id)).toEqual([
        expect.objectContaining({
          effectiveFiscalYear: 2023,
          reason: '中間評価を受けて目標を引き上げる',
          changes: [{ path: '/kpis/0/target', before: 120, after: 150 }],
          amendedBy: town.planner.id,
        }),
      ]);
      expect(await app.auditActions(project.id)).toEqual(expect.arrayContaining(['project.amended', 'project.edited']));
    });

    it('leaves earlier drafts’ period and KPIs when the project is edited again later, the rest following', async () => {
      const project = await app.given.project(town.department);
      await app.given.report(project, { fiscalYear: 2021, status: ReportStatus.Submitted });
      const draft = await app.given.report(project, { fiscalYear: 2022 });
      const amended = await projects.get(town.planner.actor, project.id);
      await projects.update(town.planner.actor, project.id, {
        version: amended.version,
        planEndFiscalYear: 2026,
        kpis: kpi(150),
        amendment: { effectiveFiscalYear: 2023, reason: '計画期間の延長と目標の引上げ' },
      });

      const stored = await projects.get(town.planner.actor, project.id);
      const { updatedDraftReportIds } = await projects.update(town.planner.actor, project.id, {
        version: stored.version,
        overview: '販路を全国に広げる。',
      });

      expect(updatedDraftReportIds).toEqual([draft.id]);
      const followed = await reports.get(town.planner.actor, draft.id);
      expect(followed.project).toMatchObject({ overview: '販路を全国に広げる。', planEndFiscalYear: 2024 });
      expect(followed.kpis[0].definition.target).toBe(120);
    });

    it('names a KPI by its number (指標①–④): a removed 指標② is not 指標③ renamed, for the record and for earlier years', async () => {
      const project = await app.given.project(town.department);
      const three = (thirdTarget: number) => [
        ...kpi(120),
        { position: 2, name: '来訪者数', baseline: 50, target: 80, unit: '人' },
        { position: 3, name: '新規出店数', baseline: 0, target: thirdTarget, unit: '店' },
      ];
      const edit = async (change: Omit<UpdateProjectRequest, 'version'>) =>
        projects.update(town.planner.actor, project.id, {
          version: (await projects.get(town.planner.actor, project.id)).version,
          ...change,
        });
      await edit({ kpis: three(10) });
      await app.given.report(project, { fiscalYear: 2021, status: ReportStatus.Submitted });
      const draft = await app.given.report(project, { fiscalYear: 2023 });

      await edit({ kpis: three(20), amendment: { effectiveFiscalYear: 2024, reason: '指標③の目標を引き上げる' } });
      await edit({
        kpis: three(20).filter(({ position }) => position !== 2),
        amendment: { effectiveFiscalYear: 2023, reason: '指標②を廃止する' },
      });

      const amendments = await projects.amendmentsOf(town.planner.actor, project.id);
      const removal = amendments.find(({ reason }) => reason === '指標②を廃止する')!;
      expect(removal.changes.map(({ path }) => path)).toEqual(
        expect.arrayContaining(['/kpis/1/name', '/kpis/1/target']),
      );
      expect(removal.changes.filter(({ path }) => !path.startsWith('/kpis/1/'))).toEqual([]);
      const followed = await reports.get(town.planner.actor, draft.id);
      expect(followed.kpis.map(({ definition }) => [definition.position, definition.name, definition.target])).toEqual([
        [1, '商談件数', 120],
        [3, '新規出店数', 10],
      ]);
    });

    it('names a KPI by its number in what its reports record: a removed 指標② is 指標②, and 指標③ stays 指標③', async () => {
      const project = await app.given.project(town.department);
      const three = [
        ...kpi(120),
        { position: 2, name: '来訪者数', baseline: 50, target: 80, unit: '人' },
        { position: 3, name: '新規出店数', baseline: 0, target: 10, unit: '店' },
      ];
      await projects.update(town.planner.actor, project.id, {
        version: (await projects.get(town.planner.actor, project.id)).version,
        kpis: three,
      });
      const draft = await app.given.report(project, { fiscalYear: 2023 });
      const enter = async (third: number) =>
        reports.update(town.owner.actor, draft.id, {
          version: (await reports.get(town.owner.actor, draft.id)).version,
          kpiResults: [
            { position: 1, latestValue: 110 },
            { position: 3, latestValue: third },
          ],
        });
      const entered = await enter(5);

      await projects.update(town.planner.actor, project.id, {
        version: (await projects.get(town.planner.actor, project.id)).version,
        kpis: three.filter(({ position }) => position !== 2),
      });

      const followed = (await app.auditEntries(draft.id)).at(-1)!;
      expect(followed.action).toBe('report.plan_followed');
      const changes = followed.details.changes as FieldChange[];
      expect(changes).toContainEqual({ path: '/project/kpis/1/name', before: '来訪者数', after: null });
      expect(changes.filter(({ path }) => !path.startsWith('/project/kpis/1/'))).toEqual([]);
      expect(new Set(changes.map(({ path }) => fieldLabel(path).slice(0, 4)))).toEqual(new Set(['⑤指標②']));
      const history = await reports.diff(town.owner.actor, draft.id, entered.version, entered.version + 1);
      // The history compares stored revisions, whose fields PostgreSQL keeps in an order of its own.
      expect(history).toHaveLength(changes.length);
      expect(history).toEqual(expect.arrayContaining(changes));

      await enter(6);

      const edited = (await app.auditEntries(draft.id)).at(-1)!;
      expect(edited.details.changes).toEqual([{ path: '/kpiResults/2/latestValue', before: 5, after: 6 }]);
      expect(fieldLabel('/kpiResults/2/latestValue')).toBe('⑤指標③の最新値');
    });

    it('is refused when it changes nothing of the plan', async () => {
      const project = await app.given.project(town.department);
      const stored = await projects.get(town.planner.actor, project.id);
      const refusal = await refusalOf(
        projects.update(town.planner.actor, project.id, {
          version: stored.version,
          overview: '概要だけ',
          amendment: { effectiveFiscalYear: 2022, reason: '理由' },
        }),
      );
      expect(refusal).toMatchObject({ response: { details: [{ path: '/amendment' }] } });
    });
  });
});
