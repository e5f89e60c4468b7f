import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * 評価区分の文言: a municipality words ⑥–⑧ its own way (e.g. 現状通り事業継続 / 改善し事業継続), every option counting
 * as a national kind. A report keeps the wording it was decided with, whatever the list says later.
 */
describe('Assessment options: the wording a municipality uses', () => {
  const seed = ASAHIKAWA_R4_REPORTS[0];
  let t: TestApp;
  let cast: Cast;
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const policies = () => api('/assessment-options/policy_decision');
  /** The list as stored, with changes to some options, sent back whole with the checksum it was read with. */
  const listWith = async (changes: Record<string, object>, added: object[] = []) => {
    const current = (await t.http().get(policies()).set(as('admin')).expect(200)).body;
    return {
      checksum: current.checksum as string,
      options: [
        ...current.options.map(({ key, kind, label, formText, retired }: any) => ({
          key,
          kind,
          label,
          formText,
          retired,
          ...changes[key],
        })),
        ...added,
      ],
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('offers the national list until an administrator saves one, to every member', async () => {
    const list = (await t.http().get(policies()).set(as('owner')).expect(200)).body;
    expect(list.customized).toBe(false);
    expect(list.options.map((option: any) => [option.key, option.kind, option.label])).toEqual([
      ['continue', 'continue', '事業の継続'],
      ['expand', 'expand', '事業の発展'],
      ['end', 'end', '事業の終了'],
      ['revise', 'revise', '事業内容の見直し'],
      ['stop', 'stop', '事業の中止'],
    ]);
    const all = (await t.http().get(api('/assessment-options')).set(as('expertA')).expect(200)).body;
    expect(all.map((scale: any) => scale.scale)).toEqual(['effect_level', 'panel_rating', 'policy_decision']);
    await t.http().get(api('/assessment-options/nonsense')).set(as('admin')).expect(404);
  });

  it('lets only administrators change the wording', async () => {
    const body = await listWith({ continue: { label: '現状通り事業継続' } });
    for (const who of ['planner', 'owner', 'expertA'])
      await t.http().put(policies()).set(as(who)).send(body).expect(403);
    expect((await t.http().get(policies()).set(as('admin')).expect(200)).body.customized).toBe(false);
  });

  it('records nothing for a list saved as it is: the national list stays the one followed', async () => {
    const entries = () =>
      t.dataSource.query(`SELECT id FROM audit_entries WHERE action = 'assessment_options.changed'`);
    const before = await entries();

    const saved = await t
      .http()
      .put(policies())
      .set(as('admin'))
      .send(await listWith({}))
      .expect(200);

    expect(saved.body.customized).toBe(false);
    expect(await entries()).toEqual(before);
  });

  it('lets the options of the list leave out their kind, which they keep; a new option must name one', async () => {
    const { options, checksum } = await listWith({});
    const withoutKinds = options.map(({ key, label, formText, retired }: any) => ({ key, label, formText, retired }));

    const saved = await t.http().put(policies()).set(as('admin')).send({ options: withoutKinds, checksum }).expect(200);
    const refused = await t
      .http()
      .put(policies())
      .set(as('admin'))
      .send({ options: [...withoutKinds, { label: '休止' }], checksum })
      .expect(422);

    expect(saved.body.options.map((option: any) => [option.key, option.kind])).toEqual(
      options.map((option: any) => [option.key, option.kind]),
    );
    expect(refused.body.details).toContainEqual(expect.objectContaining({ path: '/options/5/kind' }));
  });

  it('refuses an empty or repeated label, an unknown kind, a removed option and a list with none active', async () => {
    const cases: [object, string][] = [
      [await listWith({ end: { label: ' ' } }), '/options/2/label'],
      [await listWith({ end: { label: '事業の継続' } }), '/options/2/label'],
      [await listWith({}, [{ kind: 'pause', label: '休止' }]), '/options/5/kind'],
      [await listWith({}).then((list) => ({ ...list, options: list.options.slice(1) })), '/options'],
      [
        await listWith(
          Object.fromEntries(['continue', 'expand', 'end', 'revise', 'stop'].map((key) => [key, { retired: true }])),
        ),
        '/options',
      ],
    ];
    for (const [body, path] of cases) {
      const response = await t.http().put(policies()).set(as('admin')).send(body);
      expect({ path, status: response.status }).toEqual({ path, status: 422 });
      expect(response.body.details.map((detail: any) => detail.path)).toContain(path);
    }
    const tooMany = await listWith(
      {},
      Array.from({ length: 16 }, (_, index) => ({ kind: 'end', label: `終了${index}` })),
    );
    const refused = await t.http().put(policies()).set(as('admin')).send(tooMany).expect(400);
    expect(refused.body.details.map((detail: any) => detail.path)).toContain('/options');
    expect((await t.http().get(policies()).set(as('admin')).expect(200)).body.customized).toBe(false);
  });

  it('decides and publishes with the relabelled 事業の継続: the report keeps that wording, and its kind stays continue', async () => {
    const saved = await t
      .http()
      .put(policies())
      .set(as('admin'))
      .send(
        await listWith({ continue: { label: '現状通り事業継続', formText: null } }, [
          { kind: 'revise', label: '改善し事業継続', formText: '改善し事業継続(内容を改善した上で継続する)' },
        ]),
      )
      .expect(200);
    expect(saved.body.customized).toBe(true);
    const improve = saved.body.options[5];
    expect(improve).toMatchObject({ kind: 'revise', kindLabel: '事業内容の見直し', label: '改善し事業継続' });
    expect(improve.key).toMatch(/^custom_/);
    const [audit] = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'assessment_options.changed' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.details.scale).toBe('policy_decision');
    expect(audit.details.before[0].label).toBe('事業の継続');
    expect(audit.details.after[0].label).toBe('現状通り事業継続');

    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    const path = (rest = '') => api(`/reports/${report.id}${rest}`);
    await t.http().post(path('/submit')).set(as('owner')).expect(200);
    // The helper proposes 'continue': the key of the relabelled national option.
    await reviewAndPropose(t, cast, report.id, seed);
    await t
      .http()
      .post(path('/send-back'))
      .set(as('approver'))
      .send({ comment: '改善の内容を示してください。' })
      .expect(200);

    const unknown = await t
      .http()
      .post(path('/propose'))
      .set(as('planner'))
      .send({ decision: 'pause', reason: '理由' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([
      { path: '/decision', message: `decision must be one of: continue, expand, end, revise, stop, ${improve.key}` },
    ]);
    const improved = await t
      .http()
      .post(path('/propose'))
      .set(as('planner'))
      .send({ decision: improve.key, reason: seed.policyReason })
      .expect(200);
    expect(improved.body.policy).toMatchObject({
      decision: 'revise',
      option: improve.key,
      label: '改善し事業継続',
      formText: '改善し事業継続(内容を改善した上で継続する)',
    });
    await t.http().post(path('/send-back')).set(as('approver')).send({ comment: '継続で良いと考えます。' }).expect(200);
    await t
      .http()
      .post(path('/propose'))
      .set(as('planner'))
      .send({ decision: 'continue', reason: seed.policyReason })
      .expect(200);
    await t.http().post(path('/approve')).set(as('approver')).expect(200);
    const published = (await t.http().post(path('/publish')).set(as('planner')).expect(200)).body;
    const decided = {
      decision: 'continue',
      option: 'continue',
      label: '現状通り事業継続',
      formText: '現状通り事業継続',
    };
    expect(published.policy).toMatchObject(decided);

    // Relabelled again afterwards: what was decided and published keeps its wording.
    await t
      .http()
      .put(policies())
      .set(as('admin'))
      .send(await listWith({ continue: { label: '事業継続' } }))
      .expect(200);
    expect((await t.http().get(path()).set(as('planner')).expect(200)).body.policy).toMatchObject(decided);
    expect((await t.http().get(path('/editions/1')).set(as('planner')).expect(200)).body.policy).toMatchObject(decided);
    const [edition] = await t.dataSource.query(`SELECT snapshot FROM report_editions WHERE report_id = $1`, [
      report.id,
    ]);
    expect(edition.snapshot.policy).toMatchObject(decided);
    // The public page, from the published edition: the wording of the decision, never the later one.
    const page = (await t.http().get(`/public/012041/reports/${report.id}`).expect(200)).text;
    expect(page).toContain('現状通り事業継続');
    expect(page).not.toMatch(/>\s*事業継続\s*</);
    const summary = (await t.http().get(api('/year-summaries/2022')).set(as('planner')).expect(200)).body;
    expect(summary.projects.find((project: any) => project.reportId === report.id)).toMatchObject({
      decision: 'continue',
      decisionLabel: '現状通り事業継続',
    });
  });

  it('lets the owner choose ⑥ from the active options only, keeping a retired one the report already has', async () => {
    const levels = api('/assessment-options/effect_level');
    const current = (await t.http().get(levels).set(as('admin')).expect(200)).body;
    const relabelled = current.options.map(({ key, kind, label }: any) => ({
      key,
      kind,
      label: key === 'effective' ? '効果あり' : label,
      retired: key === 'not_effective',
    }));
    const { checksum } = (
      await t.http().put(levels).set(as('admin')).send({ options: relabelled, checksum: current.checksum }).expect(200)
    ).body;

    const other = ASAHIKAWA_R4_REPORTS[1];
    const draft = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, other);
    const save = (effectLevel: string | null, version: number) =>
      t
        .http()
        .patch(api(`/reports/${draft.id}`))
        .set(as('owner'))
        .send({ version, effectLevel });
    const refused = await save('not_effective', draft.version);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([
      {
        path: '/effectLevel',
        message: 'effectLevel must be one of: very_effective, considerably_effective, effective',
      },
    ]);
    const chosen = (await save('effective', draft.version).expect(200)).body;
    expect(chosen.effect).toMatchObject({ level: 'effective', option: 'effective', levelLabel: '効果あり' });

    // Retired after it was chosen: the draft keeps it and may be saved with it again.
    await t
      .http()
      .put(levels)
      .set(as('admin'))
      .send({
        options: relabelled.map((option: any) => ({
          ...option,
          label: option.key === 'effective' ? '一定の効果あり' : option.label,
          retired: option.key === 'effective',
        })),
        checksum,
      })
      .expect(200);
    const kept = (await save('effective', chosen.version).expect(200)).body;
    expect(kept.effect).toMatchObject({ level: 'effective', option: 'effective', levelLabel: '効果あり' });
    const cleared = (await save(null, kept.version).expect(200)).body;
    expect(cleared.effect).toMatchObject({ level: null, option: null, levelLabel: null });
  });

  it('keeps ⑥ as published when a correction saves it again unchanged after a relabelling', async () => {
    const levels = api('/assessment-options/effect_level');
    const read = (await t.http().get(levels).set(as('admin')).expect(200)).body;
    const activeAgain = read.options.map(({ key, kind, label }: any) => ({ key, kind, label, retired: false }));
    const { checksum } = (
      await t.http().put(levels).set(as('admin')).send({ options: activeAgain, checksum: read.checksum }).expect(200)
    ).body;
    const corrected = ASAHIKAWA_R4_REPORTS[2];
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, corrected);
    const path = (rest = '') => api(`/reports/${report.id}${rest}`);
    await t.http().post(path('/submit')).set(as('owner')).expect(200);
    await reviewAndPropose(t, cast, report.id, corrected);
    await t.http().post(path('/approve')).set(as('approver')).expect(200);
    const first = (await t.http().post(path('/publish')).set(as('planner')).expect(200)).body;

    const relabelled = activeAgain.map((option: any) =>
      option.key === first.effect.option ? { ...option, label: `${option.label}(改称)` } : option,
    );
    await t.http().put(levels).set(as('admin')).send({ options: relabelled, checksum }).expect(200);
    await t.http().post(path('/correct')).set(as('admin')).send({ reason: '⑥の説明の誤字を訂正' }).expect(200);
    const current = (await t.http().get(path()).set(as('owner')).expect(200)).body;
    // The ⑥ form sends the level it shows with the corrected explanation.
    await t
      .http()
      .patch(path())
      .set(as('owner'))
      .send({ version: current.version, effectLevel: first.effect.option, effectNarrative: '誤字を直した説明。' })
      .expect(200);
    await t.http().post(path('/submit-correction')).set(as('owner')).expect(200);
    const second = (await t.http().post(path('/publish')).set(as('planner')).expect(200)).body;

    expect(second.effect).toMatchObject({ option: first.effect.option, levelLabel: first.effect.levelLabel });
    expect(second.effect.narrative).toBe('誤字を直した説明。');
  });

  it('refuses a save made from the list as it was before another: 409, the other wording kept, nothing recorded', async () => {
    const entries = () =>
      t.dataSource.query(`SELECT id FROM audit_entries WHERE action = 'assessment_options.changed'`);
    // Two administrators read the same list; each relabels another option.
    const read = await listWith({});
    const relabel = (index: number, label: string) => ({
      ...read,
      options: read.options.map((option: any, at: number) => (at === index ? { ...option, label } : option)),
    });
    const labelsBefore = read.options.map((option: any) => option.label);

    const first = await t.http().put(policies()).set(as('admin')).send(relabel(0, '現状通り事業継続')).expect(200);
    const recorded = await entries();
    const stale = await t.http().put(policies()).set(as('admin')).send(relabel(1, '事業拡大')).expect(409);

    expect(stale.body.details).toEqual({ checksum: first.body.checksum });
    const now = (await t.http().get(policies()).set(as('admin')).expect(200)).body;
    expect(now.options.map((option: any) => option.label)).toEqual(['現状通り事業継続', ...labelsBefore.slice(1)]);
    expect(now.checksum).toBe(first.body.checksum);
    expect(await entries()).toEqual(recorded);

    // Read again, the same relabelling is saved beside the first one.
    await t
      .http()
      .put(policies())
      .set(as('admin'))
      .send(await listWith({ [read.options[1].key]: { label: '事業拡大' } }))
      .expect(200);
    const both = (await t.http().get(policies()).set(as('admin')).expect(200)).body;
    expect(both.options.slice(0, 2).map((option: any) => option.label)).toEqual(['現状通り事業継続', '事業拡大']);
  });

  it('names the suggested ⑥ level as the municipality words it when a submission lacks the reason for another', async () => {
    const levels = api('/assessment-options/effect_level');
    const draft = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    const suggested: string = draft.effect.suggested.level;
    const read = (await t.http().get(levels).set(as('admin')).expect(200)).body;
    const options = read.options.map(({ key, kind, label }: any) => ({
      key,
      kind,
      label: kind === suggested ? `当市の文言: ${label}` : label,
      retired: false,
    }));
    await t.http().put(levels).set(as('admin')).send({ options, checksum: read.checksum }).expect(200);
    const wording = options
      .filter((option: any) => option.kind === suggested)
      .map((option: any) => option.label)
      .join('、');

    const another = options.find((option: any) => option.kind !== suggested);
    const saved = await t
      .http()
      .patch(api(`/reports/${draft.id}`))
      .set(as('owner'))
      .send({ version: draft.version, effectLevel: another.key, effectLevelReason: '' })
      .expect(200);
    expect(saved.body.effect.suggested.levelLabel).toBe(wording);
    const refused = await t
      .http()
      .post(api(`/reports/${draft.id}/submit`))
      .set(as('owner'))
      .expect(422);
    expect(refused.body.details).toContainEqual({
      path: '/effectLevelReason',
      message: `⑥: say why you chose another level than the suggested 「${wording}」`,
    });
  });
});
