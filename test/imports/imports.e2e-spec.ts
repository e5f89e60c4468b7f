import { Workbook } from 'exceljs';
import { randomUUID } from 'node:crypto';
import { rowsFromText } from '../../src/imports/source-rows';
import { ASAHIKAWA_R4_REPORTS, KUSHIRO_R4_PROJECTS } from '../fixtures/seed-reports';
import { isoYearMonth, projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import {
  as,
  expectReportToMatchSeed,
  type Municipality,
  municipality,
  PUBLISHED_ON,
  seedText,
} from './import-scenario';

const ASAHIKAWA = seedText('asahikawa-r4-results-report.txt');
const KUSHIRO = seedText('kushiro-r4-grant-kpi-results.txt');
const SOURCE = 'asahikawa-r4-results-report.txt';

/** The seed text with one published cell changed, as a user's own variation. */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** What was understood, without where it was found (line numbers move when whitespace does). */
function understood(dryRun: any) {
  return dryRun.reports.map(({ location: _location, errors, warnings, ...report }: any) => ({
    ...report,
    issues: [...errors, ...warnings].map(({ location: _at, ...issue }: any) => issue),
  }));
}

describe('Imports: the published layouts, with a dry run and an all-or-nothing confirmation', () => {
  let t: TestApp;
  let asahikawa: Municipality;
  let drafts: Municipality;
  let kushiro: Municipality;

  beforeAll(async () => {
    t = await createTestApp();
    asahikawa = await municipality(t, '012041', '旭川市');
    drafts = await municipality(t, '012025', '函館市');
    kushiro = await municipality(t, '012068', '釧路市');
  });

  afterAll(() => t.close());

  const imports = (m: Municipality, rest = '') => `/api/v1/organizations/${m.organizationId}/imports${rest}`;
  const dryRun = (m: Municipality, token: string, body: object) =>
    t.http().post(imports(m, '/dry-run')).set(as(token)).send(body);
  const confirm = (m: Municipality, token: string, body: object) => t.http().post(imports(m)).set(as(token)).send(body);
  const reportCount = async (m: Municipality) =>
    (await t.http().get(`/api/v1/organizations/${m.organizationId}/reports`).set(as(m.tokens.planning)).expect(200))
      .body.total as number;
  const projectCount = async (m: Municipality) =>
    (await t.http().get(`/api/v1/organizations/${m.organizationId}/projects`).set(as(m.tokens.planning)).expect(200))
      .body.total as number;

  describe('the Asahikawa R4 seed, loaded by an administrator as published history', () => {
    let checked: any;
    let imported: any;

    beforeAll(async () => {
      const body = {
        text: ASAHIKAWA,
        sourceName: SOURCE,
        departmentId: asahikawa.departments.economy,
        mode: 'published',
        publishedOn: PUBLISHED_ON,
      };
      checked = (await dryRun(asahikawa, asahikawa.tokens.admin, body).expect(200)).body;
      imported = (await confirm(asahikawa, asahikawa.tokens.admin, { ...body, checksum: checked.checksum }).expect(201))
        .body;
    });

    it('the dry run finds 5 reports, no errors, and says what it doubts', () => {
      expect(checked).toMatchObject({
        layout: 'result_report',
        mode: 'published',
        canConfirm: true,
        counts: { reports: 5, newProjects: 5, linkedProjects: 0, errors: 0 },
      });
      expect(checked.checksum).toMatch(/^[0-9a-f]{64}$/);
      const warnings = checked.reports.flatMap((report: any) =>
        report.warnings.map((warning: any) => [warning.code, warning.path]),
      );
      // The document is marked (案); reports 3–5 head ② with "R3年度の実施年数" although ④ is 令和4年度.
      expect(warnings.sort()).toEqual(
        [
          ...[0, 1, 2, 3, 4].map((index) => ['marked_draft', `/reports/${index}/status`]),
          ...[2, 3, 4].map((index) => ['fiscal_year_mismatch', `/reports/${index}/fiscalYear`]),
        ].sort(),
      );
      expect(checked.reports[3]).toMatchObject({
        fiscalYearLabel: 'R4年度',
        planYearLabel: '3年度目',
        statedPlanYear: 3,
        status: 'published',
        project: { action: 'create', planPeriodLabel: 'R2年度～R6年度' },
      });
      expect(checked.reports[2].project.jointApplicationNote).toBe('【北海道共同申請】');
    });

    it('yields 5 published reports whose every field equals the published text', async () => {
      expect(imported.reports).toHaveLength(5);
      for (const [index, seed] of ASAHIKAWA_R4_REPORTS.entries()) {
        const ref = imported.reports[index];
        expect(ref).toMatchObject({
          index,
          projectName: seed.projectName,
          fiscalYear: seed.fiscalYear,
          status: 'published',
          projectCreated: true,
        });
        const view = (
          await t
            .http()
            .get(`/api/v1/organizations/${asahikawa.organizationId}/reports/${ref.reportId}`)
            .set(as(asahikawa.tokens.planning))
            .expect(200)
        ).body;
        expectReportToMatchSeed(view, seed);
        expect(view).toMatchObject({ status: 'published', title: '事業実施結果報告', warnings: [] });
        expect(view.publishedAt).not.toBeNull();
      }
    });

    it('names the source file in the audit log, once per file and per report', async () => {
      const audit = (action: string) =>
        t
          .http()
          .get(`/api/v1/organizations/${asahikawa.organizationId}/audit`)
          .query({ action })
          .set(as(asahikawa.tokens.admin))
          .expect(200);
      const file = (await audit('import.confirmed')).body.items;
      expect(file).toHaveLength(1);
      expect(file[0].details).toMatchObject({
        source: SOURCE,
        checksum: checked.checksum,
        mode: 'published',
        layout: 'result_report',
      });
      expect(file[0].details.reports).toHaveLength(5);
      const perReport = (await audit('report.imported')).body.items;
      expect(perReport).toHaveLength(5);
      expect(perReport.map((entry: any) => entry.details.source)).toEqual(
        Array(5).fill({ file: SOURCE, checksum: checked.checksum }),
      );
      // Each names the version it made, so the report's 更新履歴 says the import made its first.
      for (const { reportId } of imported.reports) {
        const revisions = (
          await t
            .http()
            .get(`/api/v1/organizations/${asahikawa.organizationId}/reports/${reportId}/revisions`)
            .set(as(asahikawa.tokens.planning))
            .expect(200)
        ).body.map((revision: { version: number }) => revision.version);
        expect(perReport.find((entry: any) => entry.entityId === reportId).details.version).toBe(revisions.at(-1));
      }
      const projects = (await audit('project.created')).body.items;
      expect(projects).toHaveLength(5);
      const [seed] = ASAHIKAWA_R4_REPORTS;
      const first = projects.find((entry: any) => entry.entityId === imported.reports[0].projectId);
      expect(first.details).toMatchObject({ name: seed.projectName, source: { file: SOURCE }, mode: 'published' });
      // The project as the file gave it, as an edit records its changes.
      expect(first.details.changes).toEqual(
        expect.arrayContaining([
          { path: '/name', before: null, after: seed.projectName },
          { path: '/departmentId', before: null, after: asahikawa.departments.economy },
          { path: '/planStartFiscalYear', before: null, after: seed.planStartFiscalYear },
          { path: '/overview', before: null, after: seed.overview },
          { path: '/kpis/0/baseline', before: null, after: seed.kpis[0].baseline },
          { path: '/kpis/0/target', before: null, after: seed.kpis[0].target },
        ]),
      );
      expect(
        (
          await t
            .http()
            .get(`/api/v1/organizations/${asahikawa.organizationId}/audit/verify`)
            .set(as(asahikawa.tokens.admin))
            .expect(200)
        ).body.ok,
      ).toBe(true);
    });

    it('never overwrites: importing the same file again is refused whole', async () => {
      const body = {
        text: ASAHIKAWA,
        sourceName: SOURCE,
        departmentId: asahikawa.departments.economy,
        mode: 'published',
        publishedOn: PUBLISHED_ON,
      };
      const again = (await dryRun(asahikawa, asahikawa.tokens.admin, body).expect(200)).body;
      expect(again.canConfirm).toBe(false);
      expect(again.reports.map((report: any) => report.errors.map((error: any) => error.code))).toEqual(
        Array(5).fill(['report_exists']),
      );
      expect(again.reports[0].project).toMatchObject({ action: 'link', changes: [] });
      const refused = await confirm(asahikawa, asahikawa.tokens.admin, { ...body, checksum: again.checksum }).expect(
        422,
      );
      expect(refused.body.details).toHaveLength(5);
      expect(refused.body.details[0]).toMatchObject({ path: '/reports/0/fiscalYear' });
      expect(await reportCount(asahikawa)).toBe(5);
    });
  });

  describe('variations of the seed, imported as drafts', () => {
    const base = () => ({ text: ASAHIKAWA, departmentId: drafts.departments.economy });

    it('reads the same whatever the whitespace around cells, blank lines and line endings', async () => {
      let state = 7;
      const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
      const pad = () => [' ', '  ', '\u3000', ''][Math.floor(random() * 4)];
      const shuffled = ASAHIKAWA.split('\n')
        .map((line) =>
          line
            .split('\t')
            .map((cell) => (cell === '' ? (random() < 0.3 ? ' ' : '') : `${pad()}${cell}${pad()}`))
            .join('\t'),
        )
        .flatMap((line) => (random() < 0.3 ? [line, ''] : [`${line}${random() < 0.3 ? '\t\t' : ''}`]))
        .join('\r\n');
      const original = (await dryRun(drafts, drafts.tokens.owner, base()).expect(200)).body;
      const variant = (await dryRun(drafts, drafts.tokens.owner, { ...base(), text: shuffled }).expect(200)).body;
      expect(variant.checksum).not.toBe(original.checksum);
      expect(understood(variant)).toEqual(understood(original));
      expect(original.counts.errors).toBe(0);
    });

    it('warns about a missing KPI row and imports the rest', async () => {
      const text = replaceOnce(
        ASAHIKAWA,
        '指標②\t海外展開に向けた商品サービスの開発件数\t0\t30\t件\tR6.3月\t22 (R5.6月)\t\n',
        '',
      );
      const result = (await dryRun(drafts, drafts.tokens.owner, { ...base(), text }).expect(200)).body;
      expect(result.canConfirm).toBe(true);
      expect(result.reports[0].warnings).toContainEqual(
        expect.objectContaining({
          code: 'kpi_missing',
          path: '/reports/0/project/kpis',
          message: expect.stringContaining('指標②'),
        }),
      );
      expect(result.reports[0].project.kpis.map((kpi: any) => kpi.label)).toEqual(['指標①', '指標③']);
    });

    it('flags a 合計 that differs from the sum of the lines, keeping the computed total', async () => {
      const text = replaceOnce(ASAHIKAWA, '13,405 (6,702)\t13,015 (6,507)', '13,405 (6,702)\t13,105 (6,507)');
      const result = (await dryRun(drafts, drafts.tokens.owner, { ...base(), text }).expect(200)).body;
      const report = result.reports[2];
      expect(report.warnings).toContainEqual(
        expect.objectContaining({
          code: 'total_mismatch',
          path: '/reports/2/typedTotals/actualAmount',
          message: expect.stringMatching(/13,105.*13,015/),
        }),
      );
      expect(report.typedTotals.actualAmount).toBe(13_105);
      expect(report.computedTotals.actualAmount).toBe(13_015);
      expect(result.canConfirm).toBe(true);
    });

    it('reports an unknown policy wording as an error for published history, and for drafts only that ⑦⑧ are not imported', async () => {
      const text = replaceOnce(
        ASAHIKAWA,
        '事業の終了 (当初予定通り事業を終了する(または、した))',
        '事業の縮小 (規模を縮小して継続する)',
      );
      const draft = (await dryRun(drafts, drafts.tokens.owner, { ...base(), text }).expect(200)).body;
      expect(draft.reports[2].warnings).not.toContainEqual(expect.objectContaining({ code: 'unknown_wording' }));
      expect(draft.reports[2].warnings).toContainEqual(
        expect.objectContaining({ code: 'not_imported', path: '/reports/2/panelRating' }),
      );
      const history = (
        await dryRun(drafts, drafts.tokens.admin, {
          ...base(),
          text,
          mode: 'published',
          publishedOn: PUBLISHED_ON,
        }).expect(200)
      ).body;
      expect(history.canConfirm).toBe(false);
      expect(history.reports[2].errors).toEqual([
        expect.objectContaining({ code: 'unknown_wording', path: '/reports/2/policyDecision' }),
      ]);
    });

    it('rejects broken numbers field by field and writes nothing', async () => {
      let text = replaceOnce(
        ASAHIKAWA,
        '9,048 (4,524)\t5,198 (2,599)\t\t\t\n合計',
        '9,O48 (4,524)\t5,198 (2,599)\t\t\t\n合計',
      );
      text = replaceOnce(text, '124 (R5.6月)', '12a4 (R5.6月)');
      text = replaceOnce(text, '1,083\t1,300\t千泊\tR7.3', '1,083\t1,300\t千泊\tR7.13');
      const result = (await dryRun(drafts, drafts.tokens.owner, { ...base(), text }).expect(200)).body;
      expect(result.canConfirm).toBe(false);
      expect(result.counts.errors).toBe(3);
      expect(result.reports[0].errors).toEqual([
        expect.objectContaining({
          code: 'unreadable_value',
          path: '/reports/0/budgetLines/0/budgetAmount',
          raw: '9,O48 (4,524)',
          location: '9行目',
        }),
        expect.objectContaining({
          code: 'unreadable_value',
          path: '/reports/0/kpiResults/0/latestValue',
          raw: '12a4 (R5.6月)',
        }),
      ]);
      expect(result.reports[4].errors).toEqual([
        expect.objectContaining({ path: '/reports/4/project/kpis/2/targetYearMonth', raw: 'R7.13' }),
      ]);
      const refused = await confirm(drafts, drafts.tokens.owner, { ...base(), text, checksum: result.checksum }).expect(
        422,
      );
      expect(refused.body.details.map((detail: any) => detail.path)).toEqual([
        '/reports/0/budgetLines/0/budgetAmount',
        '/reports/0/kpiResults/0/latestValue',
        '/reports/4/project/kpis/2/targetYearMonth',
      ]);
      expect(await reportCount(drafts)).toBe(0);
      expect(await projectCount(drafts)).toBe(0);
    });

    it('never crashes on text that is no report at all', async () => {
      for (const text of [
        'hello\tworld',
        '①国提出事業名',
        '\t\t\n\n',
        '"unterminated\tquote\n", "x"',
        'No\t①国提出事業名\t②実施計画期間\n\t\t\n④市予算事業\n合計\t\t\tabc',
      ]) {
        const result = (await dryRun(drafts, drafts.tokens.owner, { ...base(), text }).expect(200)).body;
        expect(result.canConfirm).toBe(false);
        expect(result.counts.errors).toBeGreaterThan(0);
      }
    });

    it('refuses a changed file at confirmation, and writes nothing if the stored state changed since the dry run', async () => {
      const checked = (await dryRun(drafts, drafts.tokens.owner, base()).expect(200)).body;
      expect(checked.canConfirm).toBe(true);
      await confirm(drafts, drafts.tokens.owner, {
        ...base(),
        text: `${ASAHIKAWA}\n`,
        checksum: checked.checksum,
      }).expect(409);

      // Someone enters report No.3 by hand between the dry run and the confirmation.
      const seed = ASAHIKAWA_R4_REPORTS[2];
      const project = (
        await t
          .http()
          .post(`/api/v1/organizations/${drafts.organizationId}/projects`)
          .set(as(drafts.tokens.owner))
          .send(projectRequest(seed, drafts.departments.economy))
          .expect(201)
      ).body;
      await t
        .http()
        .post(`/api/v1/organizations/${drafts.organizationId}/reports`)
        .set(as(drafts.tokens.owner))
        .send({ projectId: project.id, fiscalYear: 2022 })
        .expect(201);
      const refused = await confirm(drafts, drafts.tokens.owner, { ...base(), checksum: checked.checksum }).expect(422);
      expect(refused.body.details).toEqual([expect.objectContaining({ path: '/reports/2/fiscalYear' })]);
      expect(await reportCount(drafts)).toBe(1);
      expect(await projectCount(drafts)).toBe(1);
      await t
        .http()
        .delete(
          `/api/v1/organizations/${drafts.organizationId}/reports/${(await t.http().get(`/api/v1/organizations/${drafts.organizationId}/reports`).set(as(drafts.tokens.owner))).body.items[0].id}`,
        )
        .set(as(drafts.tokens.owner))
        .expect(204);
    });

    it("points an issue of a KPI row at that KPI among the stored project's KPIs it lands on", async () => {
      // No.3 is stored with 指標①②③; this sheet leaves out ② and the unit of ③.
      let text = replaceOnce(
        ASAHIKAWA,
        '指標② 就労体験者数(「旭川圏トライアルワーク事業」による)\t0\t880\t人\tR6.3\t125\t\n',
        '',
      );
      text = replaceOnce(text, '1,750\t人\tR6.3', '1,750\t\tR6.3');
      const report = (await dryRun(drafts, drafts.tokens.owner, { ...base(), text }).expect(200)).body.reports[2];
      expect(report.project.action).toBe('link');
      expect(report.project.kpis.map((kpi: any) => kpi.label)).toEqual(['指標①', '指標②', '指標③']);
      expect(report.warnings).toContainEqual(
        expect.objectContaining({
          code: 'kpi_without_unit',
          path: '/reports/2/project/kpis/2/unit',
          message: expect.stringMatching(/^⑤指標③/),
        }),
      );
    });

    it("lands as drafts of the owner's department, without ⑦ and ⑧, reusing a stored project", async () => {
      const checked = (await dryRun(drafts, drafts.tokens.owner, base()).expect(200)).body;
      expect(checked.counts).toMatchObject({ reports: 5, newProjects: 4, linkedProjects: 1 });
      expect(checked.reports[2].project).toMatchObject({ action: 'link' });
      const result = (await confirm(drafts, drafts.tokens.owner, { ...base(), checksum: checked.checksum }).expect(201))
        .body;
      expect(result.reports.map((report: any) => [report.status, report.projectCreated])).toEqual([
        ['draft', true],
        ['draft', true],
        ['draft', false],
        ['draft', true],
        ['draft', true],
      ]);
      const view = (
        await t
          .http()
          .get(`/api/v1/organizations/${drafts.organizationId}/reports/${result.reports[0].reportId}`)
          .set(as(drafts.tokens.owner))
          .expect(200)
      ).body;
      const seed = ASAHIKAWA_R4_REPORTS[0];
      expect(view).toMatchObject({
        status: 'draft',
        title: '事業実施結果報告(案)',
        evaluation: { rating: null, opinion: '' },
        policy: { decision: null, reason: '' },
      });
      expect(view.effect).toMatchObject({
        level: 'effective',
        levelLabel: seed.effectLevel,
        narrative: seed.effectNarrative,
      });
      expect(view.project.departmentId).toBe(drafts.departments.economy);
      // The published level is more cautious than the KPI-based suggestion: the owner explains it before submitting.
      expect(view.submission).toEqual({
        ready: false,
        problems: [{ path: '/effectLevelReason', message: expect.stringContaining('地方創生に相当程度効果があった') }],
      });
      expect(
        (
          await t
            .http()
            .get(`/api/v1/organizations/${drafts.organizationId}/reports/${result.reports[0].reportId}/revisions`)
            .set(as(drafts.tokens.owner))
            .expect(200)
        ).body,
      ).toHaveLength(1);
    });

    it('reads an uploaded workbook and text file like pasted text', async () => {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('R4');
      for (const row of rowsFromText(ASAHIKAWA).rows) sheet.addRow(row.cells);
      const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
      const pasted = (
        await dryRun(asahikawa, asahikawa.tokens.planning, {
          text: ASAHIKAWA,
          departmentId: asahikawa.departments.tourism,
        }).expect(200)
      ).body;
      const upload = (file: Buffer, name: string) =>
        t
          .http()
          .post(imports(asahikawa, '/dry-run/upload'))
          .set(as(asahikawa.tokens.planning))
          .field('departmentId', asahikawa.departments.tourism)
          .attach('file', file, name);
      const fromWorkbook = (await upload(xlsx, '旭川市R4.xlsx').expect(200)).body;
      expect(fromWorkbook.sourceName).toBe('旭川市R4.xlsx');
      expect(fromWorkbook.reports[0].location).toBe('シート「R4」の3行目');
      expect(understood(fromWorkbook)).toEqual(understood(pasted));
      const fromText = (await upload(Buffer.from(ASAHIKAWA, 'utf8'), 'r4.txt').expect(200)).body;
      expect(fromText.checksum).toBe(pasted.checksum);

      await upload(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)]), 'broken.xlsx').expect(400);
      await upload(Buffer.from([0xff, 0xfe, 0x00, 0x81, 0xff, 0x80]), 'binary.bin').expect(400);
      const legacy = await upload(
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]),
        'old.xls',
      ).expect(400);
      expect(legacy.body.message).toContain('.xlsx');
      // A CSV has its headings: the dry run says commas are not read, not that the headings are missing.
      const csv = (await upload(Buffer.from(ASAHIKAWA.replace(/\t/g, ','), 'utf8'), 'r4.csv').expect(200)).body;
      expect(csv.errors.map(({ code, message }: any) => [code, message])).toEqual([
        [
          'comma_separated',
          expect.stringMatching(/^カンマ区切り\(CSV\)の内容は読み取れません。.*xlsx.*貼り付けてください。$/),
        ],
      ]);
      await t
        .http()
        .post(imports(asahikawa, '/dry-run/upload'))
        .set(as(asahikawa.tokens.planning))
        .field('departmentId', asahikawa.departments.tourism)
        .expect(400);
    });
  });

  it('lets only the right people import where they may', async () => {
    const body = { text: ASAHIKAWA, departmentId: drafts.departments.economy };
    await dryRun(drafts, drafts.tokens.expert, body).expect(403);
    await dryRun(drafts, drafts.tokens.owner, { ...body, mode: 'published' }).expect(403);
    await dryRun(drafts, drafts.tokens.planning, { ...body, mode: 'published' }).expect(403);
    await dryRun(drafts, drafts.tokens.otherOwner, body).expect(403);
    await dryRun(drafts, drafts.tokens.owner, { ...body, departmentId: randomUUID() }).expect(400);
    await dryRun(drafts, drafts.tokens.owner, { ...body, grantTypeCode: 'nonsense' }).expect(400);
    await dryRun(drafts, drafts.tokens.owner, { departmentId: body.departmentId }).expect(400);
    await dryRun(asahikawa, drafts.tokens.owner, body).expect(404);
    // The stored projects of this file belong to 経済部: the other department's owner may not add years to them.
    const other = (
      await dryRun(drafts, drafts.tokens.admin, { ...body, departmentId: drafts.departments.tourism }).expect(200)
    ).body;
    expect(other.reports[0].warnings).toContainEqual(expect.objectContaining({ code: 'project_in_other_department' }));
  });

  it('imports the Kushiro KPI table: projects, KPIs and yearly actuals R1…R4', async () => {
    const body = {
      text: KUSHIRO,
      sourceName: 'kushiro-r4-grant-kpi-results.txt',
      departmentId: kushiro.departments.economy,
    };
    const checked = (await dryRun(kushiro, kushiro.tokens.planning, body).expect(200)).body;
    expect(checked).toMatchObject({
      layout: 'kpi_table',
      canConfirm: true,
      counts: { reports: 6, newProjects: 6, errors: 0 },
    });
    expect(checked.reports.map((report: any) => report.warnings.map((warning: any) => warning.code))).toEqual(
      Array(6).fill(['plan_period_derived']),
    );
    const result = (
      await confirm(kushiro, kushiro.tokens.planning, { ...body, checksum: checked.checksum }).expect(201)
    ).body;
    const grantLabels = { null: '地方創生推進交付金' } as Record<string, string>;
    for (const [index, seed] of KUSHIRO_R4_PROJECTS.entries()) {
      const view = (
        await t
          .http()
          .get(`/api/v1/organizations/${kushiro.organizationId}/reports/${result.reports[index].reportId}`)
          .set(as(kushiro.tokens.planning))
          .expect(200)
      ).body;
      expect(checked.reports[index].section).toBe(seed.section);
      expect({
        name: view.project.name,
        grant: view.project.grantTypeLabel,
        overview: view.project.overview,
        fiscalYear: view.fiscalYear,
        status: view.status,
      }).toEqual({
        name: seed.name,
        grant: seed.grantType ?? grantLabels.null,
        overview: seed.overview,
        fiscalYear: 2022,
        status: 'draft',
      });
      expect(
        view.kpis.map((kpi: any) => ({
          name: kpi.definition.name,
          target: kpi.definition.target,
          unit: kpi.definition.unit,
          targetYearMonth: kpi.definition.targetYearMonth,
          actuals: Object.fromEntries(kpi.yearlyActuals.map((actual: any) => [actual.fiscalYear, actual.value])),
          latestValue: kpi.latestValue,
        })),
      ).toEqual(
        seed.kpis.map((kpi) => ({
          name: kpi.name,
          target: kpi.target,
          unit: kpi.unit,
          targetYearMonth: isoYearMonth(kpi.targetYearMonth),
          actuals: kpi.actuals,
          latestValue: kpi.actuals[2022],
        })),
      );
      expect(view.planYearLabel).not.toBeNull();
    }
  });
});
