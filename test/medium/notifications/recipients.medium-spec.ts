import { Role } from '../../../src/access/role';
import { type DigestMail } from '../../../src/notifications/digest-mail';
import { DeliveryStatus, EmailDelivery } from '../../../src/notifications/email-delivery.entity';
import { type Audience } from '../../../src/notifications/notification-catalogue';
import { Notification } from '../../../src/notifications/notification.entity';
import { type Recipients } from '../../../src/notifications/recipients';
import { OutboxEvent } from '../../../src/outbox/outbox-event.entity';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
import { type ResultReport } from '../../../src/reports/report/result-report.entity';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import type { GivenMunicipality, GivenUser } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';
import { notificationServices } from '../support/notification-services';

/**
 * Every audience of a notice resolves to people who hold, now, a role in the organization that lets them open what the
 * notice leads to, with an account in use: someone who left the municipality (or whose account was deactivated) hears
 * nothing more of it, and a mail of theirs still waiting is withheld.
 */
describe('Recipients are the current members of the organization', () => {
  let app: MediumApp;
  let recipients: Recipients;
  let digests: DigestMail;

  beforeAll(async () => {
    app = await createMediumApp();
    ({ recipients, digests } = notificationServices(app));
  });

  afterAll(() => app?.close());

  const removeFrom = (town: GivenMunicipality, person: GivenUser) =>
    app.dataSource.query('DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2', [
      town.organization.id,
      person.id,
    ]);
  const deactivate = (person: GivenUser) =>
    app.dataSource.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [person.id]);

  function event(town: GivenMunicipality, report: ResultReport, payload: Record<string, unknown>): OutboxEvent {
    return Object.assign(new OutboxEvent(), {
      id: '00000000-0000-4000-8000-000000000000',
      organizationId: town.organization.id,
      reportId: report.id,
      type: 'report.published',
      actorUserId: null,
      payload,
    });
  }

  async function resolved(audience: Audience, town: GivenMunicipality, report: ResultReport, payload = {}) {
    const withProject = await app.get(ReportsRepository).findWithProject(report.id);
    const people = await recipients.resolve(event(town, report, payload), [audience], withProject);
    return people.map((person) => person.userId).sort();
  }

  /** Per audience: a municipality, a report in it, the payload naming the person the audience holds, and that person. */
  const cases: [Audience, (town: GivenMunicipality) => GivenUser, (town: GivenMunicipality) => object][] = [
    ['planning', (town) => town.planner, () => ({})],
    ['approvers', (town) => town.planner, () => ({})],
    ['owners', (town) => town.owner, () => ({})],
    ['named_department', (town) => town.owner, (town) => ({ departmentId: town.department.id })],
    ['report_experts', (town) => town.expertB, () => ({})],
    ['named_expert', (town) => town.expertB, (town) => ({ expertUserId: town.expertB.id })],
    ['question_author', (town) => town.expertB, (town) => ({ askedBy: town.expertB.id })],
    ['proposer', (town) => town.planner, (town) => ({ proposedBy: town.planner.id })],
  ];

  async function reportOf(town: GivenMunicipality): Promise<ResultReport> {
    const report = await app.given.report(await app.given.project(town.department), {
      status: ReportStatus.InExpertReview,
    });
    await app.given.assignment(report, town.expertB, { status: AssignmentStatus.Accepted, opinion: '妥当です。' });
    return report;
  }

  it.each(cases)('%s: a member holding the role is told', async (audience, personOf, payloadOf) => {
    const town = await app.given.municipality();
    const report = await reportOf(town);

    expect(await resolved(audience, town, report, payloadOf(town))).toContain(personOf(town).id);
  });

  it.each(cases)('%s: someone who has left the organization is not', async (audience, personOf, payloadOf) => {
    const town = await app.given.municipality();
    const report = await reportOf(town);
    await removeFrom(town, personOf(town));

    expect(await resolved(audience, town, report, payloadOf(town))).not.toContain(personOf(town).id);
  });

  it.each(cases)('%s: someone whose account is deactivated is not', async (audience, personOf, payloadOf) => {
    const town = await app.given.municipality();
    const report = await reportOf(town);
    await deactivate(personOf(town));

    expect(await resolved(audience, town, report, payloadOf(town))).not.toContain(personOf(town).id);
  });

  it('an expert who left one municipality is still told by the other, where they still serve', async () => {
    const [kushiro, asahikawa] = [await app.given.municipality(), await app.given.municipality()];
    await app.given.membership(kushiro.expertB, asahikawa.organization, Role.ExternalExpert);
    const [there, here] = [await reportOf(kushiro), await reportOf(asahikawa)];
    await app.given.assignment(here, kushiro.expertB, { status: AssignmentStatus.Accepted });
    await removeFrom(kushiro, kushiro.expertB);

    expect(await resolved('report_experts', kushiro, there)).toEqual([]);
    expect(await resolved('report_experts', asahikawa, here)).toEqual(
      [asahikawa.expertB.id, kushiro.expertB.id].sort(),
    );
  });

  it.each([AssignmentStatus.Removed, AssignmentStatus.Dismissed, AssignmentStatus.Declined])(
    'question_author: an expert whose assignment is %s since is not told of the answer, one still asked is',
    async (status) => {
      const town = await app.given.municipality();
      const report = await reportOf(town);
      await app.given.assignment(report, town.expertA, { status });
      const answered = async (author: GivenUser) => resolved('question_author', town, report, { askedBy: author.id });

      expect(await answered(town.expertA)).toEqual([]);
      expect(await answered(town.expertB)).toEqual([town.expertB.id]);
    },
  );

  describe('a mail still waiting when its reader leaves', () => {
    async function notice(town: GivenMunicipality, person: GivenUser, type = 'report.published') {
      const [outbox] = await app.dataSource.query<{ id: string }[]>(
        `INSERT INTO notification_outbox (organization_id, type, payload) VALUES ($1, $2, '{}') RETURNING id`,
        [town.organization.id, type],
      );
      return app.dataSource.getRepository(Notification).save({
        outboxEventId: outbox.id,
        organizationId: town.organization.id,
        userId: person.id,
        type,
        audienceRoles: [Role.ProjectOwner, Role.ExternalExpert],
        reportId: null,
        title: `【公表】${type}`,
        body: '本文',
        link: '/',
      });
    }

    const mail = (person: GivenUser, fields: Partial<EmailDelivery>) =>
      app.dataSource.getRepository(EmailDelivery).save({
        organizationId: null,
        userId: person.id,
        notificationId: null,
        toAddress: person.email,
        subject: '件名',
        text: '本文',
        html: '<p>本文</p>',
        ...fields,
      });

    it('is not sent once they have left the organization it is about', async () => {
      const town = await app.given.municipality();
      const item = await notice(town, town.expertB);
      const delivery = await mail(town.expertB, { notificationId: item.id });
      await removeFrom(town, town.expertB);

      expect(await digests.stillDue(delivery)).toBeNull();
    });

    it('is not sent once their account is deactivated', async () => {
      const town = await app.given.municipality();
      const item = await notice(town, town.owner);
      const delivery = await mail(town.owner, { notificationId: item.id });
      await deactivate(town.owner);

      expect(await digests.stillDue(delivery)).toBeNull();
    });

    it('is sent to a member still holding a role it reaches', async () => {
      const town = await app.given.municipality();
      const item = await notice(town, town.expertB);
      const delivery = await mail(town.expertB, { notificationId: item.id });

      expect(await digests.stillDue(delivery)).toBe(delivery);
    });

    it('a digest leaves out the items of a municipality they left, and keeps the others', async () => {
      const [kushiro, asahikawa] = [await app.given.municipality(), await app.given.municipality()];
      await app.given.membership(kushiro.expertB, asahikawa.organization, Role.ExternalExpert);
      const digest = await mail(kushiro.expertB, { digest: true });
      const items = [await notice(kushiro, kushiro.expertB), await notice(asahikawa, kushiro.expertB)];
      await app.dataSource.getRepository(Notification).update(
        items.map((item) => item.id),
        { digestDeliveryId: digest.id },
      );
      await removeFrom(kushiro, kushiro.expertB);

      const sent = await digests.stillDue(digest);

      expect(sent?.text).toContain(asahikawa.organization.name);
      expect(sent?.text).not.toContain(kushiro.organization.name);
      expect((await app.dataSource.getRepository(EmailDelivery).findOneByOrFail({ id: digest.id })).status).toBe(
        DeliveryStatus.Pending,
      );
    });

    it('a digest all of whose items are of a municipality they left is not sent', async () => {
      const town = await app.given.municipality();
      const digest = await mail(town.expertB, { digest: true });
      const item = await notice(town, town.expertB);
      await app.dataSource.getRepository(Notification).update(item.id, { digestDeliveryId: digest.id });
      await removeFrom(town, town.expertB);

      expect(await digests.stillDue(digest)).toBeNull();
    });
  });
});
