import { Role } from '../../src/access/role';
import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { addUser, createTestApp, seedOrganization, sessionCookie, type TestApp } from '../support/test-app';
import { shownText } from './support/page-forms';

/**
 * An expert on two municipalities' panels reads each municipality's notices in its own inbox, as its header and links
 * are, with a line saying how many wait in the other; the notices of a municipality they have left are shown nowhere,
 * and one opened all the same leads to their start page, saying why.
 */
describe('Inbox of someone serving several municipalities', () => {
  let t: TestApp;
  let cast: Cast;
  let kushiroId: string;
  let expert: string;
  const notices: Record<string, string> = {};

  async function notice(organizationId: string, title: string): Promise<string> {
    const [event] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification_outbox (organization_id, type, payload) VALUES ($1, 'expert.assigned', '{}') RETURNING id`,
      [organizationId],
    );
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO notifications (outbox_event_id, organization_id, user_id, type, audience_roles, title, body, link)
       VALUES ($1, $2, $3, 'expert.assigned', '{external_expert}', $4, '意見をお願いします。', $5) RETURNING id`,
      [event.id, organizationId, cast.userIds.expertA, title, `http://localhost/o/${organizationId}/my-reviews`],
    );
    return row.id;
  }

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

    it('one opened all the same leads to their start page, saying the report no longer opens', async () => {
      const opened = await t
        .http()
        .get(`/o/${cast.organizationId}/inbox/${notices.kushiro}/open`)
        .set('Cookie', expert)
        .expect(303);

      expect(opened.headers.location).toMatch(new RegExp(`^/o/${cast.organizationId}/.*notice=report-no-longer-open`));
    });
  });
});
