import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { Role } from '../../../src/access/role';
import { GrantProject } from '../../../src/projects/grant-project.entity';
import { ProjectsService } from '../../../src/projects/projects.service';
import { EffectLevel } from '../../../src/reports/report/assessment';
import { KpiResult } from '../../../src/reports/report/kpi-result.entity';
import { ReportRevision } from '../../../src/reports/report/report-revision.entity';
import { ResultReport } from '../../../src/reports/report/result-report.entity';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { fieldLabel } from '../../../src/web/messages/field-labels';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, detailPaths, type MediumApp, refusalOf } from '../support/medium-app';

describe('ReportsService: starting and saving drafts', () => {
  let app: MediumApp;
  let reports: ReportsService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    reports = app.get(ReportsService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  const budgetLine = {
    name: '販路開拓事業',
    budgetAmount: 9048,
    budgetGrantAmount: 4524,
    actualAmount: 8800,
    actualGrantAmount: 4400,
  };

  describe('create', () => {
    it('lets the owning department start an empty draft for a year of the plan period: version 1, its first revision, audited', async () => {
      const project = await app.given.project(town.department, { planStartFiscalYear: 2021, planEndFiscalYear: 2025 });

      const view = await reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2023 });

      expect(view).toMatchObject({
        status: ReportStatus.Draft,
        fiscalYear: 2023,
        version: 1,
        planYearLabel: '3年度目',
        budgetLines: [],
        submission: { ready: false },
      });
      expect(await app.footprint(view.id)).toMatchObject({ revisions: 1, audits: 1, outbox: 0 });
      expect(await app.auditActions(view.id)).toEqual(['report.created']);
    });

    it('lets planning start one as well', async () => {
      const project = await app.given.project(town.department);

      await expect(
        reports.create(town.planner.actor, { projectId: project.id, fiscalYear: 2022 }),
      ).resolves.toMatchObject({ status: ReportStatus.Draft });
    });

    it('refuses a year outside the plan period (400) and one already reported on (409)', async () => {
      const project = await app.given.project(town.department, { planStartFiscalYear: 2020, planEndFiscalYear: 2024 });
      await app.given.report(project, { fiscalYear: 2022 });

      const outside = await refusalOf(reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2025 }));
      expect(outside).toBeInstanceOf(BadRequestException);
      expect(detailPaths(outside)).toEqual(['/fiscalYear']);
      expect(
        await refusalOf(reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2022 })),
      ).toBeInstanceOf(ConflictException);
    });

    it("does not show another department's project to an owner (404)", async () => {
      const project = await app.given.project(await app.given.department(town.organization));

      expect(
        await refusalOf(reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2022 })),
      ).toBeInstanceOf(NotFoundException);
    });
  });

  describe('update (saving a draft)', () => {
    const ownDraft = async () =>
      app.given.report(await app.given.project(town.department), { complete: false, savedBy: town.owner });

    it('saves the sections sent and nothing else; the version moves on by one and a revision records the change', async () => {
      const report = await ownDraft();
      const before = await app.footprint(report.id);

      const view = await reports.update(town.owner.actor, report.id, {
        version: report.version,
        budgetLines: [budgetLine],
        effectLevel: EffectLevel.Effective,
      });

      expect(view).toMatchObject({
        version: report.version + 1,
        effect: { level: EffectLevel.Effective, narrative: '' },
      });
      expect(view.budgetLines).toEqual([{ ...budgetLine, summary: '', results: '' }]);
      expect(view.totals.computed).toMatchObject({ budgetAmount: 9048, actualGrantAmount: 4400 });
      expect(await app.footprint(report.id)).toMatchObject({
        revisions: before.revisions + 1,
        audits: before.audits + 1,
      });
      expect(await app.auditActions(report.id)).toEqual(['report.edited']);
    });

    it('moves the version on by one also when someone else saved the draft last', async () => {
      const report = await app.given.report(await app.given.project(town.department), {
        complete: false,
        savedBy: town.planner,
      });

      const view = await reports.update(town.owner.actor, report.id, {
        version: report.version,
        effectNarrative: '担当課が追記',
      });

      expect(view.version).toBe(report.version + 1);
    });

    it('writes nothing for a save that changes nothing: no new version, revision or audit entry', async () => {
      const report = await ownDraft();
      const saved = await reports.update(town.owner.actor, report.id, {
        version: report.version,
        budgetLines: [budgetLine],
        effectNarrative: '最初の保存',
      });
      const before = await app.footprint(report.id);

      const onlyVersion = await reports.update(town.owner.actor, report.id, { version: saved.version });
      const sameAgain = await reports.update(town.owner.actor, report.id, {
        version: saved.version,
        budgetLines: [budgetLine],
        effectNarrative: '最初の保存',
      });

      expect(onlyVersion).toEqual(saved);
      expect(sameAgain).toEqual(saved);
      expect(await app.footprint(report.id)).toEqual(before);
      expect(await app.auditActions(report.id)).toEqual(['report.edited']);
    });

    it('writes nothing for confirming warnings that are confirmed already', async () => {
      const report = await app.given.report(await app.given.project(town.department), { savedBy: town.owner });
      // A total typed from the published table that differs from the lines' sum: a warning to confirm.
      const typed = await reports.update(town.owner.actor, report.id, {
        version: report.version,
        typedTotals: { budgetAmount: 1 },
      });
      const keys = typed.warnings.map((warning) => warning.key);
      expect(keys).toEqual([expect.stringMatching(/^total_mismatch:budgetAmount:/)]);
      const confirmed = await reports.acknowledgeWarnings(town.owner.actor, report.id, {
        version: typed.version,
        keys,
      });
      const before = await app.footprint(report.id);

      const again = await reports.acknowledgeWarnings(town.owner.actor, report.id, {
        version: confirmed.version,
        keys,
      });

      expect(again.version).toBe(confirmed.version);
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('refuses a stale version with 409 naming the current one, and writes nothing', async () => {
      const report = await ownDraft();
      const loaded = report.version;
      await reports.update(town.owner.actor, report.id, { version: loaded, effectNarrative: '最初の保存' });
      const before = await app.footprint(report.id);

      const refusal = await refusalOf(
        reports.update(town.owner.actor, report.id, {
          version: loaded,
          effectNarrative: '古い版からの保存',
          budgetLines: [budgetLine],
        }),
      );

      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.getResponse()).toMatchObject({ details: { currentVersion: loaded + 1 } });
      expect(await app.footprint(report.id)).toEqual(before);
      expect(await reports.get(town.owner.actor, report.id)).toMatchObject({
        effect: { narrative: '最初の保存' },
        budgetLines: [],
      });
    });

    describe('from a version saved over since (two tabs, or two people of the department)', () => {
      // Started as the department starts one, with the first revision that later versions are compared with.
      const startedDraft = async (project?: GrantProject) =>
        reports.create(town.owner.actor, {
          projectId: (project ?? (await app.given.project(town.department))).id,
          fiscalYear: 2022,
        });

      it('saves each section opened at that version: ④, then ③ (the project’s), then ⑥ are all kept', async () => {
        const project = await app.given.project(town.department);
        const report = await startedDraft(project);
        const opened = report.version;

        await reports.update(town.owner.actor, report.id, { version: opened, budgetLines: [budgetLine] });
        await app.get(ProjectsService).update(town.owner.actor, project.id, {
          version: project.version,
          overview: '別のタブで書いた③',
        });
        const view = await reports.update(town.owner.actor, report.id, { version: opened, effectNarrative: '⑥の説明' });

        expect(view).toMatchObject({
          version: opened + 3,
          project: { overview: '別のタブで書いた③' },
          effect: { narrative: '⑥の説明' },
        });
        expect(view.budgetLines).toEqual([{ ...budgetLine, summary: '', results: '' }]);
      });

      it('refuses a section changed since with 409 naming the changes and the current version, and writes nothing', async () => {
        const report = await startedDraft();
        const opened = report.version;
        await reports.update(town.owner.actor, report.id, { version: opened, effectNarrative: '別のタブの説明' });
        const before = await app.footprint(report.id);

        const refusal = await refusalOf(
          reports.update(town.owner.actor, report.id, { version: opened, effectNarrative: 'このタブの説明' }),
        );

        expect(refusal).toBeInstanceOf(ConflictException);
        expect(refusal.getResponse()).toMatchObject({
          details: {
            currentVersion: opened + 1,
            changes: [{ path: '/effectNarrative', before: '', after: '別のタブの説明' }],
          },
        });
        expect(await app.footprint(report.id)).toEqual(before);
        expect((await reports.get(town.owner.actor, report.id)).effect.narrative).toBe('別のタブの説明');
      });

      it('saves over those changes when sent again with the current version the refusal named', async () => {
        const report = await startedDraft();
        await reports.update(town.owner.actor, report.id, {
          version: report.version,
          effectNarrative: '別のタブの説明',
        });
        const refusal = await refusalOf(
          reports.update(town.owner.actor, report.id, { version: report.version, effectNarrative: 'このタブの説明' }),
        );
        const { currentVersion } = (refusal.getResponse() as { details: { currentVersion: number } }).details;

        const view = await reports.update(town.owner.actor, report.id, {
          version: currentVersion,
          effectNarrative: 'このタブの説明',
        });

        expect(view).toMatchObject({ version: currentVersion + 1, effect: { narrative: 'このタブの説明' } });
      });
    });

    it('refuses the whole save when one part is invalid: the valid parts are not written either', async () => {
      const report = await ownDraft();
      const before = await app.footprint(report.id);

      const refusal = await refusalOf(
        reports.update(town.owner.actor, report.id, {
          version: report.version,
          effectNarrative: '保存されない',
          budgetLines: [budgetLine],
          kpiResults: [{ position: 2, latestValue: 5 }],
        }),
      );

      expect(refusal).toBeInstanceOf(BadRequestException);
      expect(detailPaths(refusal)).toEqual(['/kpiResults/0/position']);
      expect(await app.footprint(report.id)).toEqual(before);
      expect(await reports.get(town.owner.actor, report.id)).toMatchObject({
        effect: { narrative: '' },
        budgetLines: [],
      });
    });

    it('is for the owning department while the report is a draft: planning gets 403, a submitted report 409', async () => {
      const draft = await app.given.report(await app.given.project(town.department));
      const submitted = await app.given.report(await app.given.project(town.department), {
        status: ReportStatus.Submitted,
      });

      expect(
        await refusalOf(
          reports.update(town.planner.actor, draft.id, { version: draft.version, effectNarrative: '変更' }),
        ),
      ).toBeInstanceOf(ForbiddenException);
      expect(
        await refusalOf(
          reports.update(town.owner.actor, submitted.id, { version: submitted.version, effectNarrative: '変更' }),
        ),
      ).toBeInstanceOf(ConflictException);
    });

    it('answers 404 to an external expert who is not assigned to the report', async () => {
      const report = await app.given.report(await app.given.project(town.department));
      const expertOnly = await app.given.user({ organization: town.organization, roles: [Role.ExternalExpert] });

      expect(
        await refusalOf(
          reports.update(expertOnly.actor, report.id, { version: report.version, effectNarrative: '変更' }),
        ),
      ).toBeInstanceOf(NotFoundException);
    });
  });

  describe('update: 年度ごとの実績 (a KPI’s yearly actuals)', () => {
    // R5–R7, reported on for R6: actuals may be of R5 and R6.
    const draftOfR6 = async () => {
      const project = await app.given.project(town.department, { planStartFiscalYear: 2023, planEndFiscalYear: 2025 });
      return app.given.report(project, { fiscalYear: 2024, complete: false, savedBy: town.owner });
    };
    const withActuals = (version: number, yearlyActuals: { fiscalYear: number; value: number | null }[]) => ({
      version,
      kpiResults: [{ position: 1, yearlyActuals }],
    });
    const storedActuals = async (reportId: string) =>
      (await reports.get(town.owner.actor, reportId)).kpis[0].yearlyActuals;

    it('takes actuals of the years from the plan’s start up to the report’s own', async () => {
      const report = await draftOfR6();

      await reports.update(
        town.owner.actor,
        report.id,
        withActuals(report.version, [
          { fiscalYear: 2023, value: 80 },
          { fiscalYear: 2024, value: 95 },
        ]),
      );

      expect(await storedActuals(report.id)).toEqual([
        { fiscalYear: 2023, value: 80 },
        { fiscalYear: 2024, value: 95 },
      ]);
    });

    it.each([
      ['a year long before the project', 2015, 'H27年度', 1],
      ['a year of the plan after the report’s own', 2025, 'R7年度', 0],
    ])(
      'refuses %s (400), naming the KPI, the year and the years allowed, and writes nothing',
      async (_case, year, label, row) => {
        const report = await draftOfR6();
        const before = await app.footprint(report.id);

        const refusal = await refusalOf(
          reports.update(
            town.owner.actor,
            report.id,
            withActuals(report.version, [
              ...(row === 1 ? [{ fiscalYear: 2023, value: 80 }] : []),
              { fiscalYear: year, value: 12 },
            ]),
          ),
        );

        expect(refusal).toBeInstanceOf(BadRequestException);
        expect(refusal.message).toContain(`⑤指標①の${label}の実績は記録できません`);
        expect(refusal.message).toContain('(R5年度～R6年度)');
        expect(detailPaths(refusal)).toEqual([`/kpiResults/0/yearlyActuals/${row}/value`]);
        expect(await app.footprint(report.id)).toEqual(before);
      },
    );

    it('records a year added before the others as that year added, in the audit log and the version history alike', async () => {
      const report = await draftOfR6();
      const saved = await reports.update(
        town.owner.actor,
        report.id,
        withActuals(report.version, [{ fiscalYear: 2024, value: 95 }]),
      );
      // A revision stored before actuals were recorded by year, as it stays stored.
      await app.dataSource.getRepository(ReportRevision).update(
        { reportId: report.id, version: saved.version },
        {
          snapshot: () =>
            `jsonb_set(snapshot, '{kpiResults,0,yearlyActuals}', '[{"fiscalYear": 2024, "value": 95}]'::jsonb)`,
        },
      );

      const inserted = await reports.update(
        town.owner.actor,
        report.id,
        withActuals(saved.version, [
          { fiscalYear: 2023, value: 80 },
          { fiscalYear: 2024, value: 95 },
        ]),
      );

      const added = [{ path: '/kpiResults/0/yearlyActuals/2023', before: null, after: 80 }];
      const edited = (await app.auditEntries(report.id)).at(-1)!;
      expect(edited.details.changes).toEqual(added);
      expect(await reports.diff(town.owner.actor, report.id, saved.version, inserted.version)).toEqual(added);
      expect(fieldLabel(added[0].path)).toBe('⑤指標①のR5年度の実績');
    });

    it('keeps an actual stored outside those years while it is sent back as it is; changing it is refused, leaving it out removes it', async () => {
      const report = await draftOfR6();
      await app.dataSource
        .getRepository(KpiResult)
        .insert({ reportId: report.id, position: 1, yearlyActuals: [{ fiscalYear: 2015, value: 7 }] });
      const stored = { fiscalYear: 2015, value: 7 };

      const kept = await reports.update(
        town.owner.actor,
        report.id,
        withActuals(report.version, [stored, { fiscalYear: 2024, value: 95 }]),
      );
      const changed = await refusalOf(
        reports.update(town.owner.actor, report.id, withActuals(kept.version, [{ fiscalYear: 2015, value: 8 }])),
      );
      const removed = await reports.update(
        town.owner.actor,
        report.id,
        withActuals(kept.version, [{ fiscalYear: 2024, value: 95 }]),
      );

      expect(kept.kpis[0].yearlyActuals).toEqual([stored, { fiscalYear: 2024, value: 95 }]);
      expect(changed).toBeInstanceOf(BadRequestException);
      expect(removed.kpis[0].yearlyActuals).toEqual([{ fiscalYear: 2024, value: 95 }]);
    });

    it('starts a new draft with the published years it may list only', async () => {
      const project = await app.given.project(town.department, { planStartFiscalYear: 2020, planEndFiscalYear: 2024 });
      for (const fiscalYear of [2020, 2021])
        await app.given.report(project, {
          fiscalYear,
          status: ReportStatus.Published,
          proposedBy: town.planner.id,
          approvedBy: town.approver.id,
        });
      // The plan amended since to start a year later.
      await app.dataSource.getRepository(GrantProject).update({ id: project.id }, { planStartFiscalYear: 2021 });

      const started = await reports.create(town.owner.actor, { projectId: project.id, fiscalYear: 2022 });

      expect(started.kpis[0].yearlyActuals).toEqual([{ fiscalYear: 2021, value: 124 }]);
    });

    it('leaves a published report holding such an actual readable as it was', async () => {
      const project = await app.given.project(town.department, { planStartFiscalYear: 2023, planEndFiscalYear: 2025 });
      const report = await app.given.report(project, {
        fiscalYear: 2024,
        status: ReportStatus.Decided,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
      // Its parts are written before its publication, which freezes them.
      await app.dataSource
        .getRepository(KpiResult)
        .update({ reportId: report.id, position: 1 }, { yearlyActuals: [{ fiscalYear: 2015, value: 7 }] });
      await app.dataSource
        .getRepository(ResultReport)
        .update({ id: report.id }, { status: ReportStatus.Published, publishedAt: new Date() });

      expect(await storedActuals(report.id)).toEqual([{ fiscalYear: 2015, value: 7 }]);
    });
  });

  describe('versionReturned (what a resubmission is compared with)', () => {
    it('is the last version submitted before the latest 差戻し, whatever was submitted after it', async () => {
      const report = await app.given.report(await app.given.project(town.department));
      await app.given.submission(report, town.owner);
      await app.given.returned(report, town.planner, '最初の理由');
      await app.given.submission(report, town.owner);
      await app.given.returned(report, town.planner, '二度目の理由');
      await app.given.submission(report, town.owner);

      expect(await reports.versionReturned(town.planner.actor, report.id)).toBe(2);
    });

    it('is null for a report never returned', async () => {
      const report = await app.given.report(await app.given.project(town.department));
      await app.given.submission(report, town.owner);

      expect(await reports.versionReturned(town.planner.actor, report.id)).toBeNull();
    });

    it('answers 404 to an external expert who is not assigned to the report', async () => {
      const report = await app.given.report(await app.given.project(town.department));
      const expertOnly = await app.given.user({ organization: town.organization, roles: [Role.ExternalExpert] });

      expect(await refusalOf(reports.versionReturned(expertOnly.actor, report.id))).toBeInstanceOf(NotFoundException);
    });
  });
});
