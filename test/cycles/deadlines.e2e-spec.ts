import { japaneseDate } from '../../src/common/dates';
import { dateInputValue } from '../../src/common/era-input';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { SESSION_COOKIE } from '../../src/auth/session-cookie';
import { REVIEW_DEADLINES_QUEUE } from '../../src/notifications/queues';
import { deadlineJobId } from '../../src/notifications/review-deadlines';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { settle } from '../support/notification-scenario';
import { castAsahikawa, type Cast, dueInDays } from '../support/organization-scenario';
import { enterSeedReport } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { PageTab, sendPageForm, shownText } from '../web/support/page-forms';

/** The moment a due date falls due: the due time (default 09:00) in Japan. */
const dueMoment = (date: string) => Date.parse(`${date}T09:00:00+09:00`);

/** 期限の変更: the deadlines of a year under way move; awaited opinions and their reminders follow the review date. */
describe('Changing the deadlines of a fiscal-year cycle', () => {
  let t: TestApp;
  let cast: Cast;
  let cycleId: string;
  let reports: { id: string }[];
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const api = (path: string) => `/api/v1/organizations/${cast.organizationId}${path}`;
  const reviewDueDate = dueInDays(30);
  const ownDueDate = dueInDays(40);
  const newReviewDueDate = dueInDays(35);
  /** The year's cycle as listed now, with the checksum of its deadlines to send back with a change. */
  const cycleNow = async () =>
    (
      (await t.http().get(api('/cycles')).set(as('planner')).expect(200)).body as {
        id: string;
        submissionDueDate: string;
        reviewDueDate: string | null;
        deadlinesChecksum: string;
      }[]
    ).find((cycle) => cycle.id === cycleId)!;
  const deadlinesAudited = async () =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'cycle.deadlines_changed'`,
      )
    )[0].count as number;

  const assignmentsOf = async (reportId: string) =>
    (
      await t
        .http()
        .get(api(`/reports/${reportId}/assignments`))
        .set(as('planner'))
        .expect(200)
    ).body as {
      id: string;
      expertUserId: string;
      dueDate: string;
    }[];

  beforeAll(async () => {
    t = await createTestApp({ RUN_WORKER: 'true', OUTBOX_RELAY_INTERVAL_MS: '50' });
    cast = await castAsahikawa(t);
    reports = [];
    for (const seed of ASAHIKAWA_R4_REPORTS.slice(0, 3)) {
      const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
      await t
        .http()
        .post(api(`/reports/${report.id}/submit`))
        .set(as('owner'))
        .expect(200);
      reports.push(report);
    }
    cycleId = (
      await t
        .http()
        .post(api('/cycles'))
        .set(as('admin'))
        .send({ fiscalYear: 'R4', submissionDueDate: dueInDays(10), reviewDueDate })
        .expect(201)
    ).body.id;
  });

  afterAll(() => t.close());

  it("offers the year's review due date, in 和暦 as the page writes dates, when planning accepts a submission", async () => {
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/reports/${reports[0].id}`)
      .set('Cookie', `${SESSION_COOKIE}=${cast.tokens.planner}`)
      .expect(200);
    expect(page.text).toMatch(new RegExp(`name="/dueDate" type="text" value="${dateInputValue(reviewDueDate)}"`));
    expect(dateInputValue(reviewDueDate)).toMatch(/^R\d+\.\d+\.\d+$/);
  });

  it('moves the deadlines, audited; awaited opinions due on the old review date move with it, reminders too', async () => {
    // Report 0: both experts asked by the year's date, expert A has answered. Report 1: another date of its own.
    await t
      .http()
      .post(api(`/reports/${reports[0].id}/accept`))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertA, cast.userIds.expertB], dueDate: reviewDueDate })
      .expect(200);
    await t
      .http()
      .post(api(`/reports/${reports[1].id}/accept`))
      .set(as('planner'))
      .send({ experts: [cast.userIds.expertB], dueDate: ownDueDate })
      .expect(200);
    const answered = (await assignmentsOf(reports[0].id)).find((a) => a.expertUserId === cast.userIds.expertA)!;
    const path = api(`/reports/${reports[0].id}/assignments/${answered.id}`);
    await t
      .http()
      .post(`${path}/respond`)
      .set(as('expertA'))
      .send({ accept: true, conflictOfInterest: 'none' })
      .expect(200);
    await t
      .http()
      .put(`${path}/opinion`)
      .set(as('expertA'))
      .send({ rating: 'effective', opinion: '有効', opinionSubmittedAtRead: null })
      .expect(200);
    await settle(t);

    const { deadlinesChecksum } = await cycleNow();
    const changed = await t
      .http()
      .put(api(`/cycles/${cycleId}/deadlines`))
      .set(as('planner'))
      .send({ submissionDueDate: dueInDays(12), reviewDueDate: newReviewDueDate, deadlinesChecksum })
      .expect(200);
    expect(changed.body).toMatchObject({
      submissionDueDate: dueInDays(12),
      reviewDueDate: newReviewDueDate,
      movedAssignments: 1,
    });
    expect(changed.body.deadlinesChecksum).not.toBe(deadlinesChecksum);
    const listed = (await t.http().get(api('/cycles')).set(as('owner')).expect(200)).body;
    expect(listed[0]).toMatchObject({ submissionDueDate: dueInDays(12), reviewDueDate: newReviewDueDate });

    const due = async (reportId: string, expert: string) =>
      (await assignmentsOf(reportId)).find((a) => a.expertUserId === cast.userIds[expert])!;
    const moved = await due(reports[0].id, 'expertB');
    expect(moved.dueDate).toBe(newReviewDueDate);
    expect((await due(reports[0].id, 'expertA')).dueDate).toBe(reviewDueDate);
    expect((await due(reports[1].id, 'expertB')).dueDate).toBe(ownDueDate);

    const [audit] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_entries WHERE action = 'cycle.deadlines_changed'`,
    );
    expect(audit).toEqual({
      actor_user_id: cast.userIds.planner,
      details: {
        fiscalYear: 2022,
        submissionDueDate: { from: dueInDays(10), to: dueInDays(12) },
        reviewDueDate: { from: reviewDueDate, to: newReviewDueDate },
        movedAssignmentIds: [moved.id],
      },
    });

    await settle(t);
    const queue = t.app.get<Queue>(getQueueToken(REVIEW_DEADLINES_QUEUE));
    const dueToday = await queue.getJob(deadlineJobId(moved.id, newReviewDueDate, 0));
    // Scheduled for the new date (give or take the moment between reading the clock and adding the job).
    expect(Math.abs(dueToday!.timestamp + dueToday!.opts.delay! - dueMoment(newReviewDueDate))).toBeLessThan(1000);
  });

  it("offers the year's current deadlines in its form, in 和暦 as the page writes dates, to change from", async () => {
    const page = await t
      .http()
      .get(`/o/${cast.organizationId}/cycles/${cycleId}/deadlines`)
      .set('Cookie', `${SESSION_COOKIE}=${cast.tokens.planner}`)
      .expect(200);
    expect(page.text).toContain(`name="/submissionDueDate" type="text" value="${dateInputValue(dueInDays(12))}"`);
    expect(page.text).toContain(`name="/reviewDueDate" type="text" value="${dateInputValue(newReviewDueDate)}"`);
  });

  it('refuses deadlines sent from a read before another change: 409 with the deadlines now, nothing moved, recorded or told', async () => {
    const outbox = () =>
      t.dataSource.query(
        `SELECT id FROM notification_outbox WHERE type IN ('cycle.deadline_changed', 'assignment.due_date_changed') ORDER BY id`,
      );
    const change = (body: object) =>
      t
        .http()
        .put(api(`/cycles/${cycleId}/deadlines`))
        .set(as('planner'))
        .send(body);
    const missing = await change({ submissionDueDate: dueInDays(12), reviewDueDate: newReviewDueDate }).expect(400);
    expect(missing.body.details).toEqual([
      { path: '/deadlinesChecksum', message: 'deadlinesChecksum must be the checksum of the deadlines you read' },
    ]);
    // Two planners read the same deadlines; one brings the review date forward a day.
    const shown = await cycleNow();
    const first = await t
      .http()
      .put(api(`/cycles/${cycleId}/deadlines`))
      .set(as('admin'))
      .send({
        submissionDueDate: dueInDays(12),
        reviewDueDate: dueInDays(34),
        deadlinesChecksum: shown.deadlinesChecksum,
      })
      .expect(200);
    const audited = await deadlinesAudited();
    const told = await outbox();
    const assignments = await t.dataSource.query(`SELECT id, due_date FROM review_assignments ORDER BY id`);

    // The other, from the earlier read, moves the submission deadline: sent whole, it would put the review date back.
    const stale = await change({
      submissionDueDate: dueInDays(13),
      reviewDueDate: newReviewDueDate,
      deadlinesChecksum: shown.deadlinesChecksum,
    }).expect(409);

    const { movedAssignments, ...current } = first.body;
    expect(movedAssignments).toBe(1);
    expect(stale.body.details).toEqual({ current });
    expect(await cycleNow()).toEqual(current);
    expect(await deadlinesAudited()).toBe(audited);
    expect(await outbox()).toEqual(told);
    expect(await t.dataSource.query(`SELECT id, due_date FROM review_assignments ORDER BY id`)).toEqual(assignments);

    // The deadlines saved now, whatever was read, change nothing; read again, the change is made on the dates now.
    await change({
      submissionDueDate: dueInDays(12),
      reviewDueDate: dueInDays(34),
      deadlinesChecksum: shown.deadlinesChecksum,
    }).expect(200);
    expect(await deadlinesAudited()).toBe(audited);
    const moved = await change({
      submissionDueDate: dueInDays(12),
      reviewDueDate: newReviewDueDate,
      deadlinesChecksum: current.deadlinesChecksum,
    }).expect(200);
    expect(moved.body).toMatchObject({ reviewDueDate: newReviewDueDate, movedAssignments: 1 });
  });

  it('keeps on its page the deadlines typed over ones changed meanwhile, beside the ones now, to save knowingly', async () => {
    const pagePath = `/o/${cast.organizationId}/cycles/${cycleId}/deadlines`;
    const tab = new PageTab(t, `${SESSION_COOKIE}=${cast.tokens.planner}`, 'kpiv.test');
    await tab.open(pagePath);
    // Meanwhile, from another tab or by another person: the submission deadline moves a day.
    const shown = await cycleNow();
    await t
      .http()
      .put(api(`/cycles/${cycleId}/deadlines`))
      .set(as('admin'))
      .send({
        submissionDueDate: dueInDays(11),
        reviewDueDate: newReviewDueDate,
        deadlinesChecksum: shown.deadlinesChecksum,
      })
      .expect(200);
    const audited = await deadlinesAudited();

    const typed = dateInputValue(dueInDays(36));
    const refused = await tab.send(pagePath, { '/reviewDueDate': typed });

    expect(refused.status).toBe(409);
    const shownNow = shownText(refused.text);
    expect(shownNow).toContain('別の画面またはほかの人が先に保存しました');
    expect(shownNow).toContain('入力した期限はこのページに残っています');
    expect(refused.text).toContain(`name="/reviewDueDate" type="text" value="${typed}"`);
    expect(refused.text).toContain(`name="/submissionDueDate" type="text" value="${dateInputValue(dueInDays(12))}"`);
    // The deadlines now head the page, the one that differs from what was typed marked.
    expect(shownNow).toContain(`いまの提出期限 ${japaneseDate(dueInDays(11))} あなたの入力と異なる`);
    expect(shownNow).toContain(`いまの意見の期限 ${japaneseDate(newReviewDueDate)} あなたの入力と異なる`);
    expect(await deadlinesAudited()).toBe(audited);
    expect(await cycleNow()).toMatchObject({ submissionDueDate: dueInDays(11), reviewDueDate: newReviewDueDate });

    // Sent again as it stands, the typed deadlines replace the ones now.
    const saved = await tab.send(pagePath);
    expect(saved.status).toBe(303);
    expect(await cycleNow()).toMatchObject({ submissionDueDate: dueInDays(12), reviewDueDate: dueInDays(36) });
  });

  it('refuses what it must, changing nothing: other roles, a review due before the submission, a closed year', async () => {
    const change = (name: string, body: object) =>
      t
        .http()
        .put(api(`/cycles/${cycleId}/deadlines`))
        .set(as(name))
        .send(body);
    await change('owner', { submissionDueDate: dueInDays(20) }).expect(403);
    // The page's form sent as it is shown: nothing moves, nothing is recorded, and the page says so.
    const pagePath = `/o/${cast.organizationId}/cycles/${cycleId}/deadlines`;
    const unchanged = await sendPageForm(t, `${SESSION_COOKIE}=${cast.tokens.planner}`, pagePath, pagePath);
    expect(unchanged.status).toBe(303);
    expect(unchanged.headers.location).toContain('notice=cycle-deadlines-unchanged');
    // Left empty, the deadline is asked for; typed as no date is written, the ways to write one are shown.
    const planner = `${SESSION_COOKIE}=${cast.tokens.planner}`;
    const blank = await sendPageForm(t, planner, pagePath, pagePath, { '/submissionDueDate': '' });
    expect(blank.status).toBe(400);
    expect(shownText(blank.text)).toContain('提出期限を入力してください');
    expect(shownText(blank.text)).not.toContain('日付で入力してください');
    const malformed = await sendPageForm(t, planner, pagePath, pagePath, { '/submissionDueDate': '来月末' });
    expect(shownText(malformed.text)).toContain('提出期限は「R8.12.15」や「2026-12-15」のように日付で入力してください');
    const { deadlinesChecksum } = await cycleNow();
    const early = await change('planner', {
      submissionDueDate: dueInDays(20),
      reviewDueDate: dueInDays(15),
      deadlinesChecksum,
    }).expect(400);
    expect(JSON.stringify(early.body)).toContain('reviewDueDate must not be before submissionDueDate');
    await t
      .http()
      .post(api(`/cycles/${cycleId}/close`))
      .set(as('admin'))
      .expect(200);
    const audited = await deadlinesAudited();
    const closed = await change('admin', { submissionDueDate: dueInDays(20), deadlinesChecksum }).expect(409);
    expect(closed.body.message).toBe('The deadlines of a closed cycle cannot be changed.');
    expect(await cycleNow()).toMatchObject({ submissionDueDate: dueInDays(12), reviewDueDate: dueInDays(36) });
    expect(await deadlinesAudited()).toBe(audited);
  });
});
