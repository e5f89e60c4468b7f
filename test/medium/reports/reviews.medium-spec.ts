import { randomUUID } from 'node:crypto';
import { Role } from '../../../src/access/role';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { PanelRating } from '../../../src/reports/report/assessment';
import { ReportsService } from '../../../src/reports/reports.service';
import { CommentKind } from '../../../src/reports/reviews/report-comment.entity';
import { ReviewsService } from '../../../src/reports/reviews/reviews.service';
import { ConflictOfInterest, DeclineReason } from '../../../src/reports/rules/assignment-answer';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { OpinionsAwaitedException } from '../../../src/reports/rules/report-workflow';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe("ReviewsService: the external experts' part of a report", () => {
  let app: MediumApp;
  let reviews: ReviewsService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    reviews = app.get(ReviewsService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  async function reportIn(status: ReportStatus) {
    return app.given.report(await app.given.project(town.department), { status });
  }

  const count = (rows: { type: string }[], type: string) => rows.filter((row) => row.type === type).length;

  describe('respond to an assignment', () => {
    it('an assigned expert accepts: the assignment is accepted and the report stays in review', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);

      const answered = await reviews.respond(town.expertA.actor, report.id, assignment.id, {
        accept: true,
        conflictOfInterest: ConflictOfInterest.None,
      });

      expect(answered).toMatchObject({ status: AssignmentStatus.Accepted, respondedAt: expect.any(Date) });
      expect((await app.footprint(report.id)).status).toBe(ReportStatus.InExpertReview);
      expect(count(await app.outbox({ reportId: report.id }), 'assignment.accepted')).toBe(1);
    });

    it('declining keeps the reason and takes the report out of the expert’s sight', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);

      const answered = await reviews.respond(town.expertA.actor, report.id, assignment.id, {
        accept: false,
        declineReasonKind: DeclineReason.ConflictOfInterest,
        reason: ' 利害関係があるため ',
      });

      expect(answered).toMatchObject({ status: AssignmentStatus.Declined, declineReason: '利害関係があるため' });
      expect(await refusalOf(app.get(ReportsService).get(town.expertA.actor, report.id))).toBeInstanceOf(
        NotFoundException,
      );
    });

    it('is answered once: a second answer is refused with 409', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);
      await reviews.respond(town.expertA.actor, report.id, assignment.id, {
        accept: true,
        conflictOfInterest: ConflictOfInterest.None,
      });

      expect(
        await refusalOf(
          reviews.respond(town.expertA.actor, report.id, assignment.id, {
            accept: false,
            declineReasonKind: DeclineReason.NoTime,
          }),
        ),
      ).toBeInstanceOf(ConflictException);
    });

    it("cannot be given for another expert's assignment (403), even by an expert of the same report", async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignmentA = await app.given.assignment(report, town.expertA);
      await app.given.assignment(report, town.expertB);

      expect(
        await refusalOf(
          reviews.respond(town.expertB.actor, report.id, assignmentA.id, {
            accept: true,
            conflictOfInterest: ConflictOfInterest.None,
          }),
        ),
      ).toBeInstanceOf(ForbiddenException);
    });
  });

  describe('noLongerOpen (a link sent to an expert earlier)', () => {
    it('holds once an expert declined, was taken off or dismissed', async () => {
      for (const status of [AssignmentStatus.Declined, AssignmentStatus.Removed, AssignmentStatus.Dismissed]) {
        const report = await reportIn(ReportStatus.InExpertReview);
        await app.given.assignment(report, town.expertA, { status });

        expect(await reviews.noLongerOpen(town.expertA.actor, report.id)).toBe(true);
      }
    });

    it('holds for no one else: an expert asked again, one never asked, another municipality, an unknown id', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Removed });
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Pending });
      const elsewhere = await app.given.municipality();
      const elsewhereReport = await app.given.report(await app.given.project(elsewhere.department), {
        status: ReportStatus.InExpertReview,
      });
      // Taken off another municipality's report: a link under this one does not lead there.
      await app.given.assignment(elsewhereReport, town.expertA, { status: AssignmentStatus.Removed });

      expect(await reviews.noLongerOpen(town.expertA.actor, report.id)).toBe(false);
      expect(await reviews.noLongerOpen(town.expertB.actor, report.id)).toBe(false);
      expect(await reviews.noLongerOpen(town.expertA.actor, elsewhereReport.id)).toBe(false);
      expect(await reviews.noLongerOpen(town.expertA.actor, randomUUID())).toBe(false);
    });
  });

  describe('opinions', () => {
    it('need the assignment accepted first (409)', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);

      const refusal = await refusalOf(
        reviews.enterOpinion(town.expertA.actor, report.id, assignment.id, {
          rating: PanelRating.Effective,
          opinion: '有効',
          opinionSubmittedAtRead: null,
        }),
      );

      expect(refusal).toBeInstanceOf(ConflictException);
    });

    it('make the review ready with the last outstanding one; a later revision is announced as such, not as ready again', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignmentA = await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
      const assignmentB = await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Accepted });

      const first = await reviews.enterOpinion(town.expertA.actor, report.id, assignmentA.id, {
        rating: PanelRating.Effective,
        opinion: '有効である。',
        opinionSubmittedAtRead: null,
      });
      expect(count(await app.outbox({ reportId: report.id }), 'review.ready')).toBe(0);

      await reviews.enterOpinion(town.expertB.actor, report.id, assignmentB.id, {
        rating: PanelRating.Effective,
        opinion: '継続が必要。',
        opinionSubmittedAtRead: null,
      });
      expect(count(await app.outbox({ reportId: report.id }), 'review.ready')).toBe(1);

      await reviews.enterOpinion(town.expertA.actor, report.id, assignmentA.id, {
        rating: PanelRating.ConsiderablyEffective,
        opinion: '相当程度有効である。',
        opinionSubmittedAtRead: first.opinionSubmittedAt!.toISOString(),
      });
      const outbox = await app.outbox({ reportId: report.id });
      expect(count(outbox, 'review.ready')).toBe(1);
      expect(outbox.filter((row) => row.type === 'opinion.entered').map((row) => row.payload.revised)).toEqual([
        false,
        false,
        true,
      ]);
    });

    it('are audited field by field: the first opinion from nothing, a revision from what it replaced', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
      const enter = (rating: PanelRating, opinion: string, opinionSubmittedAtRead: string | null) =>
        reviews.enterOpinion(town.expertA.actor, report.id, assignment.id, { rating, opinion, opinionSubmittedAtRead });

      const first = await enter(PanelRating.Effective, '有効である。', null);
      await enter(PanelRating.NotEffective, '有効である。', first.opinionSubmittedAt!.toISOString());
      const entries: { details: { assignmentId: string; changes: unknown[] } }[] = await app.dataSource.query(
        `SELECT details FROM audit_entries WHERE action = 'opinion.entered' AND entity_id = $1 ORDER BY id`,
        [report.id],
      );
      expect(entries.map((entry) => entry.details)).toEqual([
        expect.objectContaining({
          assignmentId: assignment.id,
          changes: [
            { path: '/rating', before: null, after: PanelRating.Effective },
            { path: '/opinion', before: '', after: '有効である。' },
          ],
        }),
        expect.objectContaining({
          changes: [{ path: '/rating', before: PanelRating.Effective, after: PanelRating.NotEffective }],
        }),
      ]);
      // The opinion is the expert's, not the report's: the report's version history is unchanged by it.
      expect((await app.footprint(report.id)).revisions).toBe(0);
    });

    it('saved again as they were revise nothing: no entry, no version, nothing announced', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
      const enter = () =>
        reviews.enterOpinion(town.expertA.actor, report.id, assignment.id, {
          rating: PanelRating.Effective,
          opinion: '有効である。',
          opinionSubmittedAtRead: null,
        });
      await enter();
      const before = await app.footprint(report.id);

      // Sent twice, as a second click sends it.
      await expect(enter()).resolves.toMatchObject({ rating: PanelRating.Effective, opinion: '有効である。' });

      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('written over another than the one read are refused (409): the opinion saved since stays, nothing written', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
      const enter = (opinion: string, opinionSubmittedAtRead: string | null) =>
        reviews.enterOpinion(town.expertA.actor, report.id, assignment.id, {
          rating: PanelRating.Effective,
          opinion,
          opinionSubmittedAtRead,
        });
      // Two tabs opened before any opinion; the first saves.
      const saved = await enter('タブ1の意見', null);
      const before = await app.footprint(report.id);

      const refusal = await refusalOf(enter('タブ2の意見', null));
      // Nor from a tab that read an opinion since replaced.
      await enter('タブ1の意見(修正)', saved.opinionSubmittedAt!.toISOString());
      const after = await app.footprint(report.id);
      const stale = await refusalOf(enter('タブ2の意見', saved.opinionSubmittedAt!.toISOString()));

      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.getResponse()).toMatchObject({
        message: expect.stringMatching(/^An opinion was saved on this assignment since it was read/),
        details: { currentOpinion: { rating: PanelRating.Effective, opinion: 'タブ1の意見' } },
      });
      expect(stale).toBeInstanceOf(ConflictException);
      expect(after.audits).toBe(before.audits + 1);
      expect(await app.footprint(report.id)).toEqual(after);
      expect((await reviews.listAssignments(town.expertA.actor, report.id))[0].opinion).toBe('タブ1の意見(修正)');
    });

    it('appear side by side for planning with a text to start the consolidated opinion from; an expert sees only their own', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      await app.given.assignment(report, town.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '中間目標を達成した。',
      });
      await app.given.assignment(report, town.expertB, {
        status: AssignmentStatus.Accepted,
        opinion: '販路開拓を続けるべき。',
      });
      await app.given.assignment(
        report,
        await app.given.user({ organization: town.organization, roles: [], name: 'declined' }),
        { status: AssignmentStatus.Declined },
      );

      const forPlanning = await reviews.opinions(town.planner.actor, report.id);

      expect(forPlanning.opinions.map((opinion) => opinion.opinion)).toEqual([
        '中間目標を達成した。',
        '販路開拓を続けるべき。',
      ]);
      expect(forPlanning).toMatchObject({
        suggestedOpinion: '中間目標を達成した。\n販路開拓を続けるべき。',
        allExpertsDone: true,
      });
      expect(
        (await reviews.opinions(town.expertA.actor, report.id)).opinions.map((opinion) => opinion.expertUserId),
      ).toEqual([town.expertA.id]);
      expect(await reviews.listAssignments(town.owner.actor, report.id)).toEqual([]);
    });

    it('can no longer be revised once planning has evaluated (409)', async () => {
      const report = await reportIn(ReportStatus.Evaluated);
      const assignment = await app.given.assignment(report, town.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効である。',
      });

      const refusal = await refusalOf(
        reviews.enterOpinion(town.expertA.actor, report.id, assignment.id, {
          rating: PanelRating.Effective,
          opinion: '遅れた修正',
          opinionSubmittedAtRead: assignment.opinionSubmittedAt!.toISOString(),
        }),
      );

      expect(refusal).toBeInstanceOf(ConflictException);
      expect((await app.get(ReviewsService).listAssignments(town.expertA.actor, report.id))[0].opinion).toBe(
        '有効である。',
      );
    });
  });

  describe('questions and answers', () => {
    it('an expert asks the owning department, who answers; both are announced', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });

      const question = await reviews.askQuestion(
        town.expertA.actor,
        report.id,
        'ロシア関係事業の中止後の代替策はありますか。',
      );
      const answer = await reviews.answerQuestion(
        town.owner.actor,
        report.id,
        question.id,
        '他市場をターゲットにしています。',
      );

      expect(question).toMatchObject({ kind: CommentKind.Question, authorUserId: town.expertA.id, parentId: null });
      expect(answer).toMatchObject({ kind: CommentKind.Answer, authorUserId: town.owner.id, parentId: question.id });
      expect(await app.outbox({ reportId: report.id })).toEqual([
        { type: 'question.asked', payload: { commentId: question.id } },
        {
          type: 'question.answered',
          // The asking expert's assignment, so that the mail to them carries their own link.
          payload: {
            commentId: answer.id,
            questionId: question.id,
            askedBy: town.expertA.id,
            assignmentId: assignment.id,
            expertUserId: town.expertA.id,
          },
        },
      ]);
    });

    it('leave the report at the version its readers loaded, with their audit entries and notifications', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
      const loaded = await app.get(ReportsService).get(town.owner.actor, report.id);
      const before = await app.footprint(report.id);

      const question = await reviews.askQuestion(town.expertA.actor, report.id, 'KPIの算定方法は?');
      await reviews.answerQuestion(town.owner.actor, report.id, question.id, '年度末の実数です。');

      expect(await app.footprint(report.id)).toEqual({
        ...before,
        version: loaded.version,
        audits: before.audits + 2,
        outbox: before.outbox + 2,
        comments: before.comments + 2,
      });
      expect(
        (await app.auditEntries(report.id))
          .slice(-2)
          .map(({ action, details }) => ({ action, version: details.version })),
      ).toEqual([
        { action: 'question.asked', version: loaded.version },
        { action: 'question.answered', version: loaded.version },
      ]);
      expect((await app.get(ReportsService).get(town.owner.actor, report.id)).version).toBe(loaded.version);
    });

    it('the owner and planning see the whole thread; an expert only their own questions and the answers to them', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
      await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Accepted });
      const questionA = await reviews.askQuestion(town.expertA.actor, report.id, 'Aの質問');
      const questionB = await reviews.askQuestion(town.expertB.actor, report.id, 'Bの質問');
      await reviews.answerQuestion(town.owner.actor, report.id, questionA.id, 'Aへの回答');
      await reviews.answerQuestion(town.owner.actor, report.id, questionB.id, 'Bへの回答');

      const bodies = async (who: GivenMunicipality['owner']) =>
        (await reviews.listComments(who.actor, report.id)).map((comment) => comment.body);
      expect(await bodies(town.owner)).toEqual(['Aの質問', 'Bの質問', 'Aへの回答', 'Bへの回答']);
      expect(await bodies(town.planner)).toEqual(['Aの質問', 'Bの質問', 'Aへの回答', 'Bへの回答']);
      expect(await bodies(town.expertA)).toEqual(['Aの質問', 'Aへの回答']);
      expect(await bodies(town.expertB)).toEqual(['Bの質問', 'Bへの回答']);
    });

    it('shows an expert who also owns another department’s projects only their own questions', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const otherDepartment = await app.given.department(town.organization, '観光部');
      const expertAndOwner = await app.given.user({
        organization: town.organization,
        roles: [Role.ExternalExpert, Role.ProjectOwner],
        department: otherDepartment,
      });
      await app.given.assignment(report, expertAndOwner, { status: AssignmentStatus.Accepted });
      await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Accepted });
      await reviews.askQuestion(expertAndOwner.actor, report.id, '自分の質問');
      await reviews.askQuestion(town.expertB.actor, report.id, '他の有識者の質問');

      const seen = (await reviews.listComments(expertAndOwner.actor, report.id)).map((comment) => comment.body);
      expect(seen).toEqual(['自分の質問']);
    });

    it('are closed to an expert not assigned to the report: it does not exist for them (404)', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });

      expect(await refusalOf(reviews.listComments(town.expertB.actor, report.id))).toBeInstanceOf(NotFoundException);
      expect(await refusalOf(reviews.askQuestion(town.expertB.actor, report.id, '質問'))).toBeInstanceOf(
        NotFoundException,
      );
    });

    it('may still be answered after evaluation, but no longer asked (409)', async () => {
      const report = await reportIn(ReportStatus.Evaluated);
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted, opinion: '有効である。' });
      const question = await app.given.question(report, town.expertA);

      await expect(
        reviews.answerQuestion(town.owner.actor, report.id, question.id, '回答します。'),
      ).resolves.toMatchObject({ parentId: question.id });
      expect(await refusalOf(reviews.askQuestion(town.expertA.actor, report.id, '追加の質問'))).toBeInstanceOf(
        ConflictException,
      );
    });

    it('an answer must name a question of this report (404), and nothing is written', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const other = await reportIn(ReportStatus.InExpertReview);
      const questionElsewhere = await app.given.question(other, town.expertA);
      const before = await app.footprint(report.id);

      expect(
        await refusalOf(reviews.answerQuestion(town.owner.actor, report.id, questionElsewhere.id, '回答')),
      ).toBeInstanceOf(NotFoundException);
      expect(await app.footprint(report.id)).toEqual(before);
    });
  });

  describe('changing the panel under way (administrators)', () => {
    it('records the assignments an addition made and the expert a removal took off', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const kept = await app.given.assignment(report, town.expertA);
      const dueDate = kept.dueDate;

      const [added] = await reviews.addExperts(town.admin.actor, report.id, { experts: [town.expertB.id], dueDate });
      await reviews.removeExpert(town.admin.actor, report.id, kept.id, '利益相反が判明したため');

      expect((await app.auditEntries(report.id)).slice(-2)).toMatchObject([
        { action: 'assignment.created', details: { experts: [town.expertB.id], assignmentIds: [added.id], dueDate } },
        {
          action: 'assignment.removed',
          details: { assignmentId: kept.id, expertUserId: town.expertA.id, reason: '利益相反が判明したため' },
        },
      ]);
    });
  });

  describe("the report's version (what a decision taken on the report names as read)", () => {
    const evaluation = (version: number) => ({
      rating: PanelRating.Effective,
      opinion: '委員の意見を取りまとめた。',
      version,
    });

    it('stays where it was through reminders, answers to the request and dismissals', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const reminded = await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
      const declining = await app.given.assignment(report, town.expertB);
      const third = await app.given.user({ organization: town.organization, roles: [Role.ExternalExpert] });
      const dismissed = await app.given.assignment(report, third);
      const read = await app.footprint(report.id);

      await reviews.remind(town.planner.actor, report.id, reminded.id);
      await reviews.respond(town.expertB.actor, report.id, declining.id, {
        accept: false,
        declineReasonKind: DeclineReason.NoTime,
      });
      await reviews.dismiss(town.planner.actor, report.id, dismissed.id, '期限までに回答がありませんでした。');

      expect(await app.footprint(report.id)).toMatchObject({ version: read.version, revisions: read.revisions });
      expect(
        (await app.auditEntries(report.id)).slice(-3).map(({ action, details }) => [action, details.version]),
      ).toEqual([
        ['assignment.reminded', read.version],
        ['assignment.declined', read.version],
        ['assignment.dismissed', read.version],
      ]);
      // The reminded expert, who gave no opinion, dismissed too: the evaluation waits for no one, on the version read.
      await reviews.dismiss(town.planner.actor, report.id, reminded.id, '催促後も意見がありませんでした。');
      const view = await app.get(WorkflowService).evaluate(town.planner.actor, report.id, evaluation(read.version!));
      expect(view.status).toBe(ReportStatus.Evaluated);
    });

    it('moves on when an expert is added or asked again: an evaluation taken before is refused, naming them', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const given = await app.given.assignment(report, town.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効である。',
      });
      const declined = await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Declined });
      const read = await app.footprint(report.id);

      const third = await app.given.user({ organization: town.organization, roles: [Role.ExternalExpert] });
      await reviews.addExperts(town.admin.actor, report.id, { experts: [third.id], dueDate: given.dueDate });
      await reviews.reopen(town.planner.actor, report.id, declined.id, {});
      const refusal = await refusalOf(
        app.get(WorkflowService).evaluate(town.planner.actor, report.id, evaluation(read.version!)),
      );

      // Both are asked for an opinion not given yet, which the evaluation waits for whatever version was read.
      expect(refusal).toBeInstanceOf(OpinionsAwaitedException);
      expect((refusal as OpinionsAwaitedException).experts.map((expert) => expert.expertUserId).sort()).toEqual(
        [third.id, town.expertB.id].sort(),
      );
      expect(await app.footprint(report.id)).toMatchObject({
        status: ReportStatus.InExpertReview,
        version: read.version! + 2,
      });
    });

    it('moves on with an opinion rewritten: an evaluation taken on the opinion before is refused, nothing written', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効である。',
      });
      const read = await app.footprint(report.id);
      await reviews.enterOpinion(town.expertA.actor, report.id, assignment.id, {
        rating: PanelRating.NotEffective,
        opinion: '書き直した意見:効果は見られない。',
        opinionSubmittedAtRead: assignment.opinionSubmittedAt!.toISOString(),
      });
      const rewritten = await app.footprint(report.id);

      const refusal = await refusalOf(
        app.get(WorkflowService).evaluate(town.planner.actor, report.id, evaluation(read.version!)),
      );

      expect(rewritten.version).toBe(read.version! + 1);
      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.message).toContain(`has changed since version ${read.version} was read`);
      expect(await app.footprint(report.id)).toEqual(rewritten);
    });

    it('moves on when an expert is taken off: their opinion leaves what the evaluation reads', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効である。',
      });
      const read = await app.footprint(report.id);

      await reviews.removeExpert(town.admin.actor, report.id, assignment.id, '利益相反が判明したため');

      expect((await app.footprint(report.id)).version).toBe(read.version! + 1);
    });
  });
});
