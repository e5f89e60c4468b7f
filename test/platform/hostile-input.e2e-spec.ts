import { request as httpRequest, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Client } from 'pg';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { ictParkR2Report } from '../imports/import-scenario';
import { journeySteps } from '../support/journey-steps';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { lockWaitersOutsidePool } from '../support/lock-waits';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';

/** Input an attacker (or a careless paste) sends: each is refused with 400 naming the field, and nothing is saved. */
describe('Hostile input', () => {
  let t: TestApp;
  let cast: Cast;
  let report: { id: string; projectId: string };
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const org = () => `/api/v1/organizations/${cast.organizationId}`;
  const reportPath = () => `${org()}/reports/${report.id}`;
  const projectPath = () => `${org()}/projects/${report.projectId}`;
  const stored = async () => (await t.http().get(reportPath()).set(as('planner')).expect(200)).body;
  const storedProject = async () => (await t.http().get(projectPath()).set(as('planner')).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    const seed = ASAHIKAWA_R4_REPORTS[0];
    const view = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    report = { id: view.id, projectId: view.project.id };
  });

  afterAll(() => t.close());

  const refused = (response: { status: number; body: { details?: { path: string }[] } }, path: string) => {
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  };

  /**
   * The dry run of an import of the ICT park's R2 report with `from` written as `to`: its one report. When that report
   * has errors, the import cannot be confirmed either (422, nothing written).
   */
  async function importedWith(from: string, to: string) {
    const text = ictParkR2Report();
    expect(text).toContain(from);
    const body = { text: text.replace(from, to), sourceName: 'changed.txt', departmentId: cast.departmentId };
    const dryRun = await t.http().post(`${org()}/imports/dry-run`).set(as('admin')).send(body).expect(200);
    const [report] = dryRun.body.reports;
    if (report.errors.length > 0) {
      expect(dryRun.body.canConfirm).toBe(false);
      await t
        .http()
        .post(`${org()}/imports`)
        .set(as('admin'))
        .send({ ...body, checksum: dryRun.body.checksum })
        .expect(422);
    }
    return report;
  }

  describe('year-months and fiscal years before H元 or after 2100', () => {
    it.each(['1900-01', '0000-01', '1988-12', '2101-04'])(
      'refuses actualAsOf %j and keeps the report',
      async (value) => {
        const before = await stored();
        const response = await t
          .http()
          .patch(reportPath())
          .set(as('owner'))
          .send({ version: before.version, actualAsOf: value });
        refused(response, '/actualAsOf');
        expect(await stored()).toEqual(before);
      },
    );

    it('refuses a KPI result measured in 1900-01', async () => {
      const before = await stored();
      const response = await t
        .http()
        .patch(reportPath())
        .set(as('owner'))
        .send({ version: before.version, kpiResults: [{ position: 1, latestValue: 1, latestAsOf: '1900-01' }] });
      refused(response, '/kpiResults/0/latestAsOf');
      expect(await stored()).toEqual(before);
    });

    it('refuses a KPI target month of 1988-12 and keeps the project', async () => {
      const before = await storedProject();
      const response = await t
        .http()
        .patch(projectPath())
        .set(as('owner'))
        .send({
          version: before.version,
          kpis: [{ position: 1, name: '商談成立数', targetYearMonth: '1988-12' }],
        });
      refused(response, '/kpis/0/targetYearMonth');
      expect(await storedProject()).toEqual(before);
      await t.http().get(`${org()}/reports?fiscalYear=2022`).set(as('planner')).expect(200);
    });

    it('takes a KPI target in March 2101, the last month of fiscal 2100, and no month after, in an import too', async () => {
      const target = (month: string) => `指標①\t情報通信業就職者数\t0\t27\t人\t${month}\t`;
      expect((await importedWith(target('R5.3'), target('R83.3'))).project.kpis[0].targetYearMonth).toBe('2101-03');
      expect((await importedWith(target('R5.3'), target('R83.4'))).errors).toEqual([
        expect.objectContaining({
          path: '/reports/0/project/kpis/0/targetYearMonth',
          message: '⑤指標①の目標年月「R83.4」は取り込める年月(H元.1月からR83.3月まで)の外です。',
        }),
      ]);
    });

    it('finds a plan ending past fiscal 2100 in the dry run of an import, which cannot be confirmed', async () => {
      const report = await importedWith('R2年度～R4年度 (初年度)', 'R2年度～R90年度 (初年度)');
      expect(report.errors).toEqual([
        expect.objectContaining({
          path: '/reports/0/project/planEndFiscalYear',
          message: 'R90年度は取り込める年度(平成元年度から2100年度まで)の外です。年度を確かめてください。',
        }),
      ]);
    });

    it.each([1988, 2101, 'H0'])('refuses the fiscal year %j', async (fiscalYear) => {
      const response = await t
        .http()
        .post(`${org()}/reports`)
        .set(as('owner'))
        .send({ projectId: report.projectId, fiscalYear });
      refused(response, '/fiscalYear');
      refused(await t.http().get(`${org()}/reports?fiscalYear=${fiscalYear}`).set(as('planner')), '/fiscalYear');
    });

    it.each([1988, 2101, 'H0', 'next-year'])(
      'refuses the fiscal year %j in the path of every route of a year, before anything is read or written',
      async (fiscalYear) => {
        const year = encodeURIComponent(fiscalYear);
        for (const path of [
          `exports/fiscal-years/${year}`,
          `year-summaries/${year}`,
          `year-summaries/${year}/xlsx`,
          `committee-packs/${year}`,
          `committee-packs/${year}.xlsx`,
        ])
          refused(await t.http().get(`${org()}/${path}`).set(as('planner')), '/fiscalYear');
        refused(await t.http().post(`${org()}/committee-packs/${year}/import`).set(as('planner')), '/fiscalYear');
        const before = await stored();
        refused(
          await t
            .http()
            .post(`${org()}/fiscal-years/${year}/acceptances`)
            .set(as('planner'))
            .send({ reportIds: [report.id], experts: [cast.userIds.expertA], dueDate: '2099-12-31' }),
          '/fiscalYear',
        );
        refused(
          await t
            .http()
            .post(`${org()}/fiscal-years/${year}/publications`)
            .set(as('planner'))
            .send({ reportIds: [report.id] }),
          '/fiscalYear',
        );
        expect(await stored()).toEqual(before);
      },
    );
  });

  describe('due dates', () => {
    it.each(['2026-W51-1', '2026-12', '2026-350', '20261220', '2026-12-20T10:00:00Z', '2026-02-30'])(
      'refuses %j as the experts’ due date and as a cycle’s',
      async (dueDate) => {
        const assign = await t
          .http()
          .post(`${reportPath()}/assignments`)
          .set(as('admin'))
          .send({ experts: [cast.userIds.expertA], dueDate });
        refused(assign, '/dueDate');
        const open = await t
          .http()
          .post(`${org()}/cycles`)
          .set(as('admin'))
          .send({ fiscalYear: 2026, submissionDueDate: dueDate, reviewDueDate: dueDate });
        refused(open, '/submissionDueDate');
        refused(open, '/reviewDueDate');
      },
    );

    it('leaves no assignment or cycle behind', async () => {
      expect((await t.http().get(`${reportPath()}/assignments`).set(as('planner')).expect(200)).body).toEqual([]);
      expect((await t.http().get(`${org()}/cycles`).set(as('planner')).expect(200)).body).toEqual([]);
    });
  });

  describe('numbers past what is stored and read back exactly', () => {
    it.each([
      ['latestValue', { kpiResults: [{ position: 1, latestValue: 1e16 }] }, '/kpiResults/0/latestValue'],
      [
        'a yearly actual',
        { kpiResults: [{ position: 1, yearlyActuals: [{ fiscalYear: 2021, value: -1e16 }] }] },
        '/kpiResults/0/yearlyActuals/0/value',
      ],
      ['an amount', { budgetLines: [{ name: '事業', budgetAmount: 1e13 }] }, '/budgetLines/0/budgetAmount'],
      // Pages and files write ten decimals at most: more would read rounded, two values the same.
      ['latestValue', { kpiResults: [{ position: 1, latestValue: 0.12345678912 }] }, '/kpiResults/0/latestValue'],
      [
        'a yearly actual',
        { kpiResults: [{ position: 1, yearlyActuals: [{ fiscalYear: 2021, value: 1e-11 }] }] },
        '/kpiResults/0/yearlyActuals/0/value',
      ],
    ])('refuses %s beyond its limit or its decimals and keeps the report', async (_name, change, path) => {
      const before = await stored();
      const response = await t
        .http()
        .patch(reportPath())
        .set(as('owner'))
        .send({ version: before.version, ...change });
      refused(response, path);
      expect(await stored()).toEqual(before);
    });

    it.each([
      [
        'an amount past the bigint column',
        '60,814 (30,407)',
        '12345678901234567890 (30,407)',
        /^\/reports\/0\/budgetLines\/0\//,
      ],
      [
        'an amount written as 1e21 and more',
        '60,814 (30,407)',
        '1234567890123456789012 (30,407)',
        /^\/reports\/0\/budgetLines\/0\//,
      ],
      [
        'a KPI value of twenty digits',
        '指標①\t情報通信業就職者数\t0\t27\t人\tR5.3\t6 (R3.3)',
        '指標①\t情報通信業就職者数\t0\t27\t人\tR5.3\t99999999999999999999 (R3.3)',
        /^\/reports\/0\/kpiResults\/0\/latestValue$/,
      ],
      [
        'a KPI value of eleven decimals',
        '指標①\t情報通信業就職者数\t0\t27\t人\tR5.3\t6 (R3.3)',
        '指標①\t情報通信業就職者数\t0\t27\t人\tR5.3\t0.12345678912 (R3.3)',
        /^\/reports\/0\/kpiResults\/0\/latestValue$/,
      ],
    ])('finds %s in the dry run of an import, which cannot be confirmed', async (name, from, to, path) => {
      const [problem] = (await importedWith(from, to)).errors;
      expect(problem.path).toMatch(path);
      expect(problem.message).toContain(name.includes('decimals') ? '小数点以下10桁まで' : '大きすぎます');
    });
  });

  describe('page and version numbers', () => {
    it.each([
      ['reports', () => `${org()}/reports?page=1e18`, 'planner'],
      ['audit', () => `${org()}/audit?page=1e18`, 'planner'],
      ['notifications', () => '/api/v1/notifications?page=1e18', 'owner'],
      ['reports, page 10,001', () => `${org()}/reports?page=10001`, 'planner'],
    ])('refuses a page past 10,000 of %s', async (_list, url, who) => {
      refused(await t.http().get(url()).set(as(who)), '/page');
    });

    it('refuses revision numbers past int4', async () => {
      refused(await t.http().get(`${reportPath()}/revisions/diff?from=2147483648&to=1`).set(as('planner')), '/from');
      refused(await t.http().get(`${reportPath()}/revisions/diff?from=1&to=1e18`).set(as('planner')), '/to');
      refused(await t.http().patch(reportPath()).set(as('owner')).send({ version: 2147483648 }), '/version');
    });

    it.each(['2147483648', '99999999999999999999', '0'])(
      'answers 404 for edition %s, as for any edition that does not exist',
      async (edition) => {
        await t.http().get(`${reportPath()}/editions/${edition}`).set(as('planner')).expect(404);
      },
    );
  });

  describe('null and text that cannot be stored', () => {
    it.each([
      ['effectNarrative', { effectNarrative: null }, '/effectNarrative'],
      ['budgetLines', { budgetLines: null }, '/budgetLines'],
      ['a budget line name', { budgetLines: [{ name: null }] }, '/budgetLines/0/name'],
      ['NUL', { effectNarrative: 'a\u0000b' }, '/effectNarrative'],
      ['a lone surrogate', { resultFactors: 'x\udc00' }, '/resultFactors'],
      ['a NUL in a budget line', { budgetLines: [{ name: '事業\u0000' }] }, '/budgetLines/0/name'],
      // Pasted from Word or PowerPoint, or characters no workbook (XML 1.0) can carry.
      ['a backspace', { effectNarrative: '意見\bです' }, '/effectNarrative'],
      ['a vertical tab', { resultFactors: '一行目\u000B二行目' }, '/resultFactors'],
      ['DEL', { effectNarrative: 'a\u007F' }, '/effectNarrative'],
      ['U+FFFE', { budgetLines: [{ name: '事業\uFFFE' }] }, '/budgetLines/0/name'],
      ['U+FFFF', { effectNarrative: '報告\uFFFF' }, '/effectNarrative'],
      // 10,001 characters but 20,002 UTF-16 units: past the limit as the import and a spreadsheet cell count it.
      ['a text of 20,002 units', { effectNarrative: '𠮷'.repeat(10_001) }, '/effectNarrative'],
      ['a list as the typed totals', { typedTotals: [] }, '/typedTotals'],
      ['a list inside the KPI results', { kpiResults: [[]] }, '/kpiResults'],
    ])('refuses %s in a report and keeps it', async (_case, fields, path) => {
      const before = await stored();
      refused(
        await t
          .http()
          .patch(reportPath())
          .set(as('owner'))
          .send({ version: before.version, ...fields }),
        path,
      );
      expect(await stored()).toEqual(before);
    });

    it.each([
      ['a null name', { name: null }, '/name'],
      ['a null plan start', { planStartFiscalYear: null }, '/planStartFiscalYear'],
      ['a null overview', { overview: null }, '/overview'],
      ['a NUL in the name', { name: '事業\u0000' }, '/name'],
      ['a vertical tab in the overview', { overview: '概要の一行目\u000B二行目' }, '/overview'],
    ])('refuses %s of a project and keeps it', async (_case, fields, path) => {
      const before = await storedProject();
      refused(
        await t
          .http()
          .patch(projectPath())
          .set(as('owner'))
          .send({ version: before.version, ...fields }),
        path,
      );
      expect(await storedProject()).toEqual(before);
    });

    it('refuses NUL and lone surrogates in search filters', async () => {
      refused(await t.http().get(`${org()}/reports?q=%00`).set(as('planner')), '/q');
      // A lone surrogate cannot survive URL decoding: its UTF-8 bytes arrive as U+FFFD, harmless text.
      expect((await t.http().get(`${org()}/reports?q=%ED%B0%80`).set(as('planner'))).status).toBe(200);
      refused(await t.http().get(`${org()}/audit?action=a%00`).set(as('planner')), '/action');
      refused(await t.http().get(`${org()}/reports?q=%0B`).set(as('planner')), '/q');
    });

    it('refuses an import file with a cell the same rule refuses at its dry run, naming the cell', async () => {
      const upload = (content: string, route = 'dry-run/upload', checksum?: string) => {
        const request = t
          .http()
          .post(`${org()}/imports/${route}`)
          .set(as('admin'))
          .field('departmentId', cast.departmentId);
        if (checksum) void request.field('checksum', checksum);
        return request.attach('file', Buffer.from(content, 'utf8'), 'changed.txt');
      };
      const text = ictParkR2Report();
      const lines = text.split('\n');
      const row = lines.findIndex((line) => line.includes('②実施計画期間'));
      const column = lines[row].split('\t').findIndex((cell) => cell.includes('②実施計画期間'));
      const nul = await upload(text.replace('②実施計画期間', '②実施計画期間\u0000'));
      expect(nul.status).toBe(400);
      expect(nul.body.message).toMatch(`The cell in row ${row + 1}, column ${column + 1} holds U+0000`);
      const verticalTab = await upload(text.replace('②実施計画期間', '②実施計画期間\u000B'));
      expect(verticalTab.status).toBe(400);
      expect(verticalTab.body.message).toMatch(/holds U\+000B, a character text may not hold/);
    });
  });

  describe('text of spaces alone where text is required', () => {
    // Half-width spaces, the IME's full-width ones (U+3000) and line breaks: each is nothing entered, as an empty field.
    const BLANKS = ['   ', '\u3000\u3000', ' \n\t\u3000'];
    const step = journeySteps();
    const seed = ASAHIKAWA_R4_REPORTS[1];
    let reviewedId: string;
    const assignmentOf: Record<string, string> = {};
    const reviewed = (rest = '') => `${org()}/reports/${reviewedId}${rest}`;
    /** The report as those taking part read it: its view, its experts' assignments, its thread. */
    const reviewState = async () => ({
      report: (await t.http().get(reviewed()).set(as('planner')).expect(200)).body,
      assignments: (await t.http().get(reviewed('/assignments')).set(as('planner')).expect(200)).body,
      comments: (await t.http().get(reviewed('/comments')).set(as('planner')).expect(200)).body,
    });
    type Answer = { status: number; body: { details?: { path: string }[] } };

    /** Each blank is refused with 400 naming `path`, and what `state` reads stays as it was. */
    async function refusesBlanks(path: string, send: (blank: string) => PromiseLike<Answer>, state = reviewState) {
      for (const blank of BLANKS) {
        const before = await state();
        refused(await send(blank), path);
        expect(await state()).toEqual(before);
      }
    }

    step('a 差戻し comment', async () => {
      reviewedId = (await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed)).id;
      await t.http().post(reviewed('/submit')).set(as('owner')).expect(200);
      await refusesBlanks('/comment', (blank) =>
        t.http().post(reviewed('/return')).set(as('planner')).send({ comment: blank }),
      );
    });

    step('an expert’s question, opinion and decline, and the reasons to dismiss or remove an expert', async () => {
      await t
        .http()
        .post(reviewed('/accept'))
        .set(as('planner'))
        .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(14) })
        .expect(200);
      for (const assignment of (await reviewState()).assignments)
        assignmentOf[assignment.expertUserId === cast.userIds.expertA ? 'expertA' : 'expertB'] = assignment.id;
      const assignment = (who: string, rest = '') => reviewed(`/assignments/${assignmentOf[who]}${rest}`);
      await t
        .http()
        .post(assignment('expertA', '/respond'))
        .set(as('expertA'))
        .send({ accept: true, conflictOfInterest: 'none' })
        .expect(200);

      await refusesBlanks('/body', (blank) =>
        t.http().post(reviewed('/questions')).set(as('expertA')).send({ body: blank }),
      );
      await refusesBlanks('/opinion', (blank) =>
        t
          .http()
          .put(assignment('expertA', '/opinion'))
          .set(as('expertA'))
          .send({ rating: 'effective', opinion: blank, opinionSubmittedAtRead: null }),
      );
      await refusesBlanks('/reason', (blank) =>
        t
          .http()
          .post(assignment('expertB', '/respond'))
          .set(as('expertB'))
          .send({ accept: false, declineReasonKind: 'other', reason: blank }),
      );
      await refusesBlanks('/suggestedExpert/name', (blank) =>
        t
          .http()
          .post(assignment('expertB', '/respond'))
          .set(as('expertB'))
          .send({
            accept: false,
            declineReasonKind: 'no_time',
            suggestedExpert: { name: blank, email: 'x@example.jp' },
          }),
      );
      await refusesBlanks('/note', (blank) =>
        t.http().post(assignment('expertB', '/dismiss')).set(as('planner')).send({ note: blank }),
      );
      await refusesBlanks('/reason', (blank) =>
        t.http().delete(assignment('expertB')).set(as('admin')).send({ reason: blank }),
      );

      const question = await t
        .http()
        .post(reviewed('/questions'))
        .set(as('expertA'))
        .send({ body: '代替策はありますか。' })
        .expect(201);
      await refusesBlanks('/body', (blank) =>
        t
          .http()
          .post(reviewed(`/questions/${question.body.id}/answer`))
          .set(as('owner'))
          .send({ body: blank }),
      );
    });

    step('⑦ the consolidated opinion', async () => {
      await t
        .http()
        .post(reviewed(`/assignments/${assignmentOf.expertB}/dismiss`))
        .set(as('planner'))
        .send({ note: '期限までに回答がなかったため。' })
        .expect(200);
      await t
        .http()
        .put(reviewed(`/assignments/${assignmentOf.expertA}/opinion`))
        .set(as('expertA'))
        .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
        .expect(200);
      await refusesBlanks('/opinion', (blank) =>
        t.http().post(reviewed('/evaluate')).set(as('planner')).send({ rating: 'effective', opinion: blank }),
      );
    });

    step('⑧ the reason of the policy, and a 方針案’s 差戻し comment', async () => {
      await t
        .http()
        .post(reviewed('/evaluate'))
        .set(as('planner'))
        .send({ rating: 'effective', opinion: seed.panelOpinion })
        .expect(200);
      await refusesBlanks('/reason', (blank) =>
        t.http().post(reviewed('/propose')).set(as('planner')).send({ decision: 'continue', reason: blank }),
      );
      await t
        .http()
        .post(reviewed('/propose'))
        .set(as('planner'))
        .send({ decision: 'continue', reason: seed.policyReason })
        .expect(200);
      await refusesBlanks('/comment', (blank) =>
        t.http().post(reviewed('/send-back')).set(as('approver')).send({ comment: blank }),
      );
    });

    step('an administrator’s reasons to redo a decision, correct a publication and withdraw it', async () => {
      await t.http().post(reviewed('/approve')).set(as('approver')).expect(200);
      await refusesBlanks('/reason', (blank) =>
        t.http().post(reviewed('/reopen')).set(as('admin')).send({ reason: blank }),
      );
      await t.http().post(reviewed('/publish')).set(as('planner')).expect(200);
      for (const route of ['/correct', '/withdraw-publication'])
        await refusesBlanks('/reason', (blank) =>
          t.http().post(reviewed(route)).set(as('admin')).send({ reason: blank }),
        );
    });

    step('the names of a project, its KPI and a department, and the reason of a plan amendment', async () => {
      const project = async (change: object) => {
        const { version } = await storedProject();
        return t
          .http()
          .patch(projectPath())
          .set(as('owner'))
          .send({ version, ...change });
      };
      await refusesBlanks('/name', (blank) => project({ name: blank }), storedProject);
      await refusesBlanks('/kpis/0/name', (blank) => project({ kpis: [{ position: 1, name: blank }] }), storedProject);
      await refusesBlanks(
        '/amendment/reason',
        (blank) => project({ amendment: { effectiveFiscalYear: 2022, reason: blank } }),
        storedProject,
      );
      const departments = async () => (await t.http().get(`${org()}/departments`).set(as('admin')).expect(200)).body;
      await refusesBlanks(
        '/name',
        (blank) => t.http().post(`${org()}/departments`).set(as('admin')).send({ name: blank }),
        departments,
      );
    });
  });

  it('refuses null as the effect threshold and keeps the setting', async () => {
    const before = (await t.http().get(org()).set(as('admin')).expect(200)).body;
    refused(
      await t
        .http()
        .patch(`${org()}/settings`)
        .set(as('admin'))
        .send({ effectCloseThreshold: null, settingsChecksum: before.settingsChecksum }),
      '/effectCloseThreshold',
    );
    expect((await t.http().get(org()).set(as('admin')).expect(200)).body).toEqual(before);
  });

  it('refuses an effect threshold of four decimals, which its column would round, and keeps the setting', async () => {
    const before = (await t.http().get(org()).set(as('admin')).expect(200)).body;
    refused(
      await t
        .http()
        .patch(`${org()}/settings`)
        .set(as('admin'))
        .send({ effectCloseThreshold: 0.8125, settingsChecksum: before.settingsChecksum }),
      '/effectCloseThreshold',
    );
    expect((await t.http().get(org()).set(as('admin')).expect(200)).body).toEqual(before);
  });

  it('refuses null as the project choices of an import', async () => {
    const dryRun = await t
      .http()
      .post(`${org()}/imports/dry-run`)
      .set(as('owner'))
      .send({ departmentId: cast.departmentId, text: '事業名\tテスト', projectChoices: null });
    refused(dryRun, '/projectChoices');
  });

  it('refuses a list inside the notification preferences', async () => {
    refused(
      await t
        .http()
        .put('/api/v1/notifications/preferences')
        .set(as('planner'))
        .send({ choices: [[]] }),
      '/choices',
    );
  });

  it('refuses the same event type twice in notification preferences', async () => {
    const choices = [
      { eventType: 'report.submitted', channel: 'email' },
      { eventType: 'report.submitted', channel: 'in_app' },
    ];
    const before = (await t.http().get('/api/v1/notifications/preferences').set(as('planner')).expect(200)).body;
    refused(await t.http().put('/api/v1/notifications/preferences').set(as('planner')).send({ choices }), '/choices');
    expect((await t.http().get('/api/v1/notifications/preferences').set(as('planner')).expect(200)).body).toEqual(
      before,
    );
  });

  describe('the pages', () => {
    async function sessionCookie(email: string): Promise<string> {
      const login = await t.http().post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
      return String(login.headers['set-cookie']).split(';')[0];
    }

    /** A page as a browser has it: its URL, the cookies it was shown with and the CSRF token of its forms. */
    async function openPage(url: string, cookies: string[] = []) {
      const page = await t.http().get(url).set('Cookie', cookies.join('; ')).expect(200);
      for (const cookie of [page.headers['set-cookie'] ?? []].flat()) cookies.push(cookie.split(';')[0]);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      expect(csrf).toBeDefined();
      return { url, cookie: cookies.join('; '), csrf: csrf! };
    }

    async function signedInPage(section: string) {
      const url = `/o/${cast.organizationId}/reports/${report.id}/sections/${section}`;
      const page = await openPage(url, [await sessionCookie('owner@example.jp')]);
      return (form: Record<string, string>) =>
        t
          .http()
          .post(url)
          .set('Cookie', page.cookie)
          .type('form')
          .send({ _csrf: page.csrf, ...form });
    }

    describe('a form posted without a form body (none, or another type), the token in its header', () => {
      const post = (page: { url: string; cookie: string; csrf: string }, type?: string) => {
        const request = t.http().post(page.url).set('Cookie', page.cookie).set('x-csrf-token', page.csrf);
        return type ? request.set('Content-Type', type).send('x') : request;
      };

      it.each([undefined, 'text/plain', 'application/octet-stream'])(
        'refuses the sign-in sent with %s with 400, not 500',
        async (type) => {
          const page = await openPage('/sign-in');
          const response = await post(page, type);
          expect(response.status).toBe(400);
          expect(response.text).toContain('メールアドレス');
        },
      );

      it.each([undefined, 'text/plain'])(
        'refuses a report section sent with %s as a stale edit (it names no version), not 500, keeping the report',
        async (type) => {
          const before = await stored();
          const url = `/o/${cast.organizationId}/reports/${report.id}/sections/effect`;
          const page = await openPage(url, [await sessionCookie('owner@example.jp')]);
          const response = await post(page, type);
          expect(response.status).toBe(409);
          expect(await stored()).toEqual(before);
        },
      );
    });

    describe('refused before any page reads it, shown as a page', () => {
      it('refuses a section form over 1 MB with the error page, saying the limit and how to go on, and keeps the report', async () => {
        const before = await stored();
        const post = await signedInPage('effect');
        const response = await post({ '/version': String(before.version), '/effectNarrative': 'x'.repeat(1_100_000) });
        expect(response.status).toBe(413);
        expect(response.type).toBe('text/html');
        expect(response.text).toContain(
          '文章は1つの欄に20,000字まで書けます。ブラウザの「戻る」で入力していたページに戻り',
        );
        expect(await stored()).toEqual(before);
      });

      it.each([
        [
          'a form in a charset the service does not read',
          'application/x-www-form-urlencoded; charset=koi8-r',
          'a=1',
          415,
          '送信された内容を読み取れませんでした',
        ],
        ['malformed JSON', 'application/json', '{"a":', 400, '入力内容を確認してください'],
      ])('refuses %s with the error page', async (_case, type, body, status, message) => {
        const url = `/o/${cast.organizationId}/reports/${report.id}/sections/effect`;
        const page = await openPage(url, [await sessionCookie('owner@example.jp')]);
        const response = await t
          .http()
          .post(url)
          .set('Cookie', page.cookie)
          .set('x-csrf-token', page.csrf)
          .set('Content-Type', type)
          .send(body);
        expect(response.status).toBe(status);
        expect(response.type).toBe('text/html');
        expect(response.text).toContain(message);
      });

      it('answers the API with its JSON body for the same refusals', async () => {
        const response = await t
          .http()
          .patch(reportPath())
          .set(as('owner'))
          .set('Content-Type', 'application/json')
          .send('{"a":');
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      });
    });

    it.each(['kpiv_csrf', 'kpiv_session'])(
      'shows the pages to a browser whose %s cookie holds j:-prefixed JSON',
      async (name) => {
        for (const value of ['j:1', 'j:{}', 'j:[1]']) {
          await t.http().get('/sign-in').set('Cookie', `${name}=${value}`).expect(200);
          const page = await t.http().get(`/o/${cast.organizationId}/reports`).set('Cookie', `${name}=${value}`);
          expect(page.status).toBeLessThan(500);
        }
      },
    );

    it.each(['inbox', 'reports/:reportId/audit'])('show %s for a page number past any list', async (path) => {
      const cookie = await sessionCookie('planner@example.jp');
      const url = `/o/${cast.organizationId}/${path.replace(':reportId', report.id)}?page=99999999999999999999`;
      await t.http().get(url).set('Cookie', cookie).expect(200);
    });

    describe('a year at the edges of what is read (H元 to 2100)', () => {
      const yearPage = async (path: string, fiscalYear: string) =>
        t
          .http()
          .get(`/o/${cast.organizationId}/${path}?fiscalYear=${encodeURIComponent(fiscalYear)}`)
          .set('Cookie', await sessionCookie('planner@example.jp'));

      it.each(['board', 'summary'])(
        'shows %s of H元 with no year before it to step to, and of 2100 with none after',
        async (path) => {
          const first = await yearPage(path, 'H元');
          expect(first.status).toBe(200);
          expect(first.text).not.toContain('前の年度');
          expect(first.text).toContain('?fiscalYear=1990');
          const last = await yearPage(path, '2100');
          expect(last.status).toBe(200);
          expect(last.text).not.toContain('次の年度');
          expect(last.text).toContain('?fiscalYear=2099');
        },
      );

      it.each([
        ['board', '2101'],
        ['summary', 'R83'],
        ['my-reports', '1988'],
        ['experts', '2200'],
      ])('answers %s with the year %j refused with 400, saying which years it reads', async (path, fiscalYear) => {
        const response = await yearPage(path, fiscalYear);
        expect(response.status).toBe(400);
        expect(response.text).toContain(
          path === 'experts'
            ? '年度は一覧から選んでください'
            : '平成元年度(1989年度)から2100年度までで入力してください',
        );
      });
    });

    it('refuses a year-month before H元 on the budget section and keeps the report', async () => {
      const before = await stored();
      const post = await signedInPage('budget');
      const response = await post({ '/version': String(before.version), '/actualAsOf': '1900-01' });
      expect(response.status).toBe(400);
      expect(await stored()).toEqual(before);
    });

    it('refuses NUL in a text field on the effect section and keeps the report', async () => {
      const before = await stored();
      const post = await signedInPage('effect');
      const response = await post({ '/version': String(before.version), '/effectNarrative': 'a\u0000b' });
      expect(response.status).toBe(400);
      expect(await stored()).toEqual(before);
    });

    it('shows the section again with a pasted control character said beside its field, as typed, and keeps the report', async () => {
      const before = await stored();
      const post = await signedInPage('effect');
      const response = await post({ '/version': String(before.version), '/effectNarrative': '意見\u000Bです' });
      expect(response.status).toBe(400);
      expect(response.text).toMatch(
        /id="f-effectNarrative-error">.*⑥事業効果の説明に使えない文字\(制御文字\)が含まれています。/,
      );
      expect(response.text).toContain('意見\u000Bです</textarea>');
      expect(await stored()).toEqual(before);
    });
  });

  describe('bodies bounded by what each route needs', () => {
    it('refuses a 9.6 MB sign-in at once with 413, and a 2 MB report save with 413, keeping the report', async () => {
      const started = Date.now();
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ email: 'a@b.jp', password: 'x'.repeat(9_600_000) }));
      expect(login.status).toBe(413);
      expect(Date.now() - started).toBeLessThan(5_000);

      const before = await stored();
      const save = await t
        .http()
        .patch(reportPath())
        .set(as('owner'))
        .send({ version: before.version, effectNarrative: 'x'.repeat(2_000_000) });
      expect(save.status).toBe(413);
      expect(await stored()).toEqual(before);
    });

    it('reads two large bodies at a time over the routes that take files, refusing one more at once with 503', async () => {
      const server = t.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const dryRun = `${org()}/imports/dry-run`;
      const large = JSON.stringify({ text: 'x'.repeat(2_000_000) });
      const send = () => t.http().post(dryRun).set(as('owner')).set('Content-Type', 'application/json').send(large);
      // Two clients that announce 5 MB and trickle it hold both places.
      const trickling = [1, 2].map(() => {
        const held = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: dryRun,
          headers: { ...as('owner'), 'Content-Type': 'application/json', 'Content-Length': 5_000_000 },
        });
        held.on('error', () => undefined);
        held.write('{"text":"');
        return held;
      });
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const refused = await send();
        expect(refused.status).toBe(503);
        expect(refused.headers['retry-after']).toBe('5');
        expect(refused.body.message).toMatch(/large files are being read right now; try again in 5 seconds/);
        // One count over the routes that take files: a committee pack waits its turn too.
        const pack = await t
          .http()
          .post(`${org()}/committee-packs/2022/import`)
          .set(as('planner'))
          .set('Content-Type', 'application/octet-stream')
          .send(Buffer.alloc(2_000_000));
        expect(pack.status).toBe(503);
        // The import page is refused with a page that says when to try again.
        const page = await t
          .http()
          .post(`/o/${cast.organizationId}/imports/dry-run`)
          .set(as('owner'))
          .type('form')
          .send({ text: 'x'.repeat(2_000_000) });
        expect(page.status).toBe(503);
        expect(page.type).toBe('text/html');
        expect(page.headers['retry-after']).toBe('5');
        expect(page.text).toContain('数秒待ってから');
      } finally {
        for (const held of trickling) held.destroy();
      }
      let after = await send();
      for (let attempt = 0; attempt < 20 && after.status === 503; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await send();
      }
      // Read once the places are free: refused for what it says (no department chosen), not for the load.
      expect(after.status).toBe(400);
    });

    it('refuses a file body from a client that never signed in before reading it, so it holds no place', async () => {
      const server = t.app.getHttpServer() as Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const dryRun = `${org()}/imports/dry-run`;
      // Two clients without a token (one with a forged one) announce 5 MB and send a few bytes of it.
      const anonymous = [{}, { Authorization: 'Bearer forged.token.here' }].map((credentials) => {
        const held = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: dryRun,
          headers: { ...credentials, 'Content-Type': 'application/json', 'Content-Length': 5_000_000 },
        });
        held.on('error', () => undefined);
        const status = new Promise<number | undefined>((resolve) => held.on('response', (r) => resolve(r.statusCode)));
        held.write('{"text":"');
        return { held, status };
      });
      try {
        expect(await Promise.all(anonymous.map(({ status }) => status))).toEqual([401, 401]);
        const large = JSON.stringify({ text: 'x'.repeat(2_000_000) });
        const signedIn = await t
          .http()
          .post(dryRun)
          .set(as('owner'))
          .set('Content-Type', 'application/json')
          .send(large);
        // Read, and refused for what it says (no department chosen), not for the load.
        expect(signedIn.status).toBe(400);
      } finally {
        for (const { held } of anonymous) held.destroy();
      }
    });

    it('builds two whole-year reads at a time, refusing one more at once with 503, API and page alike', async () => {
      // The reports are locked, so the first two reads wait inside, holding both turns.
      const locker = new Client({ connectionString: t.superuserUrl });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE result_reports IN ACCESS EXCLUSIVE MODE');
      const yearRead = () => t.http().get(`${org()}/year-summaries/2022`).set(as('planner'));
      const inside = [(async () => await yearRead())(), (async () => await yearRead())()];
      try {
        const waiting = await lockWaitersOutsidePool(t.superuserUrl, 2);
        expect(waiting).toBe(2);
        const refused = await yearRead();
        expect(refused.status).toBe(503);
        expect(refused.headers['retry-after']).toBe('5');
        expect(refused.body.message).toMatch(/exports of a whole year are being built right now/);
        const page = await t.http().get(`/o/${cast.organizationId}/summary?fiscalYear=2022`).set(as('planner'));
        expect(page.status).toBe(503);
        expect(page.type).toBe('text/html');
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
      expect((await Promise.all(inside)).map((response) => response.status)).toEqual([200, 200]);
      expect((await yearRead()).status).toBe(200);
    });

    it('refuses JSON nested 5,000 levels deep with 400, not 500, and keeps the report', async () => {
      const before = await stored();
      const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const response = await t
        .http()
        .patch(reportPath())
        .set(as('owner'))
        .set('Content-Type', 'application/json')
        .send(`{"version":${before.version},"effectNarrative":${nested}}`);
      expect(response.status).toBe(400);
      expect(await stored()).toEqual(before);
      // Sign-in takes a few fields: the same body is refused there for its size alone.
      const login = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(nested);
      expect(login.status).toBe(413);
    });
  });
});
