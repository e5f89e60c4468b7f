import type { Actor } from '../../../src/access/actor';
import { Role } from '../../../src/access/role';
import { auditActorOf } from '../../../src/audit/audit-log';
import { AuditTrail } from '../../../src/audit/audit-trail';
import { Transactions } from '../../../src/infra/database/transactions';
import { UsersService } from '../../../src/users/users.service';
import type { GivenUser } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** A chain's entries about one account, as an auditor of the chain reads them. */
interface ChainEntry {
  organization_id: string | null;
  action: string;
  actor_roles: string[];
  details: Record<string, unknown>;
}

describe('UsersService.appendOwnAccountEvent: アカウント設定 changes in the log of each organization of the person', () => {
  let app: MediumApp;
  let users: UsersService;
  let trail: AuditTrail;

  beforeAll(async () => {
    app = await createMediumApp();
    users = app.get(UsersService);
    trail = app.get(AuditTrail);
  });

  afterAll(() => app?.close());

  /** The actor of a request to アカウント設定, which names no organization (GET/PATCH auth/me, /account). */
  const outsideAnyOrganization = (user: GivenUser): Actor => ({ ...user.actor, organizationId: undefined, roles: [] });

  const entriesAbout = (userId: string): Promise<ChainEntry[]> =>
    app.dataSource.query(
      `SELECT organization_id, action, actor_roles, details FROM audit_entries WHERE entity_id = $1
       ORDER BY organization_id NULLS FIRST`,
      [userId],
    );

  it("writes a rename into each municipality's chain the person works for, with their roles there; each verifies", async () => {
    const asahikawa = await app.given.municipality();
    const nayoro = await app.given.municipality();
    const person = asahikawa.planner;
    await app.given.membership(person, nayoro.organization, Role.ExternalExpert);

    await users.renameOwn(outsideAnyOrganization(person), '旭川 花子');

    const details = { from: 'planner', to: '旭川 花子' };
    expect(await entriesAbout(person.id)).toEqual(
      expect.arrayContaining([
        {
          organization_id: asahikawa.organization.id,
          action: 'user.renamed',
          actor_roles: [Role.PlanningDivision],
          details,
        },
        {
          organization_id: nayoro.organization.id,
          action: 'user.renamed',
          actor_roles: [Role.ExternalExpert],
          details,
        },
      ]),
    );
    expect(await entriesAbout(person.id)).toHaveLength(2);
    for (const town of [asahikawa, nayoro])
      expect(await trail.verify(town.organization.id)).toMatchObject({ ok: true, problems: [] });
  });

  it("keeps the platform's chain for someone who is a member of no organization (a platform administrator)", async () => {
    const town = await app.given.municipality();
    const operator = await app.given.user({ organization: town.organization, roles: [], name: 'operator' });

    await users.renameOwn(outsideAnyOrganization(operator), '運用 担当');

    expect(await entriesAbout(operator.id)).toEqual([
      {
        organization_id: null,
        action: 'user.renamed',
        actor_roles: [],
        details: { from: 'operator', to: '運用 担当' },
      },
    ]);
    expect(await trail.verify(null)).toMatchObject({ ok: true, problems: [] });
  });

  it('writes nothing in any chain when the change it describes is rolled back', async () => {
    const town = await app.given.municipality();
    const person = town.owner;
    const rolledBack = new Error('the change failed after its entry was written');

    const outcome = app.get(Transactions).run(async (manager) => {
      await users.appendOwnAccountEvent(manager, person.id, auditActorOf(person.actor), 'auth.password_changed', {
        otherSessionsEnded: 0,
      });
      throw rolledBack;
    });

    await expect(outcome).rejects.toBe(rolledBack);
    expect(await entriesAbout(person.id)).toEqual([]);
  });
});
