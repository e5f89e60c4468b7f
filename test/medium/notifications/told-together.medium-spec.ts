import { Role } from '../../../src/access/role';
import { type DigestMail } from '../../../src/notifications/digest-mail';
import { DeliveryStatus, EmailDelivery } from '../../../src/notifications/email-delivery.entity';
import { type NotificationDelivery } from '../../../src/notifications/notification-delivery';
import { Notification } from '../../../src/notifications/notification.entity';
import { type OutboxEvent } from '../../../src/outbox/outbox-event.entity';
import { OutboxRepository } from '../../../src/outbox/outbox.repository';
import { type ResultReport } from '../../../src/reports/report/result-report.entity';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { BULK_PUBLISHED_EVENT } from '../../../src/reports/workflow/bulk-publication.service';
import type { GivenMunicipality, GivenUser } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';
import { notificationDelivery, notificationServices } from '../support/notification-services';

/**
 * A bulk action (一括公表) is delivered by its own event, with the events of its reports: each report in the inbox of
 * those told of it, and one mail per person, listing their reports when they are several, whatever runs again.
 */
describe('The notices of one bulk action, delivered together', () => {
  let app: MediumApp;
  let delivery: NotificationDelivery;
  let digests: DigestMail;
  /** The mails handed to the worker's queue, by id. */
  let queued: string[];

  beforeAll(async () => {
    app = await createMediumApp();
    const services = notificationServices(app);
    digests = services.digests;
    delivery = notificationDelivery(app, services, {
      addBulk: (jobs) => {
        queued.push(...jobs.map((job) => job.data.deliveryId));
        return Promise.resolve([]);
      },
    });
  });

  beforeEach(() => (queued = []));

  afterAll(() => app?.close());

  /** The town's reports of R4 published by its planner in one action: the action's event and its reports', in order. */
  async function publishedTogether(town: GivenMunicipality, reports: ResultReport[]): Promise<OutboxEvent[]> {
    const outbox = app.get(OutboxRepository);
    const bulkEvent = { id: crypto.randomUUID(), payload: { fiscalYear: 2022, reportIds: reports.map((r) => r.id) } };
    for (const report of reports)
      await app.dataSource.query(
        `INSERT INTO notification_outbox (organization_id, report_id, type, actor_user_id, payload)
         VALUES ($1, $2, 'report.published', $3, $4)`,
        [town.organization.id, report.id, town.planner.id, { bulkEventId: bulkEvent.id, edition: 1 }],
      );
    await outbox.enqueueOnce(bulkEvent.id, {
      organizationId: town.organization.id,
      type: BULK_PUBLISHED_EVENT,
      actorUserId: town.planner.id,
      payload: bulkEvent.payload,
    });
    return outbox.toldTogetherBy(bulkEvent);
  }

  const published = async (town: GivenMunicipality, department = town.department) =>
    app.given.report(await app.given.project(department), {
      status: ReportStatus.Published,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
  const mailsTo = (person: GivenUser) => app.dataSource.getRepository(EmailDelivery).findBy({ userId: person.id });
  const noticesOf = (person: GivenUser) =>
    app.dataSource.getRepository(Notification).findBy({ userId: person.id, type: 'report.published' });
  const projectName = async (report: ResultReport) =>
    (await app.dataSource.query(`SELECT name FROM grant_projects WHERE id = $1`, [report.projectId]))[0].name;

  it('mails each person once, listing their reports in the order of the action; one told of one, that one alone', async () => {
    const town = await app.given.municipality();
    const welfare = await app.given.department(town.organization, '福祉部');
    const welfareOwner = await app.given.user({
      organization: town.organization,
      roles: [Role.ProjectOwner],
      department: welfare,
    });
    const [second, elsewhere, first] = [await published(town), await published(town, welfare), await published(town)];

    const events = await publishedTogether(town, [second, elsewhere, first]);
    expect(events.map((event) => event.reportId)).toEqual([second.id, elsewhere.id, first.id]);
    expect(await delivery.deliverTogether(events, { retry: false })).toBe(3);

    // Each report in the inbox, as ever.
    expect(await noticesOf(town.owner)).toHaveLength(2);
    const [mail] = await mailsTo(town.owner);
    expect(await mailsTo(town.owner)).toHaveLength(1);
    expect(mail).toMatchObject({ notificationId: null, digest: false, status: DeliveryStatus.Pending });
    expect(mail.subject).toBe(`【${town.organization.name}】【公表】R4年度の報告 2件`);
    const [secondAt, firstAt] = [await projectName(second), await projectName(first)].map((name) =>
      mail.text.indexOf(`■ 【公表】${name}(R4年度)`),
    );
    expect(secondAt).toBeGreaterThan(0);
    expect(firstAt).toBeGreaterThan(secondAt);
    expect((await noticesOf(town.owner)).map((notice) => notice.digestDeliveryId)).toEqual([mail.id, mail.id]);
    // Told of one report: its own mail, as a publication alone makes.
    const [own] = await mailsTo(welfareOwner);
    expect(await mailsTo(welfareOwner)).toHaveLength(1);
    expect(own.notificationId).toBe((await noticesOf(welfareOwner))[0].id);
    expect(own.subject).toBe(`【${town.organization.name}】【公表】${await projectName(elsewhere)}(R4年度)`);
    expect(queued.sort()).toEqual([mail.id, own.id].sort());
    // Sent as written, while its reader holds their role; withheld once they have left.
    expect(await digests.stillDue(mail)).toMatchObject({ subject: mail.subject });
    await app.dataSource.query('DELETE FROM memberships WHERE user_id = $1', [town.owner.id]);
    expect(await digests.stillDue(mail)).toBeNull();
  });

  it('run again (a retry), writes no second mail and hands the one waiting to the queue again', async () => {
    const town = await app.given.municipality();
    const events = await publishedTogether(town, [await published(town), await published(town)]);
    await delivery.deliverTogether(events, { retry: false });
    const [mail] = await mailsTo(town.owner);
    queued = [];

    await delivery.deliverTogether(events, { retry: true });

    expect(await mailsTo(town.owner)).toHaveLength(1);
    expect(await noticesOf(town.owner)).toHaveLength(2);
    expect(queued).toEqual([mail.id]);
  });
});
