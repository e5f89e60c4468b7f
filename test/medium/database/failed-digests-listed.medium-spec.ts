import { FailedDigestsListed1796400800000 } from '../../../migrations/1796400800000-FailedDigestsListed';
import { Role } from '../../../src/access/role';
import type { GivenMunicipality, GivenUser } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * Digests written before they were marked so and had an organization: known by their items, or by their subject where
 * a failure unlinked them; listed for the municipality of their oldest notice, or else the one their recipient joined
 * first. Other mail about no notification is left as it was.
 */
describe('Migration: the municipality whose administrators list a failed digest', () => {
  let app: MediumApp;
  const migration = new FailedDigestsListed1796400800000();

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  async function mail(
    person: GivenUser,
    subject: string,
    { organizationId = null, status = 'failed' }: { organizationId?: string | null; status?: string } = {},
  ): Promise<string> {
    const [row] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO email_deliveries (organization_id, user_id, to_address, subject, text, html, status)
       VALUES ($1, $2, $3, $4, '本文', '<p>本文</p>', $5) RETURNING id`,
      [organizationId, person.id, person.email, subject, status],
    );
    return row.id;
  }

  /** A notice to `person`, `minutesAgo` old, told of in the digest `digestDeliveryId`. */
  async function item(
    town: GivenMunicipality,
    person: GivenUser,
    digestDeliveryId: string,
    minutesAgo: number,
  ): Promise<void> {
    const [event] = await app.dataSource.query<{ id: string }[]>(
      `INSERT INTO notification_outbox (organization_id, type, payload) VALUES ($1, 'cycle.opened', '{}') RETURNING id`,
      [town.organization.id],
    );
    await app.dataSource.query(
      `INSERT INTO notifications
         (outbox_event_id, organization_id, user_id, type, title, body, link, audience_roles, digest_delivery_id, created_at)
       VALUES ($1, $2, $3, 'cycle.opened', '件名', '本文', '/', '{planning_division}', $4, now() - make_interval(mins => $5))`,
      [event.id, town.organization.id, person.id, digestDeliveryId, minutesAgo],
    );
  }

  const row = async (deliveryId: string) =>
    (
      await app.dataSource.query<{ digest: boolean; organization_id: string | null }[]>(
        'SELECT digest, organization_id FROM email_deliveries WHERE id = $1',
        [deliveryId],
      )
    )[0];

  it('marks digests and gives each the municipality of its oldest notice, or the one its recipient joined first', async () => {
    const asahikawa = await app.given.municipality();
    const kushiro = await app.given.municipality();
    // 旭川市's planner serves 釧路市's planning division too, joined later.
    const planner = asahikawa.planner;
    await app.given.membership(planner, kushiro.organization, Role.PlanningDivision);
    await app.asOwner((queryRunner) => migration.down(queryRunner));

    const gathering = await mail(planner, '【まとめ】通知 2 件(すべて要対応)');
    await item(kushiro, planner, gathering, 30);
    await item(asahikawa, planner, gathering, 10);
    const unlinked = await mail(planner, '【釧路市】【まとめ】通知 1 件(要対応)');
    const sent = await mail(planner, '【旭川市】【まとめ】通知 1 件(要対応)', { status: 'sent' });
    await item(asahikawa, planner, sent, 5);
    const reset = await mail(planner, '【パスワード再設定】');
    const ownMail = await mail(planner, '【旭川市】【提出】事業(R4年度)', {
      organizationId: asahikawa.organization.id,
    });

    await app.asOwner((queryRunner) => migration.up(queryRunner));

    expect(await row(gathering)).toEqual({ digest: true, organization_id: kushiro.organization.id });
    expect(await row(unlinked)).toEqual({ digest: true, organization_id: asahikawa.organization.id });
    expect(await row(sent)).toEqual({ digest: true, organization_id: asahikawa.organization.id });
    expect(await row(reset)).toEqual({ digest: false, organization_id: null });
    expect(await row(ownMail)).toEqual({ digest: false, organization_id: asahikawa.organization.id });
  });
});
