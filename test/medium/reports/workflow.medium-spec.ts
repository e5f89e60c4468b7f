import { PolicyApproval } from '../../../src/reports/report/policy-approval';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { Client } from 'pg';
import { Role } from '../../../src/access/role';
import { PANEL_RATING_LABELS, PanelRating, PolicyDecision } from '../../../src/reports/report/assessment';
import { ReportsService } from '../../../src/reports/reports.service';
import { CommentKind } from '../../../src/reports/reviews/report-comment.entity';
import { ReviewsService } from '../../../src/reports/reviews/reviews.service';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { dueInDays, type GivenMunicipality } from '../support/given';
import { createMediumApp, detailPaths, type MediumApp, refusalOf } from '../support/medium-app';

describe('WorkflowService: the transitions of a yearly report', () => {
  let app: MediumApp;
  let workflow: WorkflowService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    workflow = app.get(WorkflowService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  /** A report of its own project, so every specification starts from a report nobody else touches. */
  async function reportIn(status: ReportStatus, options: Parameters<MediumApp['given']['report']>[1] = {}) {
    return app.given.report(await app.given.project(town.department), { status, ...options });
  }

  const decidedOptions = () => ({ proposedBy: town.planner.id, approvedBy: town.approver.id });
  const typesOf = (rows: { type: string }[]) => rows.map((row) => row.type);

  describe('submit', () => {
    it('moves a complete draft to submitted: a new version and revision, one audit entry, a notice to planning', async () => {
      const report = await reportIn(ReportStatus.Draft);
      const before = await app.footprint(report.id);

      const view = await workflow.submit(town.owner.actor, report.id);

      expect(view).toMatchObject({
        status: ReportStatus.Submitted,
        statusLabel: '提出済',
        version: before.version! + 1,
      });
      expect(await app.footprint(report.id)).toMatchObject({
        revisions: before.revisions + 1,
        audits: before.audits + 1,
      });
      expect(await app.auditActions(report.id)).toEqual(['report.submitted']);
      expect(typesOf(await app.outbox({ reportId: report.id }))).toEqual(['report.submitted']);
    });

    it('tells planning a submission after 差戻し or 取下げ is a resubmission', async () => {
      const report = await reportIn(ReportStatus.Draft);
      const submissions = async () =>
        (await app.outbox({ reportId: report.id })).filter((row) => row.type === 'report.submitted');

      await workflow.submit(town.owner.actor, report.id);
      await workflow.returnToDraft(town.planner.actor, report.id, '③の金額を確認してください。');
      await workflow.submit(town.owner.actor, report.id);
      await workflow.withdraw(town.owner.actor, report.id);
      await workflow.submit(town.owner.actor, report.id);

      expect((await submissions()).map((row) => row.payload)).toEqual([
        {},
        { resubmitted: true },
        { resubmitted: true },
      ]);
    });

    it('refuses an incomplete draft with 422 naming what is missing, and writes nothing', async () => {
      const report = await reportIn(ReportStatus.Draft, { complete: false });
      const before = await app.footprint(report.id);

      const refusal = await refusalOf(workflow.submit(town.owner.actor, report.id));

      expect(refusal).toBeInstanceOf(UnprocessableEntityException);
      expect(detailPaths(refusal)).toEqual(
        expect.arrayContaining(['/budgetLines', '/kpiResults/0/latestValue', '/effectLevel', '/effectNarrative']),
      );
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('answers 404 to an owner of another department: for them the report does not exist', async () => {
      const report = await reportIn(ReportStatus.Draft);
      const elsewhere = await app.given.user({
        organization: town.organization,
        roles: [Role.ProjectOwner],
        department: await app.given.department(town.organization),
      });

      expect(await refusalOf(workflow.submit(elsewhere.actor, report.id))).toBeInstanceOf(NotFoundException);
    });
  });

  describe('withdraw', () => {
    it('lets the owner take a submission back to draft', async () => {
      const report = await reportIn(ReportStatus.Submitted);

      expect((await workflow.withdraw(town.owner.actor, report.id)).status).toBe(ReportStatus.Draft);
    });
  });

  describe('returnToDraft (差戻し)', () => {
    it("sends a submission back to draft with the planning division's reason on the thread, and tells the owner why", async () => {
      const report = await reportIn(ReportStatus.Submitted);

      const view = await workflow.returnToDraft(
        town.planner.actor,
        report.id,
        '指標の最新値の時点を確認してください。',
      );

      expect(view.status).toBe(ReportStatus.Draft);
      const thread = await app.get(ReviewsService).listComments(town.owner.actor, report.id);
      expect(thread).toEqual([
        expect.objectContaining({
          kind: CommentKind.Return,
          authorUserId: town.planner.id,
          body: '指標の最新値の時点を確認してください。',
        }),
      ]);
      expect(await app.outbox({ reportId: report.id })).toEqual([
        { type: 'report.returned', payload: { comment: '指標の最新値の時点を確認してください。' } },
      ]);
    });

    it('is for the planning division only: the owner is refused with 403 and nothing is written', async () => {
      const report = await reportIn(ReportStatus.Submitted);
      const before = await app.footprint(report.id);

      expect(await refusalOf(workflow.returnToDraft(town.owner.actor, report.id, '取り下げ'))).toBeInstanceOf(
        ForbiddenException,
      );
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('taken on a version the report has moved on from (resubmitted since): 409, and nothing is written', async () => {
      const report = await reportIn(ReportStatus.Submitted);
      const read = await app.footprint(report.id);
      await workflow.withdraw(town.owner.actor, report.id);
      await workflow.submit(town.owner.actor, report.id);
      const resubmitted = await app.footprint(report.id);

      const refusal = await refusalOf(
        workflow.returnToDraft(town.planner.actor, report.id, '③を直してください。', read.version),
      );

      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.message).toContain(`(submitted) has changed since version ${read.version} was read`);
      expect(await app.footprint(report.id)).toEqual(resubmitted);
      const view = await workflow.returnToDraft(
        town.planner.actor,
        report.id,
        '③を直してください。',
        resubmitted.version,
      );
      expect(view.status).toBe(ReportStatus.Draft);
    });

    it('taken on a version the report has not reached: 409 saying no such version was saved, and nothing is written', async () => {
      const report = await reportIn(ReportStatus.Submitted);
      const before = await app.footprint(report.id);
      const stored = Number(before.version);

      const refusal = await refusalOf(
        workflow.returnToDraft(town.planner.actor, report.id, '③を直してください。', stored + 3),
      );

      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.message).toBe(
        `The report has no version ${stored + 3} (it is at version ${stored}). Read it again and send the version you read.`,
      );
      expect(await app.footprint(report.id)).toEqual(before);
    });
  });

  describe('accept (受理して有識者に依頼)', () => {
    it('starts the expert review: a pending assignment per expert with the due date, a request to each, and they see the report', async () => {
      const report = await reportIn(ReportStatus.Submitted);
      const dueDate = dueInDays(14);

      const view = await workflow.accept(town.planner.actor, report.id, {
        experts: [town.expertA.id, town.expertB.id],
        dueDate,
      });

      expect(view.status).toBe(ReportStatus.InExpertReview);
      const assignments = await app.get(ReviewsService).listAssignments(town.planner.actor, report.id);
      expect(assignments.map(({ expertUserId, status, dueDate }) => ({ expertUserId, status, dueDate }))).toEqual(
        expect.arrayContaining([
          { expertUserId: town.expertA.id, status: AssignmentStatus.Pending, dueDate },
          { expertUserId: town.expertB.id, status: AssignmentStatus.Pending, dueDate },
        ]),
      );
      const requests = (await app.outbox({ reportId: report.id })).filter((row) => row.type === 'expert.assigned');
      expect(requests.map((row) => row.payload.expertUserId).sort()).toEqual([town.expertA.id, town.expertB.id].sort());
      expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
        action: 'report.accepted',
        details: {
          experts: [town.expertA.id, town.expertB.id],
          assignmentIds: expect.arrayContaining(assignments.map((assignment) => assignment.id)),
          dueDate,
        },
      });
      await expect(app.get(ReportsService).get(town.expertA.actor, report.id)).resolves.toMatchObject({
        id: report.id,
      });
    });

    it("writes the revision, the audit entry and each expert's request in one statement, after the report's row", async () => {
      const report = await reportIn(ReportStatus.Submitted);
      const sent = jest.spyOn(Client.prototype, 'query');
      try {
        await workflow.accept(town.planner.actor, report.id, {
          experts: [town.expertA.id, town.expertB.id],
          dueDate: dueInDays(14),
        });

        const texts = sent.mock.calls.map(([query]: unknown[]) =>
          typeof query === 'string' ? query : (query as { text: string }).text,
        );
        const inserting = (table: string) => texts.filter((text) => text.includes(`INSERT INTO "${table}"`));
        const [together] = inserting('audit_entries');
        expect(inserting('audit_entries')).toHaveLength(1);
        expect(inserting('report_revisions')).toEqual([together]);
        expect(inserting('notification_outbox')).toEqual([together]);
        expect(texts.findIndex((text) => text.startsWith('UPDATE "result_reports"'))).toBeLessThan(
          texts.indexOf(together),
        );
      } finally {
        sent.mockRestore();
      }
      expect(await app.auditActions(report.id)).toEqual(['report.accepted']);
      expect(typesOf(await app.outbox({ reportId: report.id }))).toEqual(['expert.assigned', 'expert.assigned']);
    });

    it('checks every expert asked in the same statements, however many are asked', async () => {
      const statementsToAccept = async (experts: string[]) => {
        const report = await reportIn(ReportStatus.Submitted);
        const sent = jest.spyOn(Client.prototype, 'query');
        try {
          await workflow.accept(town.planner.actor, report.id, { experts, dueDate: dueInDays(14) });
          return sent.mock.calls.length;
        } finally {
          sent.mockRestore();
        }
      };

      expect(await statementsToAccept([town.expertA.id, town.expertB.id])).toBe(
        await statementsToAccept([town.expertA.id]),
      );
    });

    it('asks external experts of the organization only: anyone else refuses the whole acceptance with 400', async () => {
      const report = await reportIn(ReportStatus.Submitted);
      const before = await app.footprint(report.id);

      const refusal = await refusalOf(
        workflow.accept(town.planner.actor, report.id, {
          experts: [town.expertA.id, town.owner.id],
          dueDate: dueInDays(14),
        }),
      );

      expect(refusal).toBeInstanceOf(BadRequestException);
      expect(detailPaths(refusal)).toEqual(['/experts/1']);
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('refuses a due date that has already passed (400)', async () => {
      const report = await reportIn(ReportStatus.Submitted);

      const refusal = await refusalOf(
        workflow.accept(town.planner.actor, report.id, { experts: [town.expertA.id], dueDate: dueInDays(-2) }),
      );

      expect(refusal).toBeInstanceOf(BadRequestException);
      expect(detailPaths(refusal)).toEqual(['/dueDate']);
      expect((await app.footprint(report.id)).status).toBe(ReportStatus.Submitted);
    });
  });

  describe('evaluate (⑦)', () => {
    it("closes the expert review with the panel's rating and consolidated opinion", async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted, opinion: '有効である。' });

      const view = await workflow.evaluate(town.planner.actor, report.id, {
        rating: PanelRating.ConsiderablyEffective,
        opinion: ' 相当程度有効であった。 ',
      });

      expect(view.status).toBe(ReportStatus.Evaluated);
      expect(view.evaluation).toEqual({
        rating: PanelRating.ConsiderablyEffective,
        option: 'considerably_effective',
        ratingLabel: PANEL_RATING_LABELS[PanelRating.ConsiderablyEffective],
        opinion: '相当程度有効であった。',
      });
      expect(typesOf(await app.outbox({ reportId: report.id }))).toEqual(['report.evaluated']);
    });
  });

  describe('propose (⑧ 方針案)', () => {
    it("records the planning user as proposer; the proposal awaits another planning user's approval", async () => {
      const report = await reportIn(ReportStatus.Evaluated);

      const view = await workflow.propose(town.planner.actor, report.id, {
        decision: PolicyDecision.Expand,
        reason: '取組を追加する。',
      });

      expect(view.status).toBe(ReportStatus.DecisionProposed);
      expect(view.policy).toMatchObject({
        decision: PolicyDecision.Expand,
        reason: '取組を追加する。',
        proposedBy: town.planner.id,
        approvedBy: null,
      });
      expect(await app.outbox({ reportId: report.id })).toEqual([
        { type: 'proposal.awaiting_approval', payload: { proposedBy: town.planner.id } },
      ]);
    });
  });

  describe('approve (four-eyes)', () => {
    it('lets a second planning user approve: decided, with proposer and approver both on the record', async () => {
      const report = await reportIn(ReportStatus.DecisionProposed, { proposedBy: town.planner.id });

      const view = await workflow.approve(town.approver.actor, report.id);

      expect(view).toMatchObject({ status: ReportStatus.Decided, title: '事業実施結果報告(案)' });
      expect(view.policy).toMatchObject({
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
        approvedAt: expect.any(String),
      });
      expect(await app.outbox({ reportId: report.id })).toEqual([
        { type: 'report.decided', payload: { decision: PolicyDecision.Continue } },
      ]);
    });

    it('refuses the proposer with 403 and leaves the proposal as it was', async () => {
      const report = await reportIn(ReportStatus.DecisionProposed, { proposedBy: town.planner.id });
      const before = await app.footprint(report.id);

      const refusal = await refusalOf(workflow.approve(town.planner.actor, report.id));

      expect(refusal).toBeInstanceOf(ForbiddenException);
      expect(refusal.message).toMatch(/four-eyes/);
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('lets exactly one of concurrent approvals through; the others get 409 and leave no trace', async () => {
      const report = await reportIn(ReportStatus.DecisionProposed, { proposedBy: town.planner.id });
      const before = await app.footprint(report.id);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () => workflow.approve(town.approver.actor, report.id)),
      );

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused.map((outcome) => outcome.reason)).toEqual(Array(7).fill(expect.any(ConflictException)));
      expect(await app.footprint(report.id)).toMatchObject({
        status: ReportStatus.Decided,
        version: before.version! + 1,
        audits: before.audits + 1,
        outbox: before.outbox + 1,
      });
    });
  });

  describe('sendBack', () => {
    it('returns the proposal to evaluated and clears the proposer, so the next proposal starts the four-eyes check anew', async () => {
      const report = await reportIn(ReportStatus.DecisionProposed, { proposedBy: town.planner.id });

      const sentBack = await workflow.sendBack(town.approver.actor, report.id, '方針を再検討してください。');
      expect(sentBack).toMatchObject({
        status: ReportStatus.Evaluated,
        policy: { proposedBy: null, proposedAt: null, approval: PolicyApproval.NotProposed },
      });

      await workflow.propose(town.approver.actor, report.id, {
        decision: PolicyDecision.Revise,
        reason: '内容を見直す。',
      });
      expect(await refusalOf(workflow.approve(town.approver.actor, report.id))).toBeInstanceOf(ForbiddenException);
      expect((await workflow.approve(town.planner.actor, report.id)).policy).toMatchObject({
        proposedBy: town.approver.id,
        approvedBy: town.planner.id,
      });
    });
  });

  describe('reopen (再検討)', () => {
    it('takes a decision back to evaluation, its policy kept as a starting point, neither approved nor awaiting approval', async () => {
      const report = await reportIn(ReportStatus.Decided, {
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });

      const reopened = await workflow.reopen(town.admin.actor, report.id, '委員会の再審議');

      expect(reopened).toMatchObject({
        status: ReportStatus.Evaluated,
        policy: {
          decision: PolicyDecision.Continue,
          proposedBy: null,
          approvedBy: null,
          approval: PolicyApproval.NotProposed,
        },
      });
    });
  });

  describe('publish (公表)', () => {
    it('publishes a decided report: the final title without (案), with the time of publication', async () => {
      const report = await reportIn(ReportStatus.Decided, decidedOptions());

      const view = await workflow.publish(town.planner.actor, report.id);

      expect(view).toMatchObject({
        status: ReportStatus.Published,
        statusLabel: '公表済',
        title: '事業実施結果報告',
        publishedAt: expect.any(String),
      });
    });

    it('publishes only what has been decided: a proposal is refused with 409', async () => {
      const report = await reportIn(ReportStatus.DecisionProposed, { proposedBy: town.planner.id });

      expect(await refusalOf(workflow.publish(town.planner.actor, report.id))).toBeInstanceOf(ConflictException);
    });
  });

  describe('a correction (訂正): submitted by the owner, then published or sent back by planning', () => {
    const reason = '④の実績額の誤記を訂正';

    /** A report published, then reopened for a correction by an administrator, as the real steps leave it. */
    async function correcting() {
      const report = await reportIn(ReportStatus.Decided, decidedOptions());
      await workflow.publish(town.planner.actor, report.id);
      await workflow.startCorrection(town.admin.actor, report.id, reason);
      return report;
    }

    async function submittedCorrection() {
      const report = await correcting();
      await workflow.submitCorrection(town.owner.actor, report.id);
      return report;
    }

    /** What the steps wrote after the correction started: its audit entries and notification requests. */
    async function writtenSince(reportId: string, audits: number, requests: number) {
      return {
        audits: (await app.auditActions(reportId)).slice(audits),
        outbox: (await app.outbox({ reportId })).slice(requests),
      };
    }

    it('lets the owner submit the correction: 訂正提出済, an audit entry, and planning is asked to check it', async () => {
      const report = await correcting();
      const [audits, requests] = [
        (await app.auditActions(report.id)).length,
        (await app.outbox({ reportId: report.id })).length,
      ];

      const view = await workflow.submitCorrection(town.owner.actor, report.id);

      expect(view).toMatchObject({
        status: ReportStatus.CorrectionSubmitted,
        statusLabel: '訂正提出済',
        correctionReason: reason,
      });
      expect(await writtenSince(report.id, audits, requests)).toEqual({
        audits: ['correction.submitted'],
        outbox: [{ type: 'correction.submitted', payload: { reason } }],
      });
    });

    it('is for the owning department only, and only while correcting', async () => {
      const report = await correcting();
      const published = await reportIn(ReportStatus.Published, decidedOptions());
      const before = await app.footprint(report.id);

      expect(await refusalOf(workflow.submitCorrection(town.planner.actor, report.id))).toBeInstanceOf(
        ForbiddenException,
      );
      expect(await refusalOf(workflow.submitCorrection(town.owner.actor, published.id))).toBeInstanceOf(
        ConflictException,
      );
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('refuses to publish a correction the owner has not submitted (409), and writes nothing', async () => {
      const report = await correcting();
      const before = await app.footprint(report.id);

      expect(await refusalOf(workflow.publish(town.planner.actor, report.id))).toBeInstanceOf(ConflictException);
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('publishes a submitted correction as the next edition, with its reason', async () => {
      const report = await submittedCorrection();
      const [audits, requests] = [
        (await app.auditActions(report.id)).length,
        (await app.outbox({ reportId: report.id })).length,
      ];

      const view = await workflow.publish(town.planner.actor, report.id);

      expect(view).toMatchObject({ status: ReportStatus.Published, correctionReason: null });
      expect(view.editions.map(({ edition, correctionReason }) => ({ edition, correctionReason }))).toEqual([
        { edition: 1, correctionReason: null },
        { edition: 2, correctionReason: reason },
      ]);
      expect(await writtenSince(report.id, audits, requests)).toEqual({
        audits: ['report.published'],
        outbox: [{ type: 'report.published', payload: { edition: 2, correctionReason: reason } }],
      });
    });

    it('lets the owner take a submitted correction back to correcting; planning is told', async () => {
      const report = await submittedCorrection();
      const [audits, requests] = [
        (await app.auditActions(report.id)).length,
        (await app.outbox({ reportId: report.id })).length,
      ];

      expect(await refusalOf(workflow.withdrawCorrection(town.planner.actor, report.id))).toBeInstanceOf(
        ForbiddenException,
      );
      const view = await workflow.withdrawCorrection(town.owner.actor, report.id);

      expect(view.status).toBe(ReportStatus.Correcting);
      expect(await writtenSince(report.id, audits, requests)).toEqual({
        audits: ['correction.withdrawn'],
        outbox: [{ type: 'correction.withdrawn', payload: {} }],
      });
      expect(await refusalOf(workflow.withdrawCorrection(town.owner.actor, report.id))).toBeInstanceOf(
        ConflictException,
      );
    });

    it('lets planning send a submitted correction back with a reason on the thread, and tells the owner why', async () => {
      const report = await submittedCorrection();
      const [audits, requests] = [
        (await app.auditActions(report.id)).length,
        (await app.outbox({ reportId: report.id })).length,
      ];
      const why = '訂正後の実績額が④の合計と合いません。';

      expect(await refusalOf(workflow.returnCorrection(town.owner.actor, report.id, why))).toBeInstanceOf(
        ForbiddenException,
      );
      const view = await workflow.returnCorrection(town.planner.actor, report.id, why);

      expect(view).toMatchObject({ status: ReportStatus.Correcting, correctionReason: reason });
      expect(await app.get(ReviewsService).listComments(town.owner.actor, report.id)).toEqual([
        expect.objectContaining({ kind: CommentKind.Return, authorUserId: town.planner.id, body: why }),
      ]);
      expect(await writtenSince(report.id, audits, requests)).toEqual({
        audits: ['correction.returned'],
        outbox: [{ type: 'correction.returned', payload: { comment: why } }],
      });
      expect(await refusalOf(workflow.returnCorrection(town.planner.actor, report.id, why))).toBeInstanceOf(
        ConflictException,
      );
    });
  });

  describe('reopen', () => {
    it('lets an administrator send a decided report back to evaluated with a reason, clearing proposal and approval', async () => {
      const report = await reportIn(ReportStatus.Decided, decidedOptions());

      const view = await workflow.reopen(town.admin.actor, report.id, '再審議のため');

      expect(view.status).toBe(ReportStatus.Evaluated);
      expect(view.policy).toMatchObject({ proposedBy: null, proposedAt: null, approvedBy: null, approvedAt: null });
      expect(await app.outbox({ reportId: report.id })).toEqual([
        { type: 'report.reopened', payload: { reason: '再審議のため' } },
      ]);
    });

    it('is for administrators only (planning gets 403), and never after publication (409)', async () => {
      const decided = await reportIn(ReportStatus.Decided, decidedOptions());
      const published = await reportIn(ReportStatus.Published, decidedOptions());

      expect(await refusalOf(workflow.reopen(town.planner.actor, decided.id, '再審議'))).toBeInstanceOf(
        ForbiddenException,
      );
      expect(await refusalOf(workflow.reopen(town.admin.actor, published.id, '再審議'))).toBeInstanceOf(
        ConflictException,
      );
    });
  });
});
