import { Role } from '../../../src/access/role';
import { type NotificationsRepository } from '../../../src/notifications/notifications.repository';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';
import { notificationServices } from '../support/notification-services';

/**
 * The inbox's pages, newest first: notices written at the same moment (one transaction tells a reader of several
 * things, and now() is the transaction's) still each appear on exactly one page, in the same order on every reading.
 */
describe('Inbox pages of notices written at the same moment', () => {
  const NOTICES = 40;
  const PAGE_SIZE = 3;
  let app: MediumApp;
  let notifications: NotificationsRepository;
  let town: GivenMunicipality;
  let written: string[];

  beforeAll(async () => {
    app = await createMediumApp();
    ({ notifications } = notificationServices(app));
    town = await app.given.municipality();
    const events = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification_outbox (organization_id, type, payload)
       SELECT $1, 'report.submitted', '{}' FROM generate_series(1, $2) RETURNING id`,
      [town.organization.id, NOTICES],
    );
    const notices = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO notifications (outbox_event_id, organization_id, user_id, type, audience_roles, title, body, link)
       SELECT event, $1, $2, 'report.submitted', ARRAY[$3]::role[], '提出されました', '本文', '/'
         FROM unnest($4::uuid[]) AS event RETURNING id`,
      [town.organization.id, town.planner.id, Role.PlanningDivision, events.map(({ id }) => id)],
    );
    written = notices.map(({ id }) => id);
  });

  afterAll(() => app?.close());

  const pages = async (organizationId?: string) => {
    const read: string[][] = [];
    for (let page = 1; page <= Math.ceil(NOTICES / PAGE_SIZE); page++) {
      const [rows, total] = await notifications.inboxPage(town.planner.id, {
        unreadOnly: false,
        page,
        pageSize: PAGE_SIZE,
        organizationId,
      });
      expect(total).toBe(NOTICES);
      read.push(rows.map(({ id }) => id));
    }
    return read;
  };

  it.each([
    ['in one municipality', () => town.organization.id],
    ['across every municipality of the reader', () => undefined],
  ])('lists each notice on exactly one page, %s', async (_where, organizationOf) => {
    const read = await pages(organizationOf());

    expect(read.flat().sort()).toEqual([...written].sort());
    expect(await pages(organizationOf())).toEqual(read);
  });
});
