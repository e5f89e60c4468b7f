import { randomUUID } from 'node:crypto';
import { Role } from '../../src/access/role';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { addUser, createTestApp, seedOrganization, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from './support/page-forms';
import { NOTICES } from '../../src/web/messages/notices';

/**
 * An expert on two municipalities' panels reads each municipality's notices in its own inbox, as its header and links
 * are, with a line saying how many wait in the other; the notices of a municipality they have left, or addressed to them
 * for a role they have lost, are shown nowhere, and one opened all the same is not found, as another person's would be.
 */
describe('Inbox of someone serving several municipalities', () => {
  let t: TestApp;
  let cast: Cast;
  let kushiroId: string;
  let expert: string;
  const notices: Record<string, string> = {};

  /** A notice to the expert, of the type and addressed for the role given (an 意見照会 to the panel unless told). */
  async function notice(
    organizationId: string,
    title: string,
    addressed: { type: string; role: Role } = { type: 'expert.assigned', role: Role.ExternalExpert },
  ): Promise<string> {
    const [event] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification_outbox (organization_id, type, payload) VALUES ($1, $2, '{}') RETURNING id`,
      [organizationId, addressed.type],
    );
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO notifications (outbox_event_id, organization_id, user_id, type, audience_roles, title, body, link)
       VALUES ($1, $2, $3, $4, ARRAY[$5::role], $6, '意見をお願いします。', $7) RETURNING id`,
      [
        event.id,
        organizationId,
        cast.userIds.expertA,
        addressed.type,
        addressed.role,
        title,
        `http://localhost/o/${organizationId}/my-reviews`,
      ],
    );
    return row.id;
  }

  const notFound = async (path: string) =>
    expect((await t.http().get(path).set('Cookie', expert).expect(404)).text).toContain('ページが見つかりません');

  /** Opening a notice of theirs the inbox no longer lists: their start page, saying why, and the notice stays unread. */
  const noLongerAddressed = async (notificationId: string) => {
    const opened = await t
      .http()
      .get(`/o/${cast.organizationId}/inbox/${notificationId}/open`)
      .set('Cookie', expert)
      .expect(303);
    const start = await t.http().get(opened.headers.location).set('Cookie', expert).expect(200);
    expect(shownText(start.text)).toContain(NOTICES['notice-no-longer-addressed']);
    const [{ read_at: readAt }] = await t.dataSource.query(`SELECT read_at FROM notifications WHERE id = $1`, [
      notificationId,
    ]);
    expect(readAt).toBeNull();
  };

  const inbox = (organizationId: string) =>
    t.http().get(`/o/${organizationId}/inbox`).set('Cookie', expert).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
    kushiroId = (await seedOrganization(t, '012068', '釧路市')).organizationId;
    await addUser(t, kushiroId, 'experta@example.jp', Role.ExternalExpert);
    notices.asahikawa = await notice(cast.organizationId, '【意見照会】旭川市の事業');
    notices.kushiro = await notice(kushiroId, '【意見照会】釧路市の事業');
    expert = await sessionCookie(t, 'experta@example.jp');
  });

  afterAll(() => t.close());

  it("lists only the open municipality's notices, and its badge counts only them", async () => {
    const page = await inbox(cast.organizationId);

    expect(shownText(page.text)).toContain('【意見照会】旭川市の事業');
    expect(shownText(page.text)).not.toContain('【意見照会】釧路市の事業');
    expect(page.text).toContain('通知 <span class="badge">1<');
  });

  it('says how many unread notices wait in the other municipality, linking to its inbox', async () => {
    const page = await inbox(cast.organizationId);

    expect(shownText(page.text)).toContain('ほかの団体にも未読の通知があります: 釧路市の通知(1件)');
    expect(page.text).toContain(`href="/o/${kushiroId}/inbox"`);
    expect(shownText((await inbox(kushiroId)).text)).toContain('【意見照会】釧路市の事業');
  });

  describe('once they have left the other municipality', () => {
    beforeAll(async () => {
      await t.dataSource.query('DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2', [
        kushiroId,
        cast.userIds.expertA,
      ]);
    });

    it("its notices are shown nowhere: not in the other's inbox, not in the API's", async () => {
      expect(shownText((await inbox(cast.organizationId)).text)).not.toContain('釧路市');
      const api = await t
        .http()
        .get('/api/v1/notifications')
        .set({ Authorization: `Bearer ${cast.tokens.expertA}` })
        .expect(200);
      expect(api.body.items.map((item: { id: string }) => item.id)).toEqual([notices.asahikawa]);
      expect(api.body.unread).toBe(1);
    });

    it('one opened all the same (an old mail’s link) leads to their start page, saying why; an id not theirs is not found', async () => {
      await noLongerAddressed(notices.kushiro);
      await notFound(`/o/${cast.organizationId}/inbox/${randomUUID()}/open`);
    });
  });

  describe('once they have lost a role they held beside the panel', () => {
    beforeAll(async () => {
      await t.dataSource.query(
        `INSERT INTO memberships (user_id, organization_id, role) VALUES ($1, $2, 'planning_division')`,
        [cast.userIds.expertA, cast.organizationId],
      );
      notices.asPlanner = await notice(cast.organizationId, '【提出】企画政策課あて', {
        type: 'report.submitted',
        role: Role.PlanningDivision,
      });
      await t.dataSource.query(
        `DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 AND role = 'planning_division'`,
        [cast.organizationId, cast.userIds.expertA],
      );
    });

    it("the role's notice neither opens nor is marked read; the panel's still opens", async () => {
      await noLongerAddressed(notices.asPlanner);
      await t
        .http()
        .post(`/api/v1/notifications/${notices.asPlanner}/read`)
        .set({ Authorization: `Bearer ${cast.tokens.expertA}` })
        .expect(404);
      const [{ read_at: readAt }] = await t.dataSource.query(`SELECT read_at FROM notifications WHERE id = $1`, [
        notices.asPlanner,
      ]);
      expect(readAt).toBeNull();

      const opened = await t
        .http()
        .get(`/o/${cast.organizationId}/inbox/${notices.asahikawa}/open`)
        .set('Cookie', expert)
        .expect(303);
      expect(opened.headers.location).toBe(`/o/${cast.organizationId}/my-reviews`);
    });
  });
});
