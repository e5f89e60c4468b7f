import { Workbook } from 'exceljs';
import { PANEL_RATING_LABELS, PanelRating } from '../../src/reports/report/assessment';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { type Cast, castAsahikawa, dueInDays } from '../support/organization-scenario';
import { holdRow, lockWaitersOutsidePool } from '../support/lock-waits';
import { enterSeedReport, seedInYear } from '../support/report-scenario';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { NotificationDelivery } from '../../src/notifications/notification-delivery';
import { OutboxEvent } from '../../src/outbox/outbox-event.entity';

const [UNDER_REVIEW, AWAITING, EVALUATED] = ASAHIKAWA_R4_REPORTS;
const VERY = PANEL_RATING_LABELS[PanelRating.VeryEffective];
const EFFECTIVE = PANEL_RATING_LABELS[PanelRating.Effective];
const PANEL_OPINION = '委員会での議論を踏まえ、KPIの達成に向けて着実に進んでいると評価する。';
const EXPERT_B_OPINION = '就職者数の伸びは順調であり、今後は定着率にも注目したい。';

/** Reads a downloaded workbook the way a municipality's Excel opens it. */
async function workbookOf(content: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

async function saved(workbook: Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Row number of the first row of `sheet` whose column A reads `text`. */
function rowOf(workbook: Workbook, sheet: string, text: string): number {
  let found = 0;
  workbook.getWorksheet(sheet)!.eachRow((row, number) => {
    if (!found && row.getCell(1).text === text) found = number;
  });
  if (!found) throw new Error(`no row "${text}" on sheet ${sheet}`);
  return found;
}

describe('外部評価委員会資料 (committee meeting pack)', () => {
  let t: TestApp;
  let cast: Cast;
  const ids: Record<'underReview' | 'awaiting' | 'evaluated', string> = {} as never;
  let pack: Buffer;

  const api = (rest: string) => `/api/v1/organizations/${cast.organizationId}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const binary = (response: any, callback: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => callback(null, Buffer.concat(chunks)));
  };
  const dryRun = async (file: Buffer, year = 'R4') =>
    (
      await t
        .http()
        .post(api(`/committee-packs/${year}/import`))
        .set(as('planner'))
        .attach('file', file, '外部評価委員会資料.xlsx')
        .expect(200)
    ).body;
  const assignmentsOf = async (reportId: string) =>
    (
      await t
        .http()
        .get(api(`/reports/${reportId}/assignments`))
        .set(as('planner'))
        .expect(200)
    ).body;

  /** Submitted by its owner and sent to experts A and B by the planning division. */
  async function underReview(seed: (typeof ASAHIKAWA_R4_REPORTS)[number]): Promise<string> {
    const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
    await t
      .http()
      .post(api(`/reports/${report.id}/submit`))
      .set(as('owner'))
      .expect(200);
    await t
      .http()
      .post(api(`/reports/${report.id}/accept`))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: dueInDays(14) })
      .expect(200);
    return report.id;
  }

  async function acceptAs(expert: 'expertA' | 'expertB', reportId: string, opinion?: string): Promise<void> {
    const [assignment] = (
      await t
        .http()
        .get(api(`/reports/${reportId}/assignments`))
        .set(as(expert))
        .expect(200)
    ).body;
    await t
      .http()
      .post(api(`/reports/${reportId}/assignments/${assignment.id}/respond`))
      .set(as(expert))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    if (opinion)
      await t
        .http()
        .put(api(`/reports/${reportId}/assignments/${assignment.id}/opinion`))
        .set(as(expert))
        .send({ rating: PanelRating.Effective, opinion, opinionSubmittedAtRead: null })
        .expect(200);
  }

  /** Planning dismisses every expert still asked of the report (未回答で解除): its evaluation then awaits no one. */
  async function dismissAll(reportId: string): Promise<void> {
    const assignments = (
      await t
        .http()
        .get(api(`/reports/${reportId}/assignments`))
        .set(as('planner'))
        .expect(200)
    ).body as { id: string; status: string }[];
    for (const assignment of assignments.filter((row) => row.status === 'pending' || row.status === 'accepted'))
      await t
        .http()
        .post(api(`/reports/${reportId}/assignments/${assignment.id}/dismiss`))
        .set(as('planner'))
        .send({ note: '委員会までに回答がありませんでした。' })
        .expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    ids.underReview = await underReview(UNDER_REVIEW);
    await acceptAs('expertA', ids.underReview, '中間目標を達成しており有効である。');
    await acceptAs('expertB', ids.underReview);
    ids.awaiting = await underReview(AWAITING);
    ids.evaluated = await underReview(EVALUATED);
    await acceptAs('expertA', ids.evaluated, '概ね順調である。');
    // The evaluation waits for every expert asked.
    await acceptAs('expertB', ids.evaluated, '効果が見られる。');
    await t
      .http()
      .post(api(`/reports/${ids.evaluated}/evaluate`))
      .set(as('planner'))
      .send({ rating: PanelRating.Effective, opinion: EVALUATED.panelOpinion })
      .expect(200);
    // A draft of the same year is not for the meeting.
    await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, ASAHIKAWA_R4_REPORTS[3]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('makes the year’s workbook: a table of contents, one protected sheet per report in or past expert review', async () => {
    const response = await t
      .http()
      .get(api(`/committee-packs/R4.xlsx`))
      .set(as('planner'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    pack = response.body as Buffer;
    const workbook = await workbookOf(pack);
    const visible = workbook.worksheets.filter((sheet) => sheet.state === 'visible').map((sheet) => sheet.name);
    expect(visible).toHaveLength(4);
    expect(visible[0]).toBe('目次');
    expect(workbook.worksheets.find((sheet) => sheet.name === '照合用')?.state).toBe('veryHidden');

    const sheet = workbook.getWorksheet(visible[1])!;
    expect(sheet.getCell('B3').text).toBe(UNDER_REVIEW.projectName);
    const ratingRow = rowOf(workbook, visible[1], '事業の評価') + 1;
    const rating = sheet.getCell(`A${ratingRow}`);
    expect(rating.text).toBe('');
    expect(rating.protection?.locked).toBe(false);
    expect(rating.dataValidation).toMatchObject({ type: 'list' });
    expect(sheet.getCell('B3').protection?.locked).not.toBe(false);
    // Each expert's row, prefilled with what they entered so far.
    const expertA = rowOf(workbook, visible[1], 'experta');
    expect(sheet.getCell(`B${expertA}`).text).toBe(EFFECTIVE);
    expect(sheet.getCell(`E${expertA}`).text).toBe('中間目標を達成しており有効である。');
    expect(sheet.getCell(`E${rowOf(workbook, visible[1], 'expertb')}`).text).toBe('');
  });

  it('prints every report on one page with a table of contents linking to each', async () => {
    const response = await t.http().get(api(`/committee-packs/2022`)).set(as('planner')).expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    const html = response.text;
    expect(html).not.toMatch(/<script/i);
    const links = [...html.matchAll(/<a href="#(report-\d+)">([^<]*)<\/a>/g)];
    expect(links.map((link) => link[2])).toEqual(
      [UNDER_REVIEW, AWAITING, EVALUATED].map((seed) => `No${seed.number} ${seed.projectName}`),
    );
    for (const [, anchor] of links) expect(html).toContain(`id="${anchor}"`);
    expect(html).toContain('@page { size: A4 portrait');
    // Every report is a draft to the meeting: its title says so once, not again in a box beside it.
    // One h1, the pack's; each report's title a heading below it.
    expect([...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((match) => match[1])).toEqual(['R4年度 外部評価委員会資料']);
    const titles = [...html.matchAll(/<h2 class="report-title">([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(titles).toEqual(links.map(() => '事業実施結果報告(案)'));
    expect(html).not.toMatch(/<span class="draft">/);
  });

  it('refuses the pack to whoever may not take it and for a year without one, in JSON rather than as a file', async () => {
    for (const [who, year, status] of [
      ['owner', 'R4', 403],
      ['planner', 'R3', 404],
    ] as const)
      for (const path of [`/committee-packs/${year}.xlsx`, `/committee-packs/${year}`]) {
        const refused = await t.http().get(api(path)).set(as(who)).expect(status);
        expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(refused.headers['content-disposition']).toBeUndefined();
      }
  });

  it('refuses to confirm a workbook that changes nothing, writing no audit entry however often it is sent', async () => {
    const checked = await dryRun(pack);
    expect(checked).toMatchObject({ canConfirm: false, counts: { changes: 0, errors: 0 } });
    const confirm = () =>
      t
        .http()
        .post(api('/committee-packs/R4/import/confirm'))
        .set(as('planner'))
        .attach('file', pack, '外部評価委員会資料.xlsx')
        .field('checksum', checked.checksum)
        .expect(422);
    expect((await confirm()).body.message).toMatch(/The workbook changes nothing/);
    await confirm();

    // Sent from the page's form all the same: the dry run again, under the reason in its own words.
    const cookie = await sessionCookie(t, 'planner@example.jp');
    const board = await t.http().get(`/o/${cast.organizationId}/board?fiscalYear=2022`).set('Cookie', cookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(board.text)![1];
    const cookies = [cookie, ...[board.headers['set-cookie'] ?? []].flat().map((set) => set.split(';')[0])];
    const page = await t
      .http()
      .post(`/o/${cast.organizationId}/committee-packs/2022/import/confirm`)
      .set('Cookie', cookies.join('; '))
      .field('_csrf', csrf)
      .field('/checksum', checked.checksum)
      .attach('file', pack, '外部評価委員会資料.xlsx')
      .expect(422);
    expect(page.text).toContain('どの報告にも変更はありません。何も取り込んでいません。');
    expect(page.text).not.toContain('取り込みました');

    const [{ imported }] = await t.dataSource.query(
      `SELECT count(*)::int AS imported FROM audit_entries WHERE action = 'committee_pack.imported'`,
    );
    expect(imported).toBe(0);
  });

  it('a dry run of the filled workbook lists exactly the cells the meeting changed, and confirming writes them', async () => {
    const workbook = await workbookOf(pack);
    const name = workbook.worksheets[1].name;
    const sheet = workbook.getWorksheet(name)!;
    const ratingRow = rowOf(workbook, name, '事業の評価') + 1;
    sheet.getCell(`A${ratingRow}`).value = VERY;
    sheet.getCell(`E${ratingRow}`).value = PANEL_OPINION;
    const expertB = rowOf(workbook, name, 'expertb');
    sheet.getCell(`B${expertB}`).value = EFFECTIVE;
    sheet.getCell(`E${expertB}`).value = EXPERT_B_OPINION;
    const filled = await saved(workbook);

    const checked = await dryRun(filled);
    const [assignmentB] = (await assignmentsOf(ids.underReview)).filter(
      (assignment: any) => assignment.expertUserId === cast.userIds.expertB,
    );
    expect(checked.errors).toEqual([]);
    expect(checked.canConfirm).toBe(true);
    expect(checked.reports.map((report: any) => [report.reportId, report.changes.length, report.errors])).toEqual([
      [ids.underReview, 4, []],
      [ids.awaiting, 0, []],
      [ids.evaluated, 0, []],
    ]);
    expect(checked.reports[0].changes).toEqual([
      {
        field: 'panel_rating',
        label: '⑦ 事業の評価',
        cell: `A${ratingRow}`,
        assignmentId: null,
        before: '',
        after: VERY,
      },
      {
        field: 'panel_opinion',
        label: '⑦ 外部有識者からの意見',
        cell: `E${ratingRow}`,
        assignmentId: null,
        before: '',
        after: PANEL_OPINION,
      },
      {
        field: 'expert_rating',
        label: 'expertbさんの評価',
        cell: `B${expertB}`,
        assignmentId: assignmentB.id,
        before: '',
        after: EFFECTIVE,
      },
      {
        field: 'expert_opinion',
        label: 'expertbさんの意見',
        cell: `E${expertB}`,
        assignmentId: assignmentB.id,
        before: '',
        after: EXPERT_B_OPINION,
      },
    ]);

    await t
      .http()
      .post(api(`/committee-packs/R4/import/confirm`))
      .set(as('planner'))
      .attach('file', filled, '外部評価委員会資料.xlsx')
      .field('checksum', checked.checksum)
      .expect(201);

    const report = (
      await t
        .http()
        .get(api(`/reports/${ids.underReview}`))
        .set(as('planner'))
        .expect(200)
    ).body;
    expect(report.status).toBe('evaluated');
    expect(report.evaluation).toMatchObject({
      rating: PanelRating.VeryEffective,
      ratingLabel: VERY,
      opinion: PANEL_OPINION,
    });
    const opinionB = (await assignmentsOf(ids.underReview)).find((assignment: any) => assignment.id === assignmentB.id);
    expect(opinionB).toMatchObject({ rating: PanelRating.Effective, opinion: EXPERT_B_OPINION });
    const [entry] = await t.dataSource.query(
      `SELECT actor_user_id AS "actorUserId", details FROM audit_entries WHERE action = 'opinion.entered_on_behalf'`,
    );
    expect(entry.actorUserId).toBe(cast.userIds.planner);
    expect(entry.details).toMatchObject({
      assignmentId: assignmentB.id,
      onBehalfOfExpertUserId: cast.userIds.expertB,
      enteredBy: 'planning_division',
      source: 'committee_pack',
      changes: expect.arrayContaining([
        expect.objectContaining({ path: '/rating', after: PanelRating.Effective }),
        expect.objectContaining({ path: '/opinion', after: EXPERT_B_OPINION }),
      ]),
    });
    // Colleagues read whose opinion the planner recorded, not that the planner gave one.
    const event = (
      await t.dataSource.getRepository(OutboxEvent).findBy({ type: 'opinion.entered', reportId: ids.underReview })
    ).find((candidate) => candidate.payload.onBehalfOfExpertUserId === cast.userIds.expertB)!;
    await t.app.get(NotificationDelivery).deliver(event, { retry: false });
    const [notice] = await t.dataSource.query(`SELECT body FROM notifications WHERE outbox_event_id = $1 LIMIT 1`, [
      event.id,
    ]);
    expect(notice.body).toMatch(/さんが、外部評価委員会でexpertbさんが述べた .+ への意見を入力しました。/);
    const [evaluated] = await t.dataSource.query(
      `SELECT details FROM audit_entries WHERE action = 'report.evaluated' AND entity_id = $1`,
      [ids.underReview],
    );
    expect(evaluated.details).toMatchObject({ source: 'committee_pack', toStatus: 'evaluated' });

    // The same workbook again: the report has changed since the pack was made.
    const again = await dryRun(filled);
    expect(again.canConfirm).toBe(false);
    expect(again.reports[0].errors).toEqual([expect.stringContaining('資料の作成後に変更されています')]);
  });

  it('refuses a workbook whose ①–⑥ cell was changed, naming the sheet and the cell', async () => {
    const workbook = await workbookOf(pack);
    const name = workbook.worksheets[2].name;
    const sheet = workbook.getWorksheet(name)!;
    const kpiRow = rowOf(workbook, name, '指標①');
    sheet.getCell(`C${kpiRow}`).value = 999;
    const changed = await saved(workbook);

    const checked = await dryRun(changed);
    expect(checked.canConfirm).toBe(false);
    expect(checked.reports[1].errors).toEqual([
      expect.stringContaining(`シート『${name}』のセル C${kpiRow}(⑤ KPI 指標① 基準値)が変更されています`),
    ]);
    await t
      .http()
      .post(api(`/committee-packs/R4/import/confirm`))
      .set(as('planner'))
      .attach('file', changed, 'changed.xlsx')
      .field('checksum', checked.checksum)
      .expect(422);
  });

  it('refuses a file that is not the pack’s workbook, saying what to upload', async () => {
    const upload = (file: Buffer) =>
      t
        .http()
        .post(api('/committee-packs/R4/import'))
        .set(as('planner'))
        .attach('file', file, '外部評価委員会資料.xlsx')
        .expect(400);
    const text = await upload(Buffer.from('①国提出事業名\t観光振興事業', 'utf8'));
    expect(text.body.message).toMatch(/Upload the committee meeting pack as the \.xlsx workbook/);
    const broken = await upload(Buffer.from('PK\x03\x04 not a workbook'));
    expect(broken.body.message).toMatch(/not a readable \.xlsx workbook/);
  });

  it('refuses ⑦ for a report already evaluated, report by report, and a pack of another year', async () => {
    const workbook = await workbookOf(pack);
    const name = workbook.worksheets[3].name;
    const ratingRow = rowOf(workbook, name, '事業の評価') + 1;
    workbook.getWorksheet(name)!.getCell(`E${ratingRow}`).value = '委員会で書き直した意見';
    const checked = await dryRun(await saved(workbook));
    expect(checked.reports[2].errors).toEqual([
      expect.stringContaining('報告が「評価済」のため、⑦(事業の評価と意見)は取り込めません'),
    ]);
    expect((await dryRun(pack, 'R5')).errors).toEqual([expect.stringContaining('R4年度の資料です')]);
  });

  it('is downloaded and taken in from the planning division’s year board', async () => {
    const cookies = [await sessionCookie(t, 'planner@example.jp')];
    const board = await t
      .http()
      .get(`/o/${cast.organizationId}/board?fiscalYear=2022`)
      .set('Cookie', cookies.join('; '))
      .expect(200);
    for (const cookie of [board.headers['set-cookie'] ?? []].flat()) cookies.push(cookie.split(';')[0]);
    expect(board.text).toContain(`href="${api('/committee-packs/2022.xlsx')}"`);
    expect(board.text).toContain(`href="${api('/committee-packs/2022')}"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(board.text)![1];

    // ⑦ of a report whose panel never answered: the evaluation awaits no one once they are dismissed.
    await dismissAll(ids.awaiting);
    const fresh = await workbookOf(
      (await t.http().get(api('/committee-packs/R4.xlsx')).set(as('planner')).buffer(true).parse(binary).expect(200))
        .body as Buffer,
    );
    const name = fresh.worksheets[2].name;
    const ratingRow = rowOf(fresh, name, '事業の評価') + 1;
    fresh.getWorksheet(name)!.getCell(`A${ratingRow}`).value = EFFECTIVE;
    fresh.getWorksheet(name)!.getCell(`E${ratingRow}`).value = PANEL_OPINION;
    const filled = await saved(fresh);
    const upload = (path: string, fields: Record<string, string>) => {
      let request = t
        .http()
        .post(`/o/${cast.organizationId}/committee-packs/2022/import${path}`)
        .set('Cookie', cookies.join('; '));
      // The token comes first, as the form sends it, so it is read even when the file is refused.
      for (const [field, value] of Object.entries({ _csrf: csrf, ...fields })) request = request.field(field, value);
      return request.attach('file', filled, '委員会資料.xlsx');
    };
    const notAPack = await t
      .http()
      .post(`/o/${cast.organizationId}/committee-packs/2022/import`)
      .set('Cookie', cookies.join('; '))
      .field('_csrf', csrf)
      .attach('file', Buffer.from('①国提出事業名\t観光振興事業', 'utf8'), '委員会資料.txt')
      .expect(400);
    expect(notAPack.text).toContain('年度ボードから出力した外部評価委員会資料(.xlsx)に記入し');
    const checked = await upload('', {}).expect(200);
    expect(checked.text).toContain('⑦ 外部有識者からの意見');
    expect(checked.text).toContain(PANEL_OPINION);
    const checksum = /name="\/checksum" value="([0-9a-f]{64})"/.exec(checked.text)![1];

    const done = await upload('/confirm', { '/checksum': checksum }).expect(200);
    expect(done.text).toContain('1件の報告に取り込みました');
    // Confirmed again, the workbook is shown checked anew, under why nothing was taken in: its report has changed.
    const again = await upload('/confirm', { '/checksum': checksum }).expect(422);
    expect(again.text).toContain('取り込めない報告があるため、何も取り込んでいません');
    expect(again.text).toContain('資料の作成後に変更されています');
    const report = (
      await t
        .http()
        .get(api(`/reports/${ids.awaiting}`))
        .set(as('planner'))
        .expect(200)
    ).body;
    expect(report.evaluation).toMatchObject({ ratingLabel: EFFECTIVE, opinion: PANEL_OPINION });
  });

  it('takes a meeting’s record once when the same workbook is confirmed twice at the same moment: one 201, one 409', async () => {
    const reportId = await underReview(ASAHIKAWA_R4_REPORTS[4]);
    /** A fresh pack with ⑦ of the report filled in, and what its dry run says of the report. */
    const filledPack = async () => {
      const fresh = (
        await t.http().get(api('/committee-packs/R4.xlsx')).set(as('planner')).buffer(true).parse(binary).expect(200)
      ).body as Buffer;
      const workbook = await workbookOf(fresh);
      const name: string = (await dryRun(fresh)).reports.find((report: any) => report.reportId === reportId).sheet;
      const ratingRow = rowOf(workbook, name, '事業の評価') + 1;
      workbook.getWorksheet(name)!.getCell(`A${ratingRow}`).value = EFFECTIVE;
      workbook.getWorksheet(name)!.getCell(`E${ratingRow}`).value = PANEL_OPINION;
      const filled = await saved(workbook);
      const checked = await dryRun(filled);
      return {
        name,
        filled,
        checked,
        errors: checked.reports.find((report: any) => report.reportId === reportId).errors,
      };
    };
    // Both experts have not answered: ⑦ waits for them, and the dry run says what to do.
    const awaiting = await filledPack();
    expect(awaiting.errors).toHaveLength(1);
    expect(awaiting.errors[0]).toContain('意見がそろっていないため、⑦(事業の評価と意見)は取り込めません');
    expect(awaiting.errors[0]).toContain('expertaさん(依頼に未回答)');
    expect(awaiting.errors[0]).toContain('expertbさん(依頼に未回答)');
    await dismissAll(reportId);
    const {
      name,
      filled,
      checked: { checksum },
    } = await filledPack();

    // Another transaction holds the report's row, so both confirmations pass their checks and wait to write.
    const other = await holdRow(t.dataSource, 'result_reports', reportId);
    const confirmations = [1, 2].map(() =>
      t
        .http()
        .post(api('/committee-packs/R4/import/confirm'))
        .set(as('planner'))
        .attach('file', filled, '外部評価委員会資料.xlsx')
        .field('checksum', checksum)
        .then((answer) => answer),
    );
    const waiting = await lockWaitersOutsidePool(t.superuserUrl, 2);
    await other.rollbackTransaction();
    await other.release();

    expect(waiting).toBe(2);
    const [taken, refused] = (await Promise.all(confirmations)).sort((a, b) => a.status - b.status);
    expect([taken.status, refused.status]).toEqual([201, 409]);
    expect(refused.body.message).toMatch(/changed while the workbook was being confirmed; nothing was imported/);
    expect(refused.body.details).toEqual([
      { path: '/file', message: expect.stringContaining(`シート『${name}』の報告は、資料の作成後に変更されています`) },
    ]);
    const [{ imported, evaluated }] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE action = 'committee_pack.imported' AND entity_id = $1)::int AS imported,
              count(*) FILTER (WHERE action = 'report.evaluated' AND entity_id = $2)::int AS evaluated
         FROM audit_entries`,
      [checksum, reportId],
    );
    expect({ imported, evaluated }).toEqual({ imported: 1, evaluated: 1 });
  });

  it('links its table of contents to a sheet whose name holds an apostrophe, and reads that sheet back', async () => {
    await underReview({ ...seedInYear(AWAITING, 2021, 2023, 2025), number: 7, projectName: "Let'sまちづくり事業" });
    const r5 = (
      await t.http().get(api('/committee-packs/R5.xlsx')).set(as('planner')).buffer(true).parse(binary).expect(200)
    ).body as Buffer;

    const workbook = await workbookOf(r5);
    expect(workbook.worksheets[1].name).toBe("No7 Let'sまちづくり事業");
    // Within a quoted sheet reference an apostrophe is written twice.
    expect(workbook.getWorksheet('目次')!.getCell('F5').hyperlink).toBe("#'No7 Let''sまちづくり事業'!A1");
    const checked = await dryRun(r5, 'R5');
    expect(checked.errors).toEqual([]);
    expect(checked.reports.map((report: any) => [report.sheet, report.errors])).toEqual([
      ["No7 Let'sまちづくり事業", []],
    ]);
  });

  it('takes an untouched pack back as no change when stored text holds characters a workbook cannot carry', async () => {
    // Rows written before such characters were refused: a vertical tab and a backspace pasted from Word, a U+FFFF.
    await t.dataSource.query(`UPDATE report_plans SET overview = $2 WHERE report_id = $1`, [
      ids.awaiting,
      '概要の一行目\u000B二行目\uFFFF',
    ]);
    await t.dataSource.query(
      `UPDATE review_assignments SET opinion = $2 WHERE report_id = $1 AND expert_user_id = $3`,
      [ids.evaluated, '概ね\b順調である。\uFFFF', cast.userIds.expertA],
    );
    const untouched = (
      await t.http().get(api('/committee-packs/R4.xlsx')).set(as('planner')).buffer(true).parse(binary).expect(200)
    ).body as Buffer;

    const checked = await dryRun(untouched);
    const sheetOf = (reportId: string) => checked.reports.find((report: any) => report.reportId === reportId).sheet;
    const workbook = await workbookOf(untouched);
    expect(workbook.getWorksheet(sheetOf(ids.awaiting))!.getCell('A5').text).toBe('概要の一行目二行目');
    const evaluatedSheet = sheetOf(ids.evaluated);
    expect(workbook.getWorksheet(evaluatedSheet)!.getCell(`E${rowOf(workbook, evaluatedSheet, 'experta')}`).text).toBe(
      '概ね順調である。',
    );
    expect(checked.errors).toEqual([]);
    expect(checked.reports.map((report: any) => [report.changes, report.errors])).toEqual(
      checked.reports.map(() => [[], []]),
    );
    expect(checked.canConfirm).toBe(false);
  });
});
