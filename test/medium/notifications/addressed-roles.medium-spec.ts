import { NotFoundException } from '@nestjs/common';
import { Role } from '../../../src/access/role';
import { type DigestMail } from '../../../src/notifications/digest-mail';
import { EmailDelivery } from '../../../src/notifications/email-delivery.entity';
import { type Inbox } from '../../../src/notifications/inbox';
import { Notification } from '../../../src/notifications/notification.entity';
import { type NotificationsRepository } from '../../../src/notifications/notifications.repository';
import { type Recipients } from '../../../src/notifications/recipients';
import { OutboxEvent } from '../../../src/outbox/outbox-event.entity';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
import { Membership } from '../../../src/users/membership.entity';
import type { GivenMunicipality, GivenUser } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';
import { notificationServices } from '../support/notification-services';

/**
 * A notice is its reader's for the roles it was addressed to them for: someone who loses one of those roles but keeps
 * another in the same municipality no longer reads, opens, nor is mailed, what they were told for the role they lost, and goes
 * on reading what they were told for the one they kept. A project owner's notice to their department likewise.
 */
describe('Notices addressed for a role the reader no longer holds', () => {
  let app: MediumApp;
  let notifications: NotificationsRepository;
  let recipients: Recipients;
  let digests: DigestMail;
  let inbox: Inbox;

  beforeAll(async () => {
    app = await createMediumApp();
    ({ notifications, recipients, digests, inbox } = notificationServices(app));
  });

  afterAll(() => app?.close());

  const lose = (town: GivenMunicipality, person: GivenUser, role: Role, departmentId: string | null = null) =>
    app.dataSource.query(
      `DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 AND role = $3
         AND department_id IS NOT DISTINCT FROM $4`,
      [town.organization.id, person.id, role, departmentId],
    );

  /** A notice of the type written as delivery writes it, waiting for the reader's digest. */
  async function notice(
    town: GivenMunicipality,
    person: GivenUser,
    type: string,
    addressed: { roles: Role[]; departmentId?: string },
  ): Promise<Notification> {
    const [outbox] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification_outbox (organization_id, type, payload) VALUES ($1, $2, '{}') RETURNING id`,
      [town.organization.id, type],
    );
    const added = await notifications.addOnceEach([
      {
        outboxEventId: outbox.id,
        organizationId: town.organization.id,
        userId: person.id,
        type,
        audienceRoles: addressed.roles,
        audienceDepartmentId: addressed.departmentId ?? null,
        reportId: null,
        title: `【${type}】の件名`,
        body: '本文',
        link: '/',
        pendingDigest: true,
        readAt: null,
        settledAt: null,
      },
    ]);
    return app.dataSource.getRepository(Notification).findOneByOrFail({ id: added.get(person.id) });
  }

  const listed = async (person: GivenUser, organizationId?: string) =>
    (await notifications.inboxPage(person.id, { unreadOnly: false, page: 1, pageSize: 50, organizationId }))[0].map(
      (row) => row.id,
    );

  describe('a planner who is also on the panel, and leaves the planning division', () => {
    let town: GivenMunicipality;
    let asPlanner: Notification;
    let asExpert: Notification;

    beforeEach(async () => {
      town = await app.given.municipality();
      await app.given.membership(town.planner, town.organization, Role.ExternalExpert);
      asPlanner = await notice(town, town.planner, 'report.submitted', { roles: [Role.PlanningDivision] });
      asExpert = await notice(town, town.planner, 'expert.assigned', { roles: [Role.ExternalExpert] });
      await lose(town, town.planner, Role.PlanningDivision);
    });

    it("no longer sees the planning division's notices in the inbox, and still sees the panel's", async () => {
      expect(await listed(town.planner)).toEqual([asExpert.id]);
      expect(await listed(town.planner, town.organization.id)).toEqual([asExpert.id]);
    });

    it('counts as unread only what the inbox shows', async () => {
      expect(await notifications.unreadCount(town.planner.id)).toBe(1);
      expect(await notifications.unreadCount(town.planner.id, town.organization.id)).toBe(1);
      expect(await notifications.unreadCountWithin(town.planner.id, ['report.submitted'])).toEqual({
        all: 1,
        within: 0,
      });
    });

    it('marks read only what the inbox shows', async () => {
      expect(await notifications.markAllRead(town.planner.id)).toBe(1);
    });

    it("cannot open the planning division's notice (told it was theirs), nor mark it read; opens the panel's", async () => {
      await expect(inbox.open(town.planner.id, asPlanner.id)).resolves.toBeNull();
      await expect(inbox.open(town.owner.id, asPlanner.id)).rejects.toThrow(NotFoundException);
      await expect(inbox.markRead(town.planner.id, asPlanner.id)).rejects.toThrow(NotFoundException);
      const unopened = await app.dataSource.getRepository(Notification).findOneByOrFail({ id: asPlanner.id });
      expect(unopened.readAt).toBeNull();

      expect((await inbox.open(town.planner.id, asExpert.id))?.id).toBe(asExpert.id);
      await expect(inbox.markRead(town.planner.id, asExpert.id)).resolves.toBeUndefined();
    });

    it('is mailed in a digest only what they were told as an expert', async () => {
      const digest = await app.dataSource.getRepository(EmailDelivery).save({
        organizationId: null,
        userId: town.planner.id,
        notificationId: null,
        digest: true,
        toAddress: town.planner.email,
        subject: '件名',
        text: '本文',
        html: '<p>本文</p>',
      });
      await app.dataSource
        .getRepository(Notification)
        .update([asPlanner.id, asExpert.id], { digestDeliveryId: digest.id });

      const sent = await digests.stillDue(digest);

      expect(sent?.text).toContain('【expert.assigned】の件名');
      expect(sent?.text).not.toContain('【report.submitted】の件名');
    });

    it("leaves the planning division's notices out of the next digest", async () => {
      const left = await app.dataSource.transaction((manager) =>
        notifications.readerLeft(manager, [asPlanner, asExpert]),
      );

      expect([...left]).toEqual([asPlanner.id]);
    });
  });

  it("a project owner of two departments who leaves one no longer sees that department's notices", async () => {
    const town = await app.given.municipality();
    const other = await app.given.department(town.organization);
    await app.dataSource.getRepository(Membership).save({
      userId: town.owner.id,
      organizationId: town.organization.id,
      role: Role.ProjectOwner,
      departmentId: other.id,
    });
    const left = await notice(town, town.owner, 'report.returned', {
      roles: [Role.ProjectOwner],
      departmentId: town.department.id,
    });
    const kept = await notice(town, town.owner, 'report.returned', {
      roles: [Role.ProjectOwner],
      departmentId: other.id,
    });
    await lose(town, town.owner, Role.ProjectOwner, town.department.id);

    expect(await listed(town.owner)).toEqual([kept.id]);
    expect(await notifications.unreadCount(town.owner.id)).toBe(1);
    await expect(inbox.open(town.owner.id, left.id)).resolves.toBeNull();
    expect((await inbox.open(town.owner.id, kept.id))?.id).toBe(kept.id);
    expect([
      ...(await app.dataSource.transaction((manager) => notifications.readerLeft(manager, [left, kept]))),
    ]).toEqual([left.id]);
  });

  it('a notice records the roles its reader was found in, and the department of its project owners', async () => {
    const town = await app.given.municipality();
    await app.given.membership(town.owner, town.organization, Role.PlanningDivision);
    const report = await app.given.report(await app.given.project(town.department));
    const event = Object.assign(new OutboxEvent(), {
      id: '00000000-0000-4000-8000-000000000000',
      organizationId: town.organization.id,
      reportId: report.id,
      type: 'report.reopened',
      actorUserId: null,
      payload: {},
    });

    const people = await recipients.resolve(
      event,
      ['planning', 'owners'],
      await app.get(ReportsRepository).findWithProject(report.id),
    );

    const byId = new Map(people.map((person) => [person.userId, person]));
    expect(byId.get(town.owner.id)).toMatchObject({ departmentId: town.department.id });
    expect(byId.get(town.owner.id)?.roles.sort()).toEqual([Role.PlanningDivision, Role.ProjectOwner].sort());
    expect(byId.get(town.planner.id)?.roles).toEqual([Role.PlanningDivision]);
  });
});
