import { Client } from 'pg';
import { Role } from '../../../src/access/role';
import { addDays, todayInJapan } from '../../../src/common/dates';
import { PLANNING_LISTS, type PlanningList, ReportsRepository } from '../../../src/reports/report/reports.repository';
import { ReviewsRepository } from '../../../src/reports/reviews/reviews.repository';
import { PanelRating, PolicyDecision } from '../../../src/reports/report/assessment';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { ReportAction } from '../../../src/reports/rules/report-workflow';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { BadgeKind } from '../../../src/tasks/report-badges';
import { TasksService } from '../../../src/tasks/tasks.service';
import type { GivenMunicipality, GivenUser } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * Today in Japan as each test starts, as the services read it when asked: read once for the whole file, a run that
 * crossed midnight in Japan counted the deadlines it wrote from yesterday.
 */
let today: string;
/** A calendar day counted from today in Japan, as the lists count them. */
const inDays = (days: number) => addDays(today, days);

describe('対応が必要: what waits for whom, and the facts behind every badge', () => {
  let app: MediumApp;
  let reports: ReportsRepository;
  let reviews: ReviewsRepository;
  let tasks: TasksService;

  beforeEach(() => {
    today = todayInJapan();
  });

  beforeAll(async () => {
    app = await createMediumApp();
    reports = app.get(ReportsRepository);
    reviews = app.get(ReviewsRepository);
    tasks = app.get(TasksService);
  });

  afterAll(() => app?.close());

  /** Each specification in its own municipality, so no list holds another's reports. */
  async function town(): Promise<GivenMunicipality> {
    return app.given.municipality();
  }

  async function reportIn(where: GivenMunicipality, status: ReportStatus, options = {}) {
    return app.given.report(await app.given.project(where.department), { status, ...options });
  }

  const idsOf = (entries: { report: { id: string } }[]) => entries.map((entry) => entry.report.id);

  describe('the owning department (ReportsRepository.awaitingOwner)', () => {
    it('holds a returned draft with the reason of its latest return', async () => {
      const city = await town();
      const report = await reportIn(city, ReportStatus.Draft);
      await app.given.returned(report, city.planner, '最初の理由');
      await app.given.submission(report, city.owner);
      await app.given.returned(report, city.planner, '指標の最新値の時点を確認してください。');

      const [entry] = await reports.awaitingOwner(city.owner.actor, today);

      expect(entry.report.id).toBe(report.id);
      expect(entry.attention).toMatchObject({
        returnReason: '指標の最新値の時点を確認してください。',
        openQuestions: 0,
      });
    });

    it('does not call a draft returned once it was submitted again after the return (and withdrawn)', async () => {
      const city = await town();
      const report = await reportIn(city, ReportStatus.Draft);
      await app.given.returned(report, city.planner);
      await app.given.submission(report, city.owner);

      const [entry] = await reports.awaitingOwner(city.owner.actor, today);

      expect(entry).toMatchObject({ report: { id: report.id }, attention: { returnReason: null } });
    });

    it('reads a return and a withdrawal made through the workflow the same way', async () => {
      const city = await town();
      const report = await reportIn(city, ReportStatus.Draft);
      const workflow = app.get(WorkflowService);
      await workflow.submit(city.owner.actor, report.id);
      await workflow.returnToDraft(city.planner.actor, report.id, '予算額を確認してください。');
      const returned = await reports.awaitingOwner(city.owner.actor, today);

      await workflow.submit(city.owner.actor, report.id);
      await workflow.withdraw(city.owner.actor, report.id);
      const withdrawn = await reports.awaitingOwner(city.owner.actor, today);

      expect(returned.map((entry) => entry.attention.returnReason)).toEqual(['予算額を確認してください。']);
      expect(withdrawn.map((entry) => entry.attention.returnReason)).toEqual([null]);
    });

    it('holds a correction sent back with its reason, until it is submitted again', async () => {
      const city = await town();
      const report = await reportIn(city, ReportStatus.Decided, {
        proposedBy: city.planner.id,
        approvedBy: city.approver.id,
      });
      const workflow = app.get(WorkflowService);
      await workflow.publish(city.planner.actor, report.id);
      await workflow.startCorrection(city.admin.actor, report.id, '④の実績額の誤記を訂正');
      await workflow.submitCorrection(city.owner.actor, report.id);
      const submitted = await reports.awaitingOwner(city.owner.actor, today);
      await workflow.returnCorrection(city.planner.actor, report.id, '合計額も直してください。');
      const returned = await reports.awaitingOwner(city.owner.actor, today);

      await workflow.submitCorrection(city.owner.actor, report.id);
      await workflow.withdrawCorrection(city.owner.actor, report.id);
      const withdrawn = await reports.awaitingOwner(city.owner.actor, today);

      expect(submitted).toEqual([]);
      expect(returned.map((entry) => entry.attention.returnReason)).toEqual(['合計額も直してください。']);
      expect(withdrawn.map((entry) => entry.attention.returnReason)).toEqual([null]);
    });

    it('holds a report in review with an unanswered question, counting only questions without an answer', async () => {
      const city = await town();
      const asked = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.question(asked, city.expertA, 'KPIの時点は?');
      const answered = await app.given.question(asked, city.expertA, '代替策は?');
      await app.given.answer(answered, city.owner);
      const allAnswered = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.answer(await app.given.question(allAnswered, city.expertB), city.owner);

      const entries = await reports.awaitingOwner(city.owner.actor, today);

      expect(entries.map(({ report, attention }) => [report.id, attention.openQuestions])).toEqual([[asked.id, 1]]);
    });

    it("holds only the caller's own departments' reports, and nothing for someone who owns no project", async () => {
      const city = await town();
      const elsewhere = await app.given.department(city.organization, '福祉部');
      await app.given.report(await app.given.project(elsewhere));
      const own = await reportIn(city, ReportStatus.Draft);

      expect(idsOf(await reports.awaitingOwner(city.owner.actor, today))).toEqual([own.id]);
      expect(await reports.awaitingOwner(city.planner.actor, today)).toEqual([]);
    });

    it('leaves out what waits for others: a submission, a report in review without questions', async () => {
      const city = await town();
      await reportIn(city, ReportStatus.Submitted);
      await reportIn(city, ReportStatus.InExpertReview);

      expect(await reports.awaitingOwner(city.owner.actor, today)).toEqual([]);
    });
  });

  describe('the planning division', () => {
    const listOf = async (who: GivenUser, action: PlanningList) =>
      idsOf((await reports.planningLists(who.actor, today, PLANNING_LISTS))[action]);

    it('checks submissions (ReportsRepository.planningLists)', async () => {
      const city = await town();
      const submitted = await reportIn(city, ReportStatus.Submitted);
      await reportIn(city, ReportStatus.Draft);
      await reportIn(city, ReportStatus.InExpertReview);

      expect(await listOf(city.planner, ReportAction.Accept)).toEqual([submitted.id]);
    });

    it('is offered a proposal to approve by everyone but its proposer (four-eyes)', async () => {
      const city = await town();
      const proposal = await reportIn(city, ReportStatus.DecisionProposed, { proposedBy: city.planner.id });

      expect(await listOf(city.planner, ReportAction.ApprovePolicy)).toEqual([]);
      expect(await listOf(city.approver, ReportAction.ApprovePolicy)).toEqual([proposal.id]);
    });

    it('sees overdue opinions with their experts: awaited, in review, and due before today (ReviewsRepository)', async () => {
      const city = await town();
      const report = await reportIn(city, ReportStatus.InExpertReview);
      const late = await app.given.assignment(report, city.expertA, { dueDate: inDays(-1) });
      await app.given.assignment(report, city.expertB, { dueDate: inDays(-3), opinion: '有効であった。' });
      const dueToday = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(dueToday, city.expertA, { dueDate: today });
      const closed = await reportIn(city, ReportStatus.Evaluated);
      await app.given.assignment(closed, city.expertA, { dueDate: inDays(-5) });
      const removed = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(removed, city.expertA, { dueDate: inDays(-5), status: AssignmentStatus.Removed });

      const overdue = await reviews.overdueOpinions(city.planner.actor, today);

      expect(
        overdue.map(({ assignment, report: of, attention }) => ({
          assignmentId: assignment.id,
          expert: assignment.expert?.displayName,
          reportId: of.id,
          overdueOpinions: attention.overdueOpinions,
          opinions: [attention.opinionsAsked, attention.opinionsGiven],
          nextOpinionDue: attention.nextOpinionDue,
        })),
      ).toEqual([
        {
          assignmentId: late.id,
          expert: 'expertA',
          reportId: report.id,
          overdueOpinions: 1,
          opinions: [2, 1],
          nextOpinionDue: inDays(-1),
        },
      ]);
      expect(await reviews.overdueOpinions(city.owner.actor, today)).toEqual([]);
      expect(await reviews.overdueOpinions(city.expertA.actor, today)).toEqual([]);
    });
  });

  describe("the planning division's steps after the experts (ReportsRepository.planningLists)", () => {
    const steps = async (who: GivenUser) => {
      const awaiting = await reports.planningLists(who.actor, today, PLANNING_LISTS);
      return {
        consolidate: idsOf(awaiting[ReportAction.Evaluate]),
        propose: idsOf(awaiting[ReportAction.ProposePolicy]),
        publish: idsOf(awaiting[ReportAction.Publish]),
      };
    };
    const none = { consolidate: [], propose: [], publish: [] };

    it('holds a review for 評価の取りまとめ once every assigned expert has given their opinion, until it is evaluated', async () => {
      const city = await town();
      const ready = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(ready, city.expertA, { status: AssignmentStatus.Accepted, opinion: '有効であった。' });
      // An expert who declined or was taken off owes nothing.
      await app.given.assignment(ready, city.expertB, { status: AssignmentStatus.Declined });

      expect(await steps(city.planner)).toEqual({ ...none, consolidate: [ready.id] });

      await app.get(WorkflowService).evaluate(city.planner.actor, ready.id, {
        rating: PanelRating.Effective,
        opinion: '有効であった。',
      });

      expect(await steps(city.planner)).toEqual({ ...none, propose: [ready.id] });
    });

    it('does not hold a review while an assigned expert still owes an opinion, nor one with no expert left', async () => {
      const city = await town();
      const accepted = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(accepted, city.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効であった。',
      });
      await app.given.assignment(accepted, city.expertB, { status: AssignmentStatus.Accepted });
      const unanswered = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(unanswered, city.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効であった。',
      });
      await app.given.assignment(unanswered, city.expertB);
      const nobodyLeft = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(nobodyLeft, city.expertA, { status: AssignmentStatus.Declined });

      expect(await steps(city.planner)).toEqual(none);
    });

    it('holds an evaluated report for its 方針案 until it is proposed', async () => {
      const city = await town();
      const evaluated = await reportIn(city, ReportStatus.Evaluated);

      expect(await steps(city.planner)).toEqual({ ...none, propose: [evaluated.id] });

      await app.get(WorkflowService).propose(city.planner.actor, evaluated.id, {
        decision: PolicyDecision.Continue,
        reason: '継続する。',
      });

      expect(await steps(city.planner)).toEqual(none);
    });

    it('holds a decided report, and a submitted correction, for publication until it is published', async () => {
      const city = await town();
      const decided = await reportIn(city, ReportStatus.Decided, {
        proposedBy: city.planner.id,
        approvedBy: city.approver.id,
      });
      const corrected = await reportIn(city, ReportStatus.CorrectionSubmitted, {
        proposedBy: city.planner.id,
        approvedBy: city.approver.id,
      });
      // Still being corrected by its owner: nothing to publish yet.
      await reportIn(city, ReportStatus.Correcting, { proposedBy: city.planner.id, approvedBy: city.approver.id });

      expect(new Set((await steps(city.planner)).publish)).toEqual(new Set([decided.id, corrected.id]));

      await app.get(WorkflowService).publish(city.planner.actor, decided.id);

      expect(await steps(city.planner)).toEqual({ ...none, publish: [corrected.id] });
    });

    it("never holds another organization's reports", async () => {
      const city = await town();
      const other = await town();
      const ready = await reportIn(other, ReportStatus.InExpertReview);
      await app.given.assignment(ready, other.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効であった。',
      });
      await reportIn(other, ReportStatus.Evaluated);
      await reportIn(other, ReportStatus.Decided, { proposedBy: other.planner.id, approvedBy: other.approver.id });

      expect(await steps(other.planner)).not.toEqual(none);
      expect(await steps(city.planner)).toEqual(none);
      expect(await tasks.planningTasks(city.planner.actor)).toMatchObject({
        toConsolidate: [],
        toPropose: [],
        toPublish: [],
      });
    });

    it('leaves out what waits for others or is done: drafts, submissions, proposals, published reports', async () => {
      const city = await town();
      await reportIn(city, ReportStatus.Draft);
      await reportIn(city, ReportStatus.Submitted);
      await reportIn(city, ReportStatus.DecisionProposed, { proposedBy: city.planner.id });
      await reportIn(city, ReportStatus.Published, { proposedBy: city.planner.id, approvedBy: city.approver.id });

      expect(await steps(city.planner)).toEqual(none);
    });
  });

  describe('external experts (ReviewsRepository)', () => {
    it('list their own assignments that still count, the earliest due first', async () => {
      const city = await town();
      const later = await app.given.assignment(await reportIn(city, ReportStatus.InExpertReview), city.expertA, {
        dueDate: inDays(10),
      });
      const sooner = await app.given.assignment(await reportIn(city, ReportStatus.InExpertReview), city.expertA, {
        dueDate: inDays(2),
      });
      await app.given.assignment(await reportIn(city, ReportStatus.InExpertReview), city.expertB);
      await app.given.assignment(await reportIn(city, ReportStatus.InExpertReview), city.expertA, {
        status: AssignmentStatus.Declined,
      });

      const own = await reviews.assignmentsOfExpert(city.expertA.actor, today);

      expect(own.map(({ assignment }) => assignment.id)).toEqual([sooner.id, later.id]);
    });

    it('count per organization the opinions still owed, and the overdue ones', async () => {
      const city = await town();
      const other = await app.given.organization();
      await app.given.membership(city.expertA, other, Role.ExternalExpert);
      const otherProject = await app.given.project(await app.given.department(other));
      await app.given.assignment(await reportIn(city, ReportStatus.InExpertReview), city.expertA, {
        dueDate: inDays(-1),
      });
      await app.given.assignment(await reportIn(city, ReportStatus.InExpertReview), city.expertA, {
        dueDate: inDays(3),
      });
      await app.given.assignment(await reportIn(city, ReportStatus.InExpertReview), city.expertA, {
        opinion: '有効であった。',
      });
      await app.given.assignment(
        await app.given.report(otherProject, { status: ReportStatus.InExpertReview }),
        city.expertA,
      );

      const counts = await reviews.opinionsAwaitedFrom(city.expertA.id, today);

      expect(counts.sort((a, b) => a.open - b.open)).toEqual([
        { organizationId: other.id, open: 1, overdue: 0 },
        { organizationId: city.organization.id, open: 2, overdue: 1 },
      ]);
    });
  });

  describe('TasksService: the lists as the pages and the API show them', () => {
    it("orders the owner's list returned, questioned, then by deadline, with days left and badges", async () => {
      const city = await town();
      await app.given.cycle(city.organization, 2022, inDays(3), city.admin);
      await app.given.cycle(city.organization, 2021, inDays(-2), city.admin);
      const dueSoon = await reportIn(city, ReportStatus.Draft);
      const late = await reportIn(city, ReportStatus.Draft, { fiscalYear: 2021 });
      const questioned = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.question(questioned, city.expertA);
      const returned = await reportIn(city, ReportStatus.Draft);
      await app.given.returned(returned, city.planner, '時点を確認してください。');

      const owner = await tasks.ownerTasks(city.owner.actor);

      expect(
        owner.map((task) => ({
          id: task.report.id,
          badges: task.badges.map((badge) => badge.label),
          deadline: task.deadline?.label ?? null,
        })),
      ).toEqual([
        { id: returned.id, badges: ['差戻し'], deadline: '期限まで3日' },
        { id: questioned.id, badges: ['質問あり'], deadline: null },
        { id: late.id, badges: ['期限超過'], deadline: '期限超過(2日)' },
        { id: dueSoon.id, badges: [], deadline: '期限まで3日' },
      ]);
      expect(owner[0].returnReason).toBe('時点を確認してください。');
    });

    it("judges how far each of the owner's own drafts is, in one query for all the drafts of both lists", async () => {
      const city = await town();
      const complete = await reportIn(city, ReportStatus.Draft);
      const begun = await reportIn(city, ReportStatus.Draft, { complete: false });
      const alsoBegun = await reportIn(city, ReportStatus.Draft, { complete: false, fiscalYear: 2021 });
      const submitted = await reportIn(city, ReportStatus.Submitted);
      const elsewhere = await app.given.report(await app.given.project(await app.given.department(city.organization)));

      const sent = jest.spyOn(Client.prototype, 'query');
      let own: Awaited<ReturnType<TasksService['ownReports']>>;
      try {
        own = await tasks.ownReports(city.owner.actor, new Map());
        const readInFull = sent.mock.calls.filter(([query]: unknown[]) =>
          (typeof query === 'string' ? query : (query as { text: string }).text).includes('FROM "budget_lines"'),
        );
        expect(readInFull).toHaveLength(1);
      } finally {
        sent.mockRestore();
      }
      const progressOf = (tasksOf: typeof own.reports) =>
        Object.fromEntries(tasksOf.map((task) => [task.report.id, task.progress ?? null]));
      const begunSoFar = { entered: ['overview'], toEnter: ['budget', 'kpis', 'effect'], ready: false };
      expect(progressOf(own.reports)).toEqual({
        [complete.id]: { entered: ['overview', 'budget', 'kpis', 'effect'], toEnter: [], ready: true },
        [begun.id]: begunSoFar,
        [alsoBegun.id]: begunSoFar,
        [submitted.id]: null,
      });
      expect(progressOf(own.waiting)).toEqual({
        [complete.id]: progressOf(own.reports)[complete.id],
        [begun.id]: begunSoFar,
        [alsoBegun.id]: begunSoFar,
      });
      // Planning sees another department's draft, but does not fill it in.
      const planning = await tasks.ownReports(city.planner.actor, new Map());
      expect(planning.reports.find((task) => task.report.id === elsewhere.id)).not.toHaveProperty('progress');
    });

    it("gives planning the workflow's steps after the experts as lists of its own, and no one else", async () => {
      const city = await town();
      const ready = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(ready, city.expertA, { status: AssignmentStatus.Accepted, opinion: '有効であった。' });
      const evaluated = await reportIn(city, ReportStatus.Evaluated);
      const decided = await reportIn(city, ReportStatus.Decided, {
        proposedBy: city.planner.id,
        approvedBy: city.approver.id,
      });

      const planner = await tasks.myTasks(city.planner.actor);
      const others = await Promise.all([city.owner, city.expertA, city.admin].map((who) => tasks.myTasks(who.actor)));

      expect({
        toConsolidate: idsOf(planner.toConsolidate),
        toPropose: idsOf(planner.toPropose),
        toPublish: idsOf(planner.toPublish),
        total: planner.total,
      }).toEqual({ toConsolidate: [ready.id], toPropose: [evaluated.id], toPublish: [decided.id], total: 3 });
      expect(planner.toConsolidate[0].opinions).toMatchObject({ asked: 1, given: 1 });
      for (const lists of others) expect(lists).toMatchObject({ toConsolidate: [], toPropose: [], toPublish: [] });
    });

    it('gives each role its own lists and counts them together', async () => {
      const city = await town();
      await reportIn(city, ReportStatus.Submitted);
      await reportIn(city, ReportStatus.DecisionProposed, { proposedBy: city.planner.id });
      const review = await reportIn(city, ReportStatus.InExpertReview);
      await app.given.assignment(review, city.expertA, { dueDate: inDays(-1) });

      const planner = await tasks.myTasks(city.planner.actor);
      const approver = await tasks.myTasks(city.approver.actor);
      const expert = await tasks.myTasks(city.expertA.actor);

      expect(planner).toMatchObject({ owner: [], toApprove: [], opinionsToGive: [], total: 2 });
      expect(planner.toCheck).toHaveLength(1);
      expect(planner.overdueOpinions.map((task) => task.badges.map((badge) => badge.kind))).toEqual([
        [BadgeKind.Overdue],
      ]);
      expect(approver).toMatchObject({ total: 3 });
      expect(expert).toMatchObject({ owner: [], toCheck: [], toApprove: [], overdueOpinions: [], total: 1 });
      expect(expert.opinionsToGive[0]).toMatchObject({
        report: { id: review.id },
        deadline: { overdue: true, daysLeft: -1 },
        badges: [{ kind: BadgeKind.Overdue, label: '期限超過' }],
      });
    });
  });
});
