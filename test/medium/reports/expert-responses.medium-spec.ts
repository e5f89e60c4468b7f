import { Role } from '../../../src/access/role';
import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReviewsService } from '../../../src/reports/reviews/reviews.service';
import { ConflictOfInterest, DeclineReason } from '../../../src/reports/rules/assignment-answer';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { dueInDays, type GivenMunicipality, type GivenUser } from '../support/given';
import { createMediumApp, detailPaths, type MediumApp, refusalOf } from '../support/medium-app';

describe("Experts' answers: reasons, conflicts of interest, dismissal, reopening and statistics", () => {
  let app: MediumApp;
  let reviews: ReviewsService;
  let town: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    reviews = app.get(ReviewsService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  async function reportIn(status: ReportStatus, fiscalYear = 2022, municipality = town) {
    return app.given.report(await app.given.project(municipality.department), { status, fiscalYear });
  }

  const eventsOf = async (reportId: string, type: string) =>
    (await app.outbox({ reportId })).filter((event) => event.type === type).map((event) => event.payload);

  describe('listing', () => {
    it("lists a report's experts in the order they were asked, those asked at once by name", async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const expert = (name: string) =>
        app.given.user({ organization: town.organization, roles: [Role.ExternalExpert], name });
      const asked = (who: GivenUser, iso: string) =>
        app.given.assignment(report, who, { fields: { createdAt: new Date(iso) } });
      // One acceptance names a panel: its rows share the transaction's time, written here against their names' order.
      const panel = [await expert('委員E'), await expert('委員D'), await expert('委員C'), await expert('委員B')];
      for (const member of panel) await asked(member, '2022-06-01T00:00:00Z');
      // Asked a day later, and named before them all: the order of asking comes first.
      const later = await expert('委員A');
      await asked(later, '2022-06-02T00:00:00Z');

      const listed = await reviews.listAssignments(town.planner.actor, report.id);

      expect(listed.map((assignment) => assignment.expertUserId)).toEqual([
        ...[...panel].reverse().map((member) => member.id),
        later.id,
      ]);
    });
  });

  describe('answering', () => {
    it('an accepting expert declares a conflict of interest with what it is; planning sees it on the assignment', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);

      await reviews.respond(town.expertA.actor, report.id, assignment.id, {
        accept: true,
        conflictOfInterest: ConflictOfInterest.Declared,
        conflictOfInterestDetails: ' 申請事業者の顧問を務めている ',
      });

      const [seen] = await reviews.listAssignments(town.planner.actor, report.id);
      expect(seen).toMatchObject({
        status: AssignmentStatus.Accepted,
        conflictOfInterest: ConflictOfInterest.Declared,
        conflictOfInterestDetails: '申請事業者の顧問を務めている',
      });
      expect(await eventsOf(report.id, 'assignment.accepted')).toEqual([
        expect.objectContaining({ conflictOfInterest: 'declared' }),
      ]);
    });

    it('accepting needs the declaration, and a declared conflict needs its text (400)', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);

      const undeclared = await refusalOf(
        reviews.respond(town.expertA.actor, report.id, assignment.id, { accept: true }),
      );
      const blank = await refusalOf(
        reviews.respond(town.expertA.actor, report.id, assignment.id, {
          accept: true,
          conflictOfInterest: ConflictOfInterest.Declared,
          conflictOfInterestDetails: '  ',
        }),
      );

      expect(undeclared).toBeInstanceOf(BadRequestException);
      expect(detailPaths(undeclared)).toEqual(['/conflictOfInterest']);
      expect(detailPaths(blank)).toEqual(['/conflictOfInterestDetails']);
      expect((await app.footprint(report.id)).audits).toBe(0);
    });

    it('a declining expert gives a reason and may suggest someone else; その他 needs the text', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);
      const other = await refusalOf(
        reviews.respond(town.expertA.actor, report.id, assignment.id, {
          accept: false,
          declineReasonKind: DeclineReason.Other,
        }),
      );
      expect(detailPaths(other)).toEqual(['/reason']);

      const declined = await reviews.respond(town.expertA.actor, report.id, assignment.id, {
        accept: false,
        declineReasonKind: DeclineReason.OutsideExpertise,
        suggestedExpert: { name: ' 北大 花子 ', email: 'hanako@example.ac.jp', affiliation: '北海道大学' },
      });

      expect(declined).toMatchObject({
        status: AssignmentStatus.Declined,
        declineReasonKind: DeclineReason.OutsideExpertise,
        declineReason: '',
        suggestedExpert: { name: '北大 花子', email: 'hanako@example.ac.jp', affiliation: '北海道大学' },
      });
      expect(await eventsOf(report.id, 'assignment.declined')).toEqual([
        expect.objectContaining({ assignmentId: assignment.id, declineReasonKind: 'outside_expertise' }),
      ]);
    });
  });

  describe('未回答で解除 (dismiss)', () => {
    it('closes a pending assignment with a note, tells the expert and takes the report out of their sight', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);

      const dismissed = await reviews.dismiss(town.planner.actor, report.id, assignment.id, ' 連絡がつかないため ');

      expect(dismissed).toMatchObject({
        status: AssignmentStatus.Dismissed,
        dismissalNote: '連絡がつかないため',
        dismissedAt: expect.any(Date),
      });
      expect(await eventsOf(report.id, 'assignment.dismissed')).toEqual([
        {
          assignmentId: assignment.id,
          expertUserId: town.expertA.id,
          dueDate: assignment.dueDate,
          note: '連絡がつかないため',
        },
      ]);
      expect(await app.auditActions(report.id)).toContain('assignment.dismissed');
      expect(await refusalOf(app.get(ReportsService).get(town.expertA.actor, report.id))).toBeInstanceOf(
        NotFoundException,
      );
    });

    it('dismissing the last expert still awaited makes the review ready when the others have given opinions', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted, opinion: '有効である。' });
      const silent = await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Accepted });

      await reviews.dismiss(town.admin.actor, report.id, silent.id, '意見の提出がないため');

      expect(await eventsOf(report.id, 'review.ready')).toHaveLength(1);
    });

    it('refuses to dismiss, as read unanswered, an expert who accepted meanwhile (409), writing nothing', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);
      const read = assignment.status;
      await reviews.respond(town.expertA.actor, report.id, assignment.id, {
        accept: true,
        conflictOfInterest: ConflictOfInterest.None,
      });
      const accepted = await app.footprint(report.id);

      const refusal = await refusalOf(reviews.dismiss(town.planner.actor, report.id, assignment.id, '未回答', read));

      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.message).toContain('The expert has answered meanwhile');
      expect(await app.footprint(report.id)).toEqual(accepted);
      expect(await eventsOf(report.id, 'assignment.dismissed')).toEqual([]);
      // Read again as accepted, the dismissal is a decision taken on the answer: it goes through.
      const dismissed = await reviews.dismiss(
        town.planner.actor,
        report.id,
        assignment.id,
        '意見の提出がないため',
        AssignmentStatus.Accepted,
      );
      expect(dismissed.status).toBe(AssignmentStatus.Dismissed);
    });

    it.each([
      ['declined', AssignmentStatus.Declined, undefined, /has declined/],
      ['dismissed already', AssignmentStatus.Dismissed, undefined, /dismissed already/],
      ['accepted with an opinion', AssignmentStatus.Accepted, '有効である。', /has given their opinion/],
    ])('refuses an assignment %s with 409 saying why', async (_case, status, opinion, why) => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, { status, opinion });
      const before = await app.footprint(report.id);

      const refusal = await refusalOf(reviews.dismiss(town.planner.actor, report.id, assignment.id, '未回答'));

      expect(refusal).toBeInstanceOf(ConflictException);
      expect(refusal.message).toMatch(why);
      expect(await app.footprint(report.id)).toEqual(before);
    });

    it('is not for experts (403), nor for a removed assignment (404), nor after the review (409)', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA);
      const removed = await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Removed });
      const evaluated = await reportIn(ReportStatus.Evaluated);
      const late = await app.given.assignment(evaluated, town.expertA, { status: AssignmentStatus.Accepted });

      expect(await refusalOf(reviews.dismiss(town.expertA.actor, report.id, assignment.id, '自分で'))).toBeInstanceOf(
        ForbiddenException,
      );
      expect(await refusalOf(reviews.dismiss(town.planner.actor, report.id, removed.id, '未回答'))).toBeInstanceOf(
        NotFoundException,
      );
      expect(await refusalOf(reviews.dismiss(town.planner.actor, evaluated.id, late.id, '未回答'))).toBeInstanceOf(
        ConflictException,
      );
    });
  });

  describe('reopening a declined or dismissed assignment', () => {
    it('asks a declined expert again, on the old due date while it has not passed; the decline is cleared', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const dueDate = dueInDays(10);
      const assignment = await app.given.assignment(report, town.expertA, {
        status: AssignmentStatus.Declined,
        dueDate,
        fields: { declineReasonKind: DeclineReason.NoTime, respondedAt: new Date() },
      });

      const reopened = await reviews.reopen(town.planner.actor, report.id, assignment.id, {});

      expect(reopened).toMatchObject({
        status: AssignmentStatus.Pending,
        dueDate,
        declineReasonKind: null,
        respondedAt: null,
      });
      expect(await eventsOf(report.id, 'assignment.reopened')).toEqual([
        { assignmentId: assignment.id, expertUserId: town.expertA.id, dueDate },
      ]);
      // The entry records the due date kept, not only one typed, and the answer and due date it reopened.
      expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
        action: 'assignment.reopened',
        details: {
          assignmentId: assignment.id,
          expertUserId: town.expertA.id,
          dueDate,
          previous: { status: AssignmentStatus.Declined, dueDate },
        },
      });
      // The expert may answer again.
      await reviews.respond(town.expertA.actor, report.id, assignment.id, {
        accept: true,
        conflictOfInterest: ConflictOfInterest.None,
      });
    });

    it('needs a new due date once the old one has passed (400 on /dueDate), and takes one from today on', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const assignment = await app.given.assignment(report, town.expertA, {
        status: AssignmentStatus.Dismissed,
        dueDate: dueInDays(-3),
      });

      const withoutDate = await refusalOf(reviews.reopen(town.planner.actor, report.id, assignment.id, {}));
      const pastDate = await refusalOf(
        reviews.reopen(town.planner.actor, report.id, assignment.id, { dueDate: dueInDays(-1) }),
      );
      const reopened = await reviews.reopen(town.planner.actor, report.id, assignment.id, { dueDate: dueInDays(7) });

      expect(withoutDate).toBeInstanceOf(BadRequestException);
      expect(detailPaths(withoutDate)).toEqual(['/dueDate']);
      expect(detailPaths(pastDate)).toEqual(['/dueDate']);
      expect(reopened).toMatchObject({ status: AssignmentStatus.Pending, dueDate: dueInDays(7), dismissalNote: '' });
    });

    it('refuses an assignment that is pending or accepted (409) and leaves it as it was', async () => {
      const report = await reportIn(ReportStatus.InExpertReview);
      const pending = await app.given.assignment(report, town.expertA);
      const accepted = await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Accepted });

      for (const assignment of [pending, accepted]) {
        const refusal = await refusalOf(reviews.reopen(town.planner.actor, report.id, assignment.id, {}));
        expect(refusal).toBeInstanceOf(ConflictException);
        expect(refusal.message).toMatch(/Only a declined or dismissed assignment/);
      }
      expect((await app.footprint(report.id)).audits).toBe(0);
    });
  });

  describe('expert statistics', () => {
    const at = (iso: string) => new Date(iso);

    it('counts per expert, per fiscal year and in all: outcomes, the last decline, overdue and the median days', async () => {
      const city = await app.given.municipality();
      const report = (status: ReportStatus, fiscalYear: number) => reportIn(status, fiscalYear, city);
      // FY2022: two opinions, 10 and 4 days after being asked.
      await app.given.assignment(await report(ReportStatus.Evaluated, 2022), city.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効である。',
        fields: { createdAt: at('2022-06-01T00:00:00Z'), opinionSubmittedAt: at('2022-06-11T00:00:00Z') },
      });
      await app.given.assignment(await report(ReportStatus.Evaluated, 2022), city.expertA, {
        status: AssignmentStatus.Accepted,
        opinion: '有効である。',
        fields: { createdAt: at('2022-06-01T00:00:00Z'), opinionSubmittedAt: at('2022-06-05T00:00:00Z') },
      });
      // FY2023: two declines (the later one 時間がない), one dismissal, one overdue, one removal (not counted).
      await app.given.assignment(await report(ReportStatus.InExpertReview, 2023), city.expertA, {
        status: AssignmentStatus.Declined,
        fields: { declineReasonKind: DeclineReason.OutsideExpertise, respondedAt: at('2023-06-01T03:00:00Z') },
      });
      await app.given.assignment(await report(ReportStatus.InExpertReview, 2023), city.expertA, {
        status: AssignmentStatus.Declined,
        fields: { declineReasonKind: DeclineReason.NoTime, respondedAt: at('2023-07-01T03:00:00Z') },
      });
      await app.given.assignment(await report(ReportStatus.InExpertReview, 2023), city.expertA, {
        status: AssignmentStatus.Dismissed,
      });
      await app.given.assignment(await report(ReportStatus.InExpertReview, 2023), city.expertA, {
        dueDate: dueInDays(-2),
      });
      await app.given.assignment(await report(ReportStatus.InExpertReview, 2023), city.expertA, {
        status: AssignmentStatus.Removed,
      });

      const inAll = await reviews.expertStatistics(city.planner.actor);
      const in2022 = await reviews.expertStatistics(city.planner.actor, 2022);
      const in2023 = await reviews.expertStatistics(city.planner.actor, 2023);

      // Every expert of the organization, the one never asked included, and no one else's.
      expect(inAll.map((row) => row.expertUserId).sort()).toEqual([city.expertA.id, city.expertB.id].sort());
      expect(inAll.find((row) => row.expertUserId === city.expertA.id)).toEqual({
        expertUserId: city.expertA.id,
        displayName: 'expertA',
        email: city.expertA.email,
        deactivated: false,
        formerMember: false,
        invitations: 6,
        accepted: 2,
        declined: 2,
        lastDeclineReasonKind: DeclineReason.NoTime,
        lastDeclinedAt: at('2023-07-01T03:00:00Z'),
        dismissed: 1,
        overdue: 1,
        medianDaysToOpinion: 7,
      });
      expect(in2022.find((row) => row.expertUserId === city.expertA.id)).toMatchObject({
        invitations: 2,
        accepted: 2,
        declined: 0,
        lastDeclinedAt: null,
        overdue: 0,
        medianDaysToOpinion: 7,
      });
      expect(in2023.find((row) => row.expertUserId === city.expertA.id)).toMatchObject({
        invitations: 4,
        accepted: 0,
        declined: 2,
        dismissed: 1,
        overdue: 1,
        medianDaysToOpinion: null,
      });
      expect(inAll.find((row) => row.expertUserId === city.expertB.id)).toMatchObject({
        invitations: 0,
        lastDeclineReasonKind: null,
        medianDaysToOpinion: null,
      });
    });

    it('offers the fiscal years whose reports experts were asked about, a year of reports alone not among them', async () => {
      const city = await app.given.municipality();
      await reportIn(ReportStatus.Draft, 2021, city);
      await app.given.assignment(await reportIn(ReportStatus.InExpertReview, 2022, city), city.expertA);
      await app.given.assignment(await reportIn(ReportStatus.InExpertReview, 2024, city), city.expertA, {
        status: AssignmentStatus.Removed,
      });

      expect(await reviews.fiscalYearsAsked(city.planner.actor)).toEqual([2024, 2022]);
    });
  });
});
