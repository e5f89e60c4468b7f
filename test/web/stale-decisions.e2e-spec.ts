import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { decideSeedReport, enterSeedReport, reviewAndPropose } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { formsOf, PageTab, shownText } from './support/page-forms';

const RESUBMITTED = '報告が更新されました(提出し直されました)。内容を確かめてから、もう一度操作してください。';

/**
 * Planning decides on the report its page showed. A page left open while the owner withdrew, rewrote and resubmitted
 * the report cannot accept or return what it never showed: refused with 409, nothing done, the form as it was sent.
 */
describe('Deciding on a report from a page older than the report', () => {
  let t: TestApp;
  let cast: Cast;
  let planner: string;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const api = (reportId: string, rest = '') =>
    `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const page = (reportId: string, rest = '') => `/o/${cast.organizationId}/reports/${reportId}${rest}`;
  const read = async (reportId: string) => (await t.http().get(api(reportId)).set(as('planner')).expect(200)).body;
  /** The value of the field `name` in the form of `html` that posts to `action`. */
  const fieldOf = (html: string, reportId: string, action: string, name: string) =>
    formsOf(html, page(reportId))
      .find((candidate) => candidate.action === page(reportId, action))
      ?.fields.find(([field]) => field === name)?.[1];

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    planner = await sessionCookie(t, 'planner@example.jp');
  });

  afterAll(() => t.close());

  async function submitted(index: number) {
    const seed = ASAHIKAWA_R4_REPORTS[index];
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    await t.http().post(api(report.id, '/submit')).set(as('owner')).expect(200);
    return report.id as string;
  }

  /** The owner takes the submission back, rewrites ③'s neighbour and submits it again, as another tab would. */
  async function resubmitRewritten(reportId: string) {
    await t.http().post(api(reportId, '/withdraw')).set(as('owner')).expect(200);
    const { version } = await read(reportId);
    await t
      .http()
      .patch(api(reportId))
      .set(as('owner'))
      .send({ version, improvementMeasures: '提出し直す前に書き換えた改善策' })
      .expect(200);
    await t.http().post(api(reportId, '/submit')).set(as('owner')).expect(200);
  }

  it('受理して依頼する, confirmed on an older page: refused, not accepted; confirmed again from the page now, accepted', async () => {
    const reportId = await submitted(0);
    const tab = new PageTab(t, planner);
    await tab.open(page(reportId));
    await resubmitRewritten(reportId);

    const accepting = { '/experts': cast.userIds.expertA, '/dueDate': dueInDays(14) };
    expect((await tab.send(page(reportId, '/accept'), accepting)).status).toBe(200);
    const refused = await tab.send(page(reportId, '/accept'));

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(RESUBMITTED);
    expect((await read(reportId)).status).toBe('submitted');
    // The rewritten report is on the page now, and its form carries that version with the choices as they were sent.
    const form = formsOf(refused.text, page(reportId)).find(
      (candidate) => candidate.action === page(reportId, '/accept'),
    )!;
    expect(form.fields).toEqual(
      expect.arrayContaining([
        ['/version', String((await read(reportId)).version)],
        ['/experts', cast.userIds.expertA],
      ]),
    );
    expect(shownText(refused.text)).toContain('提出し直す前に書き換えた改善策');

    await tab.open(page(reportId));
    await tab.send(page(reportId, '/accept'), accepting);
    expect((await tab.send(page(reportId, '/accept'))).status).toBe(303);
    expect((await read(reportId)).status).toBe('in_expert_review');
  });

  it('差し戻す on an older page: refused, the report still submitted, the reason still in its field', async () => {
    const reportId = await submitted(1);
    const tab = new PageTab(t, planner);
    await tab.open(page(reportId));
    await resubmitRewritten(reportId);

    const refused = await tab.send(page(reportId, '/return'), { '/comment': '改善策が前年度と同じです。' });

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(RESUBMITTED);
    expect(refused.text).toContain('改善策が前年度と同じです。');
    expect((await read(reportId)).status).toBe('submitted');
  });

  it('差し戻す after the owner withdrew: the form is gone with the state, the reason typed is shown apart to copy', async () => {
    const reportId = await submitted(3);
    const tab = new PageTab(t, planner);
    await tab.open(page(reportId));
    await t.http().post(api(reportId, '/withdraw')).set(as('owner')).expect(200);
    const reason = '③の事業概要に、今年度に実施した内容を具体的に書いてください。'.repeat(20);

    const refused = await tab.send(page(reportId, '/return'), { '/comment': reason });

    expect(refused.status).toBe(409);
    const shown = shownText(refused.text);
    expect(shown).toContain(
      '報告の状態が「作成中」に変わったため、この操作ができませんでした。入力した内容はこのページに残っています。',
    );
    expect(shown).toContain(
      '入力していた内容 この内容は保存されていません。必要な部分をコピーしてから、もう一度入力してください。 差戻しの理由',
    );
    expect(refused.text).toContain(`readonly>\n${reason}</textarea>`);
    expect(formsOf(refused.text, page(reportId)).some((form) => form.action === page(reportId, '/return'))).toBe(false);
  });

  it('公表する leads to its confirmation with the version shown; one confirmed for an older version publishes nothing', async () => {
    const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[2]);
    const { version } = await read(report.id);
    const shown = await t.http().get(page(report.id)).set('Cookie', planner).expect(200);
    expect(shown.text).toContain(`href="${page(report.id, '/publish')}?version=${version}"`);

    const tab = new PageTab(t, planner);
    await tab.open(page(report.id, `/publish?version=${version - 1}`));
    const refused = await tab.send(page(report.id, '/publish'));

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(
      '報告が更新されました(方針が承認されました)。内容を確かめてから、もう一度操作してください。',
    );
    expect((await read(report.id)).status).toBe('decided');
  });

  it('公表する opened without a version: its confirmation carries the version it shows, and publishes it', async () => {
    const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[3]);
    const { version } = await read(report.id);
    const tab = new PageTab(t, planner);

    const shown = await tab.open(page(report.id, '/publish'));

    expect(fieldOf(shown.text, report.id, '/publish', '/version')).toBe(String(version));
    expect((await tab.send(page(report.id, '/publish'))).status).toBe(303);
    expect((await read(report.id)).status).toBe('published');
  });

  /**
   * In expert review: expert A has given an opinion, expert B was asked and has not answered (until dismissed, the
   * evaluation waits for B).
   */
  async function underReview(index: number) {
    const reportId = await submitted(index);
    await t
      .http()
      .post(api(reportId, '/accept'))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(14) })
      .expect(200);
    const assignments = (await t.http().get(api(reportId, '/assignments')).set(as('planner')).expect(200)).body;
    const of = (expert: string) =>
      assignments.find((assignment: { expertUserId: string }) => assignment.expertUserId === expert).id as string;
    const opinionOfA = async (opinion: string, opinionSubmittedAtRead: string | null) =>
      (
        await t
          .http()
          .put(api(reportId, `/assignments/${of(cast.userIds.expertA)}/opinion`))
          .set(as('expertA'))
          .send({ rating: 'effective', opinion, opinionSubmittedAtRead })
          .expect(200)
      ).body as { opinionSubmittedAt: string };
    await t
      .http()
      .post(api(reportId, `/assignments/${of(cast.userIds.expertA)}/respond`))
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    const { opinionSubmittedAt } = await opinionOfA('中間目標を達成しており有効である。', null);
    return {
      reportId,
      dismissB: () =>
        t
          .http()
          .post(api(reportId, `/assignments/${of(cast.userIds.expertB)}/dismiss`))
          .set(as('planner'))
          .send({ note: '期限までに回答がありませんでした。' })
          .expect(200),
      askBAgain: () =>
        t
          .http()
          .post(api(reportId, `/assignments/${of(cast.userIds.expertB)}/reopen`))
          .set(as('planner'))
          .send({ dueDate: dueInDays(14) })
          .expect(200),
      rewriteOpinionOfA: (opinion: string) => opinionOfA(opinion, opinionSubmittedAt),
    };
  }

  const evaluating = { '/rating': 'effective', '/opinion': '委員の意見を取りまとめた。' };

  it('評価を取りまとめる after an expert asked a question meanwhile: evaluated, the question changed nothing it read', async () => {
    const { reportId, dismissB } = await underReview(4);
    await dismissB();
    const tab = new PageTab(t, planner);
    await tab.open(page(reportId, '/consolidate'));
    await t
      .http()
      .post(api(reportId, '/questions'))
      .set(as('expertA'))
      .send({ body: '代替策はありますか。' })
      .expect(201);

    expect((await tab.send(page(reportId, '/evaluate'), evaluating)).status).toBe(200);
    expect((await tab.send(page(reportId, '/evaluate'))).status).toBe(303);

    expect(await read(reportId)).toMatchObject({ status: 'evaluated' });
  });

  it('評価を取りまとめる after an expert rewrote their opinion: refused, nothing evaluated, the text typed kept', async () => {
    const { reportId, dismissB, rewriteOpinionOfA } = await underReview(0);
    await dismissB();
    const tab = new PageTab(t, planner);
    await tab.open(page(reportId, '/consolidate'));
    await rewriteOpinionOfA('書き直した意見:目標の達成は補助金によるもので、効果とは言えない。');

    expect((await tab.send(page(reportId, '/evaluate'), evaluating)).status).toBe(200);
    const refused = await tab.send(page(reportId, '/evaluate'));

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(
      '報告が更新されました(外部有識者の意見が入力・修正されました)。内容を確かめてから、もう一度操作してください。',
    );
    expect(shownText(refused.text)).toContain('書き直した意見:目標の達成は補助金によるもので、効果とは言えない。');
    expect(refused.text).toContain('委員の意見を取りまとめた。');
    expect((await read(reportId)).status).toBe('in_expert_review');
  });

  it('評価を取りまとめる after an expert was asked again meanwhile: refused, as it waits for them, the text typed kept', async () => {
    const { reportId, dismissB, askBAgain } = await underReview(2);
    await dismissB();
    const tab = new PageTab(t, planner);
    await tab.open(page(reportId, '/consolidate'));
    expect((await tab.send(page(reportId, '/evaluate'), evaluating)).status).toBe(200);
    // While the confirmation is open, planning asks expert B again, whose opinion is then awaited.
    await askBAgain();

    const refused = await tab.send(page(reportId, '/evaluate'));

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(
      '意見がまだそろっていない外部有識者がいるため、評価を取りまとめていません。',
    );
    expect(shownText(refused.text)).toContain('expertbさん(依頼に未回答)');
    expect(refused.text).toContain('委員の意見を取りまとめた。');
    expect((await read(reportId)).status).toBe('in_expert_review');
  });

  describe('the policy (⑧): proposed and approved on the version read', () => {
    /** A report whose proposal (to continue) the approver sent back from another tab and planning proposed anew. */
    async function proposedAgain(reportId: string) {
      await t
        .http()
        .post(api(reportId, '/send-back'))
        .set(as('approver'))
        .send({ comment: '拡充を検討してください。' })
        .expect(200);
      await t
        .http()
        .post(api(reportId, '/propose'))
        .set(as('planner'))
        .send({ decision: 'expand', reason: '再検討の結果、拡充する。' })
        .expect(200);
    }

    async function proposed(index: number) {
      const seed = ASAHIKAWA_R4_REPORTS[index];
      const reportId = await submitted(index);
      await reviewAndPropose(t, cast, reportId, seed);
      return reportId;
    }

    it('方針案を提案する on a page older than a proposal sent back since: refused, naming both, the reason kept', async () => {
      const reportId = await proposed(0);
      await t
        .http()
        .post(api(reportId, '/send-back'))
        .set(as('approver'))
        .send({ comment: '理由を具体的にしてください。' })
        .expect(200);
      const tab = new PageTab(t, planner);
      const shown = await tab.open(page(reportId));
      const form = formsOf(shown.text, page(reportId)).find(
        (candidate) => candidate.action === page(reportId, '/propose'),
      )!;
      expect(form.fields).toContainEqual(['/version', String((await read(reportId)).version)]);
      // From another tab planning proposes to expand, and the approver sends that back too.
      await t
        .http()
        .post(api(reportId, '/propose'))
        .set(as('planner'))
        .send({ decision: 'expand', reason: '拡充する。' })
        .expect(200);
      await t
        .http()
        .post(api(reportId, '/send-back'))
        .set(as('approver'))
        .send({ comment: 'もう一度検討してください。' })
        .expect(200);

      const refused = await tab.send(page(reportId, '/propose'), {
        '/decision': 'end',
        '/reason': '目標を達成したため終了する。',
      });

      expect(refused.status).toBe(409);
      expect(shownText(refused.text)).toContain(
        '報告が更新されました(方針案が提案されました、方針案が差し戻されました)。内容を確かめてから、もう一度操作してください。',
      );
      expect(refused.text).toContain('目標を達成したため終了する。');
      expect((await read(reportId)).status).toBe('evaluated');
    });

    it('承認して決定する leads to its confirmation with the version shown; confirmed on a proposal replaced since, nothing is decided', async () => {
      const reportId = await proposed(1);
      const approver = await sessionCookie(t, 'approver@example.jp');
      const { version } = await read(reportId);
      const shown = await t.http().get(page(reportId)).set('Cookie', approver).expect(200);
      expect(shown.text).toContain(`href="${page(reportId, '/approve')}?version=${version}"`);

      const tab = new PageTab(t, approver);
      await tab.open(page(reportId, `/approve?version=${version}`));
      await proposedAgain(reportId);
      const replaced = await read(reportId);
      const refused = await tab.send(page(reportId, '/approve'));

      expect(refused.status).toBe(409);
      expect(shownText(refused.text)).toContain(
        '報告が更新されました(方針案が差し戻されました、方針案が提案されました)。内容を確かめてから、もう一度操作してください。',
      );
      expect(await read(reportId)).toMatchObject({ status: 'decision_proposed', version: replaced.version });
    });

    it('承認して決定する opened without a version: its confirmation carries the version it shows, and approves it', async () => {
      const reportId = await proposed(3);
      const { version } = await read(reportId);
      const tab = new PageTab(t, await sessionCookie(t, 'approver@example.jp'));

      const shown = await tab.open(page(reportId, '/approve'));

      expect(fieldOf(shown.text, reportId, '/approve', '/version')).toBe(String(version));
      expect((await tab.send(page(reportId, '/approve'))).status).toBe(303);
      expect((await read(reportId)).status).toBe('decided');
    });
  });

  it('提出を取り下げる on an older page of the owner: refused, the submission made since stays submitted', async () => {
    const reportId = await submitted(4);
    const tab = new PageTab(t, await sessionCookie(t, 'owner@example.jp'));
    const shown = await tab.open(page(reportId));
    const form = formsOf(shown.text, page(reportId)).find(
      (candidate) => candidate.action === page(reportId, '/withdraw'),
    )!;
    expect(form.fields).toContainEqual(['/version', String((await read(reportId)).version)]);
    await resubmitRewritten(reportId);
    const resubmitted = await read(reportId);

    const refused = await tab.send(page(reportId, '/withdraw'));

    expect(refused.status).toBe(409);
    expect(shownText(refused.text)).toContain(RESUBMITTED);
    expect(await read(reportId)).toMatchObject({ status: 'submitted', version: resubmitted.version });
  });

  describe("an administrator's step that cannot be taken back", () => {
    /** The refusal naming what changed the report since its page was shown. */
    const changed = (what: string) => `報告が更新されました(${what})。内容を確かめてから、もう一度操作してください。`;
    let admin: string;

    beforeAll(async () => {
      admin = await sessionCookie(t, 'admin@012041.example.jp');
    });

    /** A correction of the published report, by another administrator, the owner and planning: its next edition. */
    async function publishCorrection(reportId: string) {
      await t.http().post(api(reportId, '/correct')).set(as('admin')).send({ reason: '④の誤記' }).expect(200);
      await t.http().post(api(reportId, '/submit-correction')).set(as('owner')).expect(200);
      await t.http().post(api(reportId, '/publish')).set(as('planner')).expect(200);
    }

    it('やり直す on a decided report decided anew since the page was shown: refused, the decision stands, the reason kept', async () => {
      const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[1]);
      const tab = new PageTab(t, admin);
      const shown = await tab.open(page(report.id));
      expect(fieldOf(shown.text, report.id, '/reopen', '/version')).toBe(String((await read(report.id)).version));
      await t.http().post(api(report.id, '/reopen')).set(as('admin')).send({ reason: '再審議' }).expect(200);
      await t
        .http()
        .post(api(report.id, '/propose'))
        .set(as('planner'))
        .send({ decision: 'expand', reason: '再審議の結果、拡充する。' })
        .expect(200);
      await t.http().post(api(report.id, '/approve')).set(as('approver')).expect(200);
      const decidedAnew = await read(report.id);

      expect((await tab.send(page(report.id, '/reopen'), { '/reason': '委員会で再審議するため。' })).status).toBe(200);
      const refused = await tab.send(page(report.id, '/reopen'));

      expect(refused.status).toBe(409);
      expect(shownText(refused.text)).toContain(
        changed('方針の決定がやり直されました、方針案が提案されました、方針が承認されました'),
      );
      expect(fieldOf(refused.text, report.id, '/reopen', '/reason')).toBe('委員会で再審議するため。');
      expect(await read(report.id)).toMatchObject({ status: 'decided', version: decidedAnew.version });
    });

    it('訂正を始める and 公表を取り消す on an edition published anew since: refused, the new edition stays public', async () => {
      const report = await decideSeedReport(t, cast, ASAHIKAWA_R4_REPORTS[2]);
      await t.http().post(api(report.id, '/publish')).set(as('planner')).expect(200);
      const correcting = new PageTab(t, admin);
      const withdrawing = new PageTab(t, admin);
      const shown = await correcting.open(page(report.id));
      await withdrawing.open(page(report.id));
      const { version } = await read(report.id);
      expect(fieldOf(shown.text, report.id, '/correct', '/version')).toBe(String(version));
      expect(fieldOf(shown.text, report.id, '/withdraw-publication', '/version')).toBe(String(version));
      await publishCorrection(report.id);
      const republished = await read(report.id);

      expect((await correcting.send(page(report.id, '/correct'), { '/reason': '⑤の誤記' })).status).toBe(200);
      const correction = await correcting.send(page(report.id, '/correct'));
      const reason = { '/withdrawal/reason': '個人情報の記載があったため。' };
      expect((await withdrawing.send(page(report.id, '/withdraw-publication'), reason)).status).toBe(200);
      const withdrawal = await withdrawing.send(page(report.id, '/withdraw-publication'));

      for (const refused of [correction, withdrawal]) {
        expect(refused.status).toBe(409);
        expect(shownText(refused.text)).toContain(changed('訂正が始まりました、訂正が提出されました、公表されました'));
      }
      expect(fieldOf(withdrawal.text, report.id, '/withdraw-publication', '/withdrawal/reason')).toBe(
        '個人情報の記載があったため。',
      );
      expect(await read(report.id)).toMatchObject({ status: 'published', version: republished.version });
    });
  });
});
