import { MAX_FISCAL_YEAR } from '../../src/common/era-input';
import { Role } from '../../src/access/role';
import { ASAHIKAWA_R4_REPORTS, KUSHIRO_R4_PROJECTS } from '../fixtures/seed-reports';
import { enterSeedReport, isoYearMonth, projectRequest, reportUpdate } from '../support/report-scenario';
import { addUser, createTestApp, seedOrganization, signIn, type TestApp } from '../support/test-app';

describe('Reports: projects and yearly result reports', () => {
  let t: TestApp;
  let org: string;
  let economy: string;
  let tourism: string;
  let owner: string;
  let otherOwner: string;
  let planning: string;
  let expert: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const reportsPath = () => `/api/v1/organizations/${org}/reports`;

  beforeAll(async () => {
    t = await createTestApp();
    ({ organizationId: org } = await seedOrganization(t, '012041', '旭川市'));
    const admin = await signIn(t, 'admin@012041.example.jp');
    economy = (
      await t
        .http()
        .post(`/api/v1/organizations/${org}/departments`)
        .set(as(admin))
        .send({ name: '経済部' })
        .expect(201)
    ).body.id;
    tourism = (
      await t
        .http()
        .post(`/api/v1/organizations/${org}/departments`)
        .set(as(admin))
        .send({ name: '観光スポーツ交流部' })
        .expect(201)
    ).body.id;
    await addUser(t, org, 'owner@example.jp', Role.ProjectOwner, economy);
    await addUser(t, org, 'other-owner@example.jp', Role.ProjectOwner, tourism);
    await addUser(t, org, 'planning@example.jp', Role.PlanningDivision);
    await addUser(t, org, 'expert@example.jp', Role.ExternalExpert);
    [owner, otherOwner, planning, expert] = await Promise.all(
      ['owner@example.jp', 'other-owner@example.jp', 'planning@example.jp', 'expert@example.jp'].map((email) =>
        signIn(t, email),
      ),
    );
  });

  afterAll(() => t.close());

  describe('the published Asahikawa R4 reports', () => {
    const views: Record<number, any> = {};

    beforeAll(async () => {
      for (const seed of ASAHIKAWA_R4_REPORTS) views[seed.number] = await enterSeedReport(t, owner, org, economy, seed);
    });

    it.each(ASAHIKAWA_R4_REPORTS.map((seed) => [seed.number, seed] as const))(
      'No.%i: computed totals equal the published 合計',
      (number, seed) => {
        expect(views[number].totals.computed).toEqual(seed.publishedTotals);
        expect(views[number].warnings).toEqual([]);
      },
    );

    it('No.4 keeps its 10 budget lines in order, 4 KPIs and every published text', async () => {
      const seed = ASAHIKAWA_R4_REPORTS.find((report) => report.number === 4)!;
      const view = (await t.http().get(`${reportsPath()}/${views[4].id}`).set(as(planning)).expect(200)).body;
      expect(view.budgetLines).toEqual(seed.budgetLines);
      expect(view.kpis).toHaveLength(4);
      expect(
        view.kpis.map((kpi: any) => [kpi.definition.name, kpi.definition.unit, kpi.latestValue, kpi.latestAsOfLabel]),
      ).toEqual(seed.kpis.map((kpi) => [kpi.name, kpi.unit, kpi.latestValue, 'R5.3月']));
      expect(view.project.name).toBe(seed.projectName);
      expect(view.project.overview).toBe(seed.overview);
      expect(view.project.planPeriodLabel).toBe('R2年度～R6年度');
      expect(view.planYearLabel).toBe('3年度目');
      expect(view.fiscalYearLabel).toBe('R4年度');
      expect(view.actualAsOf).toBe('2023-03');
      expect(view.effect).toMatchObject({
        level: 'effective',
        levelLabel: seed.effectLevel,
        narrative: seed.effectNarrative,
      });
      expect(view.title).toBe('事業実施結果報告(案)');
      expect(view.submission).toEqual({ ready: true, problems: [] });
    });

    it('computes KPI achievement from baseline, target and latest value', () => {
      const [first] = views[1].kpis;
      expect(first.achievementPercent).toBe(103.3); // 124 of 120
      expect(views[2].kpis[1].achievementPercent).toBe(45); // 一人当たり旅行消費額 (51.9 − 33) / (75 − 33)
      expect(views[5].kpis[2].achievementPercent).toBe(-188.9); // 観光宿泊延数 fell below its baseline
      expect(views[1].planYearLabel).toBe('2年度目');
    });

    it('lists with filters and pagination, each owner seeing only their department', async () => {
      const all = await t
        .http()
        .get(reportsPath())
        .query({ fiscalYear: 'R4', pageSize: 2 })
        .set(as(planning))
        .expect(200);
      expect(all.body.total).toBe(5);
      expect(all.body.items).toHaveLength(2);
      expect(all.body.items[0]).toMatchObject({
        projectNumber: '1',
        fiscalYearLabel: 'R4年度',
        statusLabel: '作成中',
        grantTypeLabel: '地方創生推進交付金',
      });
      const secondPage = await t
        .http()
        .get(reportsPath())
        .query({ fiscalYear: 2022, pageSize: 2, page: 3 })
        .set(as(planning))
        .expect(200);
      expect(secondPage.body.items.map((item: any) => item.projectNumber)).toEqual(['5']);

      const search = await t.http().get(reportsPath()).query({ q: 'eスポーツ' }).set(as(planning)).expect(200);
      expect(search.body.items.map((item: any) => item.projectNumber)).toEqual(['5']);
      const byDepartment = await t
        .http()
        .get(reportsPath())
        .query({ departmentId: tourism })
        .set(as(planning))
        .expect(200);
      expect(byDepartment.body.total).toBe(0);
      const byStatus = await t.http().get(reportsPath()).query({ status: 'submitted' }).set(as(planning)).expect(200);
      expect(byStatus.body.total).toBe(0);
      const byGrant = await t
        .http()
        .get(reportsPath())
        .query({ grantTypeCode: 'promotion' })
        .set(as(owner))
        .expect(200);
      expect(byGrant.body.total).toBe(5);

      expect((await t.http().get(reportsPath()).set(as(otherOwner)).expect(200)).body.total).toBe(0);
      expect((await t.http().get(reportsPath()).set(as(expert)).expect(200)).body.total).toBe(0);
      await t.http().get(reportsPath()).query({ status: 'nonsense' }).set(as(planning)).expect(400);
      await t.http().get(reportsPath()).query({ pageSize: 1000 }).set(as(planning)).expect(400);
    });

    it('gives 404 to an owner of another department and to an unassigned expert', async () => {
      await t.http().get(`${reportsPath()}/${views[1].id}`).set(as(otherOwner)).expect(404);
      await t
        .http()
        .patch(`${reportsPath()}/${views[1].id}`)
        .set(as(otherOwner))
        .send({ version: views[1].version, effectNarrative: 'x' })
        .expect(404);
      await t.http().get(`${reportsPath()}/${views[1].id}`).set(as(expert)).expect(404);
      await t
        .http()
        .get(`/api/v1/organizations/${org}/projects/${views[1].project.id}`)
        .set(as(otherOwner))
        .expect(404);
    });
  });

  async function newDraft(name: string) {
    const seed = { ...ASAHIKAWA_R4_REPORTS[2], projectName: name };
    const project = await t
      .http()
      .post(`/api/v1/organizations/${org}/projects`)
      .set(as(owner))
      .send(projectRequest(seed, economy))
      .expect(201);
    const draft = await t
      .http()
      .post(reportsPath())
      .set(as(owner))
      .send({ projectId: project.body.id, fiscalYear: 'R4' })
      .expect(201);
    return { seed, project: project.body, draft: draft.body };
  }

  it('flags a typed total that differs from the sum, blocks submission until confirmed or fixed', async () => {
    const { seed, draft } = await newDraft('合計誤りのある事業');
    const wrong = { ...seed.publishedTotals, actualAmount: 13_105 };
    const saved = (
      await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ ...reportUpdate(seed, draft.version), typedTotals: wrong })
        .expect(200)
    ).body;
    expect(saved.totals.computed.actualAmount).toBe(13_015);
    expect(saved.warnings).toEqual([
      expect.objectContaining({
        code: 'total_mismatch',
        path: '/typedTotals/actualAmount',
        typed: 13_105,
        computed: 13_015,
        acknowledged: false,
      }),
    ]);
    expect(saved.warnings[0].message).toMatch(/④市予算事業 合計\(実績額\).*13,105.*13,015/);
    expect(saved.submission.ready).toBe(false);
    expect(saved.submission.problems).toEqual([expect.objectContaining({ path: '/typedTotals/actualAmount' })]);

    await t
      .http()
      .post(`${reportsPath()}/${draft.id}/warnings/acknowledge`)
      .set(as(owner))
      .send({ version: saved.version, keys: ['total_mismatch:actualAmount:1:2'] })
      .expect(400);
    // Nothing ticked: said so, rather than answered as confirmed.
    const none = await t
      .http()
      .post(`${reportsPath()}/${draft.id}/warnings/acknowledge`)
      .set(as(owner))
      .send({ version: saved.version, keys: [] })
      .expect(400);
    expect(none.body.details).toEqual([{ path: '/keys', message: 'keys must name at least one warning to confirm' }]);
    const confirmed = (
      await t
        .http()
        .post(`${reportsPath()}/${draft.id}/warnings/acknowledge`)
        .set(as(owner))
        .send({ version: saved.version, keys: [saved.warnings[0].key] })
        .expect(200)
    ).body;
    expect(confirmed.warnings[0].acknowledged).toBe(true);
    expect(confirmed.submission.ready).toBe(true);

    // A different wrong value is a new warning: the old confirmation does not cover it.
    const changed = (
      await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ version: confirmed.version, typedTotals: { ...wrong, actualAmount: 99 } })
        .expect(200)
    ).body;
    expect(changed.warnings).toEqual([expect.objectContaining({ typed: 99, acknowledged: false })]);
    const fixed = (
      await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ version: changed.version, typedTotals: seed.publishedTotals })
        .expect(200)
    ).body;
    expect(fixed.warnings).toEqual([]);
    expect(fixed.submission.ready).toBe(true);
  });

  it('lists what an incomplete draft still lacks, by field path', async () => {
    const { draft } = await newDraft('未完成の事業');
    expect(draft.submission.ready).toBe(false);
    expect(draft.submission.problems.map((problem: any) => problem.path)).toEqual(
      expect.arrayContaining([
        '/budgetLines',
        '/kpiResults/0/latestValue',
        '/kpiResults/2/latestValue',
        '/effectLevel',
        '/effectNarrative',
      ]),
    );
  });

  it('lets exactly one of two concurrent edits win; the other gets 409 and loses nothing stored', async () => {
    const { draft } = await newDraft('同時編集される事業');
    const edit = (narrative: string) =>
      t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ version: draft.version, effectNarrative: narrative });
    const responses = await Promise.all([edit('Aさんの説明'), edit('Bさんの説明')]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = responses.find((response) => response.status === 200)!.body;
    const loser = responses.find((response) => response.status === 409)!.body;
    expect(loser.message).toMatch(
      /saved since version \d+ \(now version \d+\), changing what this save would write: \/effectNarrative\./,
    );
    // The version to save over it with, and what the other save changed, for the client to show.
    expect(loser.details).toEqual({
      currentVersion: draft.version + 1,
      changes: [{ path: '/effectNarrative', before: expect.anything(), after: winner.effect.narrative }],
    });
    const stored = (await t.http().get(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(200)).body;
    expect(stored.effect.narrative).toBe(winner.effect.narrative);
    expect(stored.version).toBe(draft.version + 1);
  });

  it('rejects invalid input with the field path and writes nothing', async () => {
    const { seed, draft } = await newDraft('入力誤りの事業');
    const base = reportUpdate(seed, draft.version);
    const cases: [object, string][] = [
      [{ budgetLines: [{ ...seed.budgetLines[0], budgetAmount: -1 }] }, '/budgetLines/0/budgetAmount'],
      [
        { budgetLines: [seed.budgetLines[0], { ...seed.budgetLines[1], actualGrantAmount: 96 }] },
        '/budgetLines/1/actualGrantAmount',
      ],
      [{ budgetLines: [{ ...seed.budgetLines[0], actualAmount: 1.5 }] }, '/budgetLines/0/actualAmount'],
      [{ kpiResults: [{ position: 4, latestValue: 1 }] }, '/kpiResults/0/position'],
      [{ kpiResults: [{ position: 1, latestValue: 'many' }] }, '/kpiResults/0/latestValue'],
      [
        {
          kpiResults: [
            {
              position: 1,
              yearlyActuals: [
                { fiscalYear: 2021, value: 1 },
                { fiscalYear: 'R3', value: 2 },
              ],
            },
          ],
        },
        '/kpiResults/0/yearlyActuals/1/fiscalYear',
      ],
      [{ actualAsOf: 'R5.13' }, '/actualAsOf'],
      // A value measured in a month still to come is a slip of the year (R12 for R2, say).
      [
        { kpiResults: [{ position: 1, latestValue: 1, latestAsOf: `${MAX_FISCAL_YEAR}-03` }] },
        '/kpiResults/0/latestAsOf',
      ],
      [{ effectLevel: 'great' }, '/effectLevel'],
    ];
    for (const [change, path] of cases) {
      const response = await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ ...base, ...change });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.details.map((detail: any) => detail.path)).toContain(path);
    }
    const stored = (await t.http().get(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(200)).body;
    expect(stored.version).toBe(draft.version);
    expect(stored.budgetLines).toEqual([]);
  });

  it('reads a yearly actual as pasted, 「18,500」 or in full-width digits, as every number field does', async () => {
    const { draft } = await newDraft('年度別実績を貼り付けた事業');
    const save = (version: number, yearlyActuals: object[]) =>
      t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ version, kpiResults: [{ position: 1, yearlyActuals }] });

    const saved = (
      await save(draft.version, [
        { fiscalYear: 'R2', value: '18,500' },
        { fiscalYear: 2021, value: '１，２３４．５' },
      ]).expect(200)
    ).body;
    const withUnit = await save(saved.version, [{ fiscalYear: 2021, value: '120件' }]).expect(400);

    expect(saved.kpis[0].yearlyActuals).toEqual([
      { fiscalYear: 2020, value: 18500 },
      { fiscalYear: 2021, value: 1234.5 },
    ]);
    expect(withUnit.body.details).toContainEqual({
      path: '/kpiResults/0/yearlyActuals/0/value',
      message: 'value must be a number, without its unit',
    });
  });

  it('refuses a yearly actual of a year before the plan or after the report’s own (400), saying which years may be', async () => {
    const { draft } = await newDraft('年度を変えた実績の事業');
    const save = (fiscalYear: number | string) =>
      t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ version: draft.version, kpiResults: [{ position: 1, yearlyActuals: [{ fiscalYear, value: 12 }] }] });

    const longBefore = (await save(2015).expect(400)).body;
    const afterTheReport = (await save('R5').expect(400)).body;

    expect(longBefore.message).toMatch(/^⑤指標①のH27年度の実績は記録できません。.*\(R2年度～R4年度\)/);
    expect(afterTheReport.message).toMatch(/^⑤指標①のR5年度の実績は記録できません。.*\(R2年度～R4年度\)/);
    expect(longBefore.details).toEqual([
      {
        path: '/kpiResults/0/yearlyActuals/0/value',
        message: "fiscal year 2015 lies outside 2020–2022, the plan period up to the report's fiscal year",
      },
    ]);
    const stored = (await t.http().get(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(200)).body;
    expect(stored.version).toBe(draft.version);
  });

  it('refuses any yearly actual of a report whose year lies before the plan’s start (400), pointing to the value', async () => {
    const { project, draft } = await newDraft('計画の開始を後にずらした事業');
    const stored = (
      await t.http().get(`/api/v1/organizations/${org}/projects/${project.id}`).set(as(owner)).expect(200)
    ).body;
    // The plan now starts two years after the draft's R4: no year is left for its actuals.
    await t
      .http()
      .patch(`/api/v1/organizations/${org}/projects/${project.id}`)
      .set(as(owner))
      .send({ version: stored.version, planStartFiscalYear: 2024, planEndFiscalYear: 2026 })
      .expect(200);

    // The draft follows the amended plan, which moves its version on.
    const followed = (await t.http().get(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(200)).body;
    const refused = (
      await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({
          version: followed.version,
          kpiResults: [{ position: 1, yearlyActuals: [{ fiscalYear: 'R4', value: 5 }] }],
        })
        .expect(400)
    ).body;

    expect(refused.message).toMatch(
      /^⑤指標①のR4年度の実績は記録できません。この報告の年度\(R4年度\)は②実施計画期間の初年度\(R6年度\)より前のため/,
    );
    expect(refused.details).toEqual([
      {
        path: '/kpiResults/0/yearlyActuals/0/value',
        message:
          "fiscal year 2022 cannot be recorded: the report's fiscal year 2022 lies before the plan period's start 2024",
      },
    ]);
    const unchanged = (await t.http().get(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(200)).body;
    expect(unchanged.version).toBe(followed.version);
  });

  it('validates projects: at most 4 KPIs, plan period, grant type, 和暦 input', async () => {
    const seed = ASAHIKAWA_R4_REPORTS[3];
    const projects = `/api/v1/organizations/${org}/projects`;
    const five = {
      ...projectRequest(seed, economy),
      kpis: [1, 2, 3, 4, 5].map((position) => ({ position: Math.min(position, 4), name: `指標${position}` })),
    };
    expect((await t.http().post(projects).set(as(owner)).send(five).expect(400)).body.details).toEqual([
      expect.objectContaining({ path: '/kpis' }),
    ]);
    const reversed = { ...projectRequest(seed, economy), planStartFiscalYear: 'R6', planEndFiscalYear: 'R2' };
    expect((await t.http().post(projects).set(as(owner)).send(reversed).expect(400)).body.details).toEqual([
      expect.objectContaining({ path: '/planEndFiscalYear' }),
    ]);
    await t
      .http()
      .post(projects)
      .set(as(owner))
      .send({ ...projectRequest(seed, economy), grantTypeCode: 'unknown' })
      .expect(400);
    await t
      .http()
      .post(projects)
      .set(as(owner))
      .send({ ...projectRequest(seed, economy), planStartFiscalYear: 1900 })
      .expect(400);
    await t.http().post(projects).set(as(owner)).send(projectRequest(seed, tourism)).expect(403);

    const wareki = {
      ...projectRequest(seed, economy),
      name: '和暦で入力した事業',
      planStartFiscalYear: '令和2年度',
      planEndFiscalYear: 'R6',
      kpis: [{ position: 1, name: '指標', baseline: '1,083', target: '1,300', targetYearMonth: 'R7.3月' }],
    };
    const created = (await t.http().post(projects).set(as(owner)).send(wareki).expect(201)).body;
    expect(created).toMatchObject({
      planStartFiscalYear: 2020,
      planEndFiscalYear: 2024,
      planPeriodLabel: 'R2年度～R6年度',
    });
    expect(created.kpis[0]).toMatchObject({
      baseline: 1083,
      target: 1300,
      targetYearMonth: '2025-03',
      targetYearMonthLabel: 'R7.3月',
    });

    await t.http().post(reportsPath()).set(as(owner)).send({ projectId: created.id, fiscalYear: 2019 }).expect(400);
    await t.http().post(reportsPath()).set(as(owner)).send({ projectId: created.id, fiscalYear: 2022 }).expect(201);
    await t.http().post(reportsPath()).set(as(owner)).send({ projectId: created.id, fiscalYear: 'R4' }).expect(409);

    const updated = (
      await t
        .http()
        .patch(`${projects}/${created.id}`)
        .set(as(owner))
        .send({ version: created.version, kpis: [] })
        .expect(200)
    ).body;
    expect(updated.version).toBe(created.version + 1);
    await t
      .http()
      .patch(`${projects}/${created.id}`)
      .set(as(owner))
      .send({ version: created.version, name: '古い版からの編集' })
      .expect(409);
  });

  /** An R4 draft of Kushiro's first project (plan R1–R4, three KPIs), named `name`. */
  async function kushiroDraft(name: string) {
    const kushiro = KUSHIRO_R4_PROJECTS[0];
    const project = (
      await t
        .http()
        .post(`/api/v1/organizations/${org}/projects`)
        .set(as(owner))
        .send({
          departmentId: economy,
          name,
          grantTypeCode: 'promotion',
          planStartFiscalYear: 'R1',
          planEndFiscalYear: 'R4',
          overview: kushiro.overview,
          kpis: kushiro.kpis.map((kpi, index) => ({
            position: index + 1,
            name: kpi.name,
            target: kpi.target,
            unit: kpi.unit,
            targetYearMonth: isoYearMonth(kpi.targetYearMonth),
          })),
        })
        .expect(201)
    ).body;
    const draft = (
      await t.http().post(reportsPath()).set(as(owner)).send({ projectId: project.id, fiscalYear: 'R4' }).expect(201)
    ).body;
    // Every KPI with its R4 value as 最新値 (指標③ as 【参考値】) and the sheet's actuals of R1…R4.
    const kpiResults = kushiro.kpis.map((kpi, index) => ({
      position: index + 1,
      latestValue: kpi.actuals[2022],
      isReference: index === 2,
      yearlyActuals: Object.entries(kpi.actuals).map(([fiscalYear, value]) => ({
        fiscalYear: Number(fiscalYear),
        value,
      })),
    }));
    return { kushiro, draft, kpiResults };
  }

  it('holds Kushiro-style yearly actuals (R1…R4, "-" = none) and the 【参考値】 flag', async () => {
    const { kushiro, draft, kpiResults } = await kushiroDraft(KUSHIRO_R4_PROJECTS[0].name);
    const saved = (
      await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ version: draft.version, kpiResults })
        .expect(200)
    ).body;
    expect(saved.kpis.map((kpi: any) => kpi.yearlyActuals)).toEqual(
      kushiro.kpis.map((kpi) =>
        [2019, 2020, 2021, 2022].map((fiscalYear) => ({ fiscalYear, value: kpi.actuals[fiscalYear] })),
      ),
    );
    expect(saved.kpis.map((kpi: any) => kpi.isReference)).toEqual([false, false, true]);
    expect(saved.planYearLabel).toBe('4年度目');
  });

  it('merges ⑤ sent in part: a KPI left out, and a field left out of a KPI, stay as stored; null and [] clear', async () => {
    const { draft, kpiResults } = await kushiroDraft('一部の指標だけを送る事業');
    const save = (version: number, sent: object[]) =>
      t.http().patch(`${reportsPath()}/${draft.id}`).set(as(owner)).send({ version, kpiResults: sent }).expect(200);
    const full = (await save(draft.version, kpiResults)).body;
    const shown = (view: any) =>
      view.kpis.map((kpi: any) => [kpi.latestValue, kpi.latestAsOfLabel, kpi.isReference, kpi.yearlyActuals]);

    const one = (await save(full.version, [{ position: 1, latestValue: 1, latestAsOf: 'R5.6月' }])).body;

    expect(shown(one)).toEqual([[1, 'R5.6月', false, full.kpis[0].yearlyActuals], ...shown(full).slice(1)]);
    const cleared = (
      await save(one.version, [
        { position: 3, isReference: false, yearlyActuals: [] },
        { position: 2, latestValue: null },
      ])
    ).body;
    expect(shown(cleared)).toEqual([
      shown(one)[0],
      [null, shown(one)[1][1], false, full.kpis[1].yearlyActuals],
      [full.kpis[2].latestValue, shown(one)[2][1], false, []],
    ]);
  });

  it('keeps every saved version and returns a field-level diff between two', async () => {
    const { seed, draft } = await newDraft('履歴を見る事業');
    const first = (
      await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send(reportUpdate(seed, draft.version))
        .expect(200)
    ).body;
    const lines = seed.budgetLines.map((line, index) =>
      index === 1 ? { ...line, actualAmount: 100, actualGrantAmount: 50 } : line,
    );
    const second = (
      await t
        .http()
        .patch(`${reportsPath()}/${draft.id}`)
        .set(as(owner))
        .send({ version: first.version, budgetLines: lines })
        .expect(200)
    ).body;

    const revisions = (await t.http().get(`${reportsPath()}/${draft.id}/revisions`).set(as(planning)).expect(200)).body;
    expect(revisions.map((revision: any) => revision.version)).toEqual([second.version, first.version, draft.version]);
    expect(revisions[0].changedBy).toEqual(expect.any(String));

    const diff = (
      await t
        .http()
        .get(`${reportsPath()}/${draft.id}/revisions/diff`)
        .query({ from: first.version, to: second.version })
        .set(as(owner))
        .expect(200)
    ).body;
    expect(diff).toEqual([
      { path: '/budgetLines/1/actualAmount', before: 95, after: 100 },
      { path: '/budgetLines/1/actualGrantAmount', before: 47, after: 50 },
    ]);
    await t
      .http()
      .get(`${reportsPath()}/${draft.id}/revisions/diff`)
      .query({ from: 1, to: 99 })
      .set(as(owner))
      .expect(400);
  });

  describe('a diff between versions the report does not have', () => {
    let draftId: string;
    let versions: number[];

    beforeAll(async () => {
      const { seed, draft } = await newDraft('履歴にない版を比べる事業');
      const saved = (
        await t
          .http()
          .patch(`${reportsPath()}/${draft.id}`)
          .set(as(owner))
          .send(reportUpdate(seed, draft.version))
          .expect(200)
      ).body;
      draftId = draft.id;
      versions = [draft.version, saved.version];
    });

    it.each([
      ['from is 0', () => ({ from: 0, to: versions[1] }), '/from'],
      ['from is negative', () => ({ from: -1, to: versions[1] }), '/from'],
      ['to is above the latest', () => ({ from: versions[0], to: versions[1] + 1 }), '/to'],
      ['from is after to', () => ({ from: versions[1], to: versions[0] }), '/from'],
      ['from is not a number', () => ({ from: 'abc', to: versions[1] }), '/from'],
      ['to is not a number', () => ({ from: versions[0], to: '2x' }), '/to'],
    ])('answers 400 naming the versions there are when %s', async (_case, query, path) => {
      const response = await t
        .http()
        .get(`${reportsPath()}/${draftId}/revisions/diff`)
        .query(query())
        .set(as(owner))
        .expect(400);
      expect(response.body.details).toEqual([
        expect.objectContaining({ path, message: expect.stringContaining(`${versions[0]}–${versions[1]}`) }),
      ]);
    });
  });

  it('lets only the owning department edit, and only a draft', async () => {
    const { draft } = await newDraft('提出後は編集できない事業');
    await t
      .http()
      .patch(`${reportsPath()}/${draft.id}`)
      .set(as(planning))
      .send({ version: draft.version, effectNarrative: 'x' })
      .expect(403);
    await t.dataSource.query(`UPDATE result_reports SET status = 'submitted' WHERE id = $1`, [draft.id]);
    const response = await t
      .http()
      .patch(`${reportsPath()}/${draft.id}`)
      .set(as(owner))
      .send({ version: draft.version, effectNarrative: 'x' })
      .expect(409);
    expect(response.body.message).toMatch(/提出済/);
    await t.http().delete(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(409);
  });

  it('carries last year’s budget items (事業名, 概要) over into an empty ④ of the next draft, as one edit', async () => {
    const seed = { ...ASAHIKAWA_R4_REPORTS[2], projectName: '翌年度に引き継ぐ事業', planEndFiscalYear: 2023 };
    const project = (
      await t
        .http()
        .post(`/api/v1/organizations/${org}/projects`)
        .set(as(owner))
        .send(projectRequest(seed, economy))
        .expect(201)
    ).body;
    const start = async (fiscalYear: number) =>
      (await t.http().post(reportsPath()).set(as(owner)).send({ projectId: project.id, fiscalYear }).expect(201)).body;
    const r4 = await start(2022);
    await t
      .http()
      .patch(`${reportsPath()}/${r4.id}`)
      .set(as(owner))
      .send({ version: r4.version, budgetLines: seed.budgetLines })
      .expect(200);
    const r5 = await start(2023);
    const carryOver = `${reportsPath()}/${r5.id}/budget-lines/carry-over`;

    await t.http().post(carryOver).set(as(planning)).send({ version: r5.version }).expect(403);
    const carried = (await t.http().post(carryOver).set(as(owner)).send({ version: r5.version }).expect(200)).body;

    expect(carried.version).toBe(r5.version + 1);
    expect(carried.budgetLines).toEqual(
      seed.budgetLines.map(({ name, summary }) => ({
        name,
        summary,
        results: '',
        budgetAmount: null,
        budgetGrantAmount: null,
        actualAmount: null,
        actualGrantAmount: null,
      })),
    );
    const again = await t.http().post(carryOver).set(as(owner)).send({ version: carried.version }).expect(409);
    expect(again.body.message).toMatch(/already has budget lines/);
  });

  it('deletes a draft with its history', async () => {
    const { draft } = await newDraft('削除される事業');
    await t.http().delete(`${reportsPath()}/${draft.id}`).set(as(otherOwner)).expect(404);
    await t.http().delete(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(204);
    await t.http().get(`${reportsPath()}/${draft.id}`).set(as(owner)).expect(404);
    expect(await t.dataSource.query('SELECT 1 FROM report_revisions WHERE report_id = $1', [draft.id])).toEqual([]);
  });
});
