import { Role } from '../../../src/access/role';
import { type DigestMail } from '../../../src/notifications/digest-mail';
import { EmailDelivery } from '../../../src/notifications/email-delivery.entity';
import { type NotificationDelivery } from '../../../src/notifications/notification-delivery';
import { Notification } from '../../../src/notifications/notification.entity';
import { type NotificationsRepository } from '../../../src/notifications/notifications.repository';
import { type Recipients } from '../../../src/notifications/recipients';
import { type OutboxEvent } from '../../../src/outbox/outbox-event.entity';
import { OutboxRepository } from '../../../src/outbox/outbox.repository';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { MembershipsRepository } from '../../../src/users/memberships.repository';
import type { GivenMunicipality, GivenUser } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';
import { notificationDelivery, notificationServices } from '../support/notification-services';

/**
 * An event's recipients are read before its inbox rows and mails are written, outside their transaction. Someone who
 * leaves or joins in between is no different from someone who does so just after the rows are written: the row is the
 * record of who was told; whether its reader may still see it is decided when it is read (the inbox shows only what
 * they hold now a role it was addressed for) and whether its mail goes when it is sent (a reader who has left is
 * withheld).
 * So the window between the two needs no lock of the memberships.
 */
describe('Who joins or leaves while an event is delivered', () => {
  let app: MediumApp;
  let delivery: NotificationDelivery;
  let recipients: Recipients;
  let notifications: NotificationsRepository;
  let digests: DigestMail;

  beforeAll(async () => {
    app = await createMediumApp();
    const services = notificationServices(app);
    ({ notifications, recipients, digests } = services);
    delivery = notificationDelivery(app, services, { addBulk: () => Promise.resolve([]) });
  });

  afterAll(() => app?.close());

  afterEach(() => jest.restoreAllMocks());

  const leave = (town: GivenMunicipality, person: GivenUser) =>
    app.dataSource.query('DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2', [
      town.organization.id,
      person.id,
    ]);

  /** A report of the town submitted: the planning division is told, by mail too (the kind's default). */
  async function submitted(town: GivenMunicipality): Promise<OutboxEvent> {
    const report = await app.given.report(await app.given.project(town.department), {
      status: ReportStatus.Submitted,
    });
    const [row] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification_outbox (organization_id, report_id, type, actor_user_id, payload)
       VALUES ($1, $2, 'report.submitted', $3, '{}') RETURNING id`,
      [town.organization.id, report.id, town.owner.id],
    );
    return (await app.get(OutboxRepository).findById(row.id))!;
  }

  /** Runs `meanwhile` after the recipients are read and before the rows are written. */
  function inTheWindow(meanwhile: () => Promise<unknown>) {
    const resolve = recipients.resolve.bind(recipients);
    jest.spyOn(recipients, 'resolve').mockImplementation(async (...args) => {
      const people = await resolve(...args);
      await meanwhile();
      return people;
    });
  }

  const rowOf = (event: OutboxEvent, person: GivenUser) =>
    app.dataSource.getRepository(Notification).findOneBy({ outboxEventId: event.id, userId: person.id });
  const mailOf = (row: Notification) =>
    app.dataSource.getRepository(EmailDelivery).findOneByOrFail({ notificationId: row.id });
  const inboxOf = async (person: GivenUser) =>
    (await notifications.inboxPage(person.id, { unreadOnly: false, page: 1, pageSize: 50 }))[0].map((row) => row.id);

  it.each([
    ['while the event is delivered', 'during'],
    ['just after it is delivered', 'after'],
  ])('a planner who leaves %s: the row records them, their inbox and mail do not', async (_when, when) => {
    const town = await app.given.municipality();
    const event = await submitted(town);
    if (when === 'during') inTheWindow(() => leave(town, town.planner));

    await delivery.deliver(event, { retry: false });
    if (when === 'after') await leave(town, town.planner);

    const row = (await rowOf(event, town.planner))!;
    expect(row).not.toBeNull();
    expect(await inboxOf(town.planner)).not.toContain(row.id);
    expect(await digests.stillDue(await mailOf(row))).toBeNull();
    // Those who stay are told as ever.
    const stayed = (await rowOf(event, town.approver))!;
    expect(await inboxOf(town.approver)).toContain(stayed.id);
    expect(await digests.stillDue(await mailOf(stayed))).not.toBeNull();
  });

  it('a planner who joins while the event is delivered is not told, as one who joins just after', async () => {
    const town = await app.given.municipality();
    const event = await submitted(town);
    const newcomer = await app.given.user({ organization: town.organization, roles: [] });
    inTheWindow(() => app.given.membership(newcomer, town.organization, Role.PlanningDivision));

    await delivery.deliver(event, { retry: false });

    expect(await app.get(MembershipsRepository).isMember(town.organization.id, newcomer.id)).toBe(true);
    expect(await rowOf(event, newcomer)).toBeNull();
    expect(await inboxOf(newcomer)).toEqual([]);
    expect(await rowOf(event, town.planner)).not.toBeNull();
  });
});
