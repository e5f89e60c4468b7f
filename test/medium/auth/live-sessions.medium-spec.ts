import { Role } from '../../../src/access/role';
import { Session } from '../../../src/auth/session.entity';
import { SessionsRepository } from '../../../src/auth/sessions.repository';
import { User } from '../../../src/users/user.entity';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** What every authenticated request checks of its token's session, in one statement (SessionsRepository.findLive). */
describe('A live session, as every request checks it', () => {
  let app: MediumApp;
  let sessions: SessionsRepository;
  let town: GivenMunicipality;
  let elsewhere: GivenMunicipality;

  beforeAll(async () => {
    app = await createMediumApp();
    // The repository alone, on the suite's database: the auth module's passport and token set-up play no part here.
    sessions = new SessionsRepository(app.dataSource.getRepository(Session));
    town = await app.given.municipality();
    elsewhere = await app.given.municipality();
  });

  afterAll(() => app?.close());

  const HOUR_MS = 3_600_000;
  const open = (userId: string, expiresInMs = HOUR_MS) =>
    sessions.open({ userId, expiresAt: new Date(Date.now() + expiresInMs), ipAddress: null, userAgent: null });

  it("comes with the user's memberships in the organization the request names, and in no other", async () => {
    await app.given.membership(town.planner, elsewhere.organization, Role.ExternalExpert);
    const session = await open(town.planner.id);

    expect(await sessions.findLive(session.id, town.planner.id, town.organization.id)).toEqual({
      id: session.id,
      userId: town.planner.id,
      scopeOrganizationId: null,
      scopeReportId: null,
      scopeAssignmentId: null,
      userDeactivatedAt: null,
      memberships: [{ role: Role.PlanningDivision, departmentId: null }],
    });
    expect((await sessions.findLive(session.id, town.planner.id, elsewhere.organization.id))?.memberships).toEqual([
      { role: Role.ExternalExpert, departmentId: null },
    ]);
    expect((await sessions.findLive(session.id, town.planner.id))?.memberships).toEqual([]);
  });

  it("names the project owner's department", async () => {
    const session = await open(town.owner.id);

    expect((await sessions.findLive(session.id, town.owner.id, town.organization.id))?.memberships).toEqual([
      { role: Role.ProjectOwner, departmentId: town.department.id },
    ]);
  });

  it('is none once revoked, once expired, or for another user than its own', async () => {
    const revoked = await open(town.approver.id);
    await sessions.revoke(revoked.id);
    const expired = await open(town.approver.id, -1000);
    const live = await open(town.approver.id);

    expect(await sessions.findLive(revoked.id, town.approver.id, town.organization.id)).toBeNull();
    expect(await sessions.findLive(expired.id, town.approver.id, town.organization.id)).toBeNull();
    expect(await sessions.findLive(live.id, town.admin.id, town.organization.id)).toBeNull();
  });

  it('says when its user was deactivated, for the request to be refused', async () => {
    const session = await open(town.expertB.id);
    const deactivatedAt = new Date('2026-04-01T00:00:00Z');
    await app.dataSource.getRepository(User).update({ id: town.expertB.id }, { deactivatedAt });

    expect((await sessions.findLive(session.id, town.expertB.id, town.organization.id))?.userDeactivatedAt).toEqual(
      deactivatedAt,
    );
  });
});
