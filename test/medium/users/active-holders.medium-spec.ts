import { Role } from '../../../src/access/role';
import { UsersService } from '../../../src/users/users.service';
import { User } from '../../../src/users/user.entity';
import { createMediumApp, type MediumApp } from '../support/medium-app';

describe('UsersService.countActiveHolders: who holds a role with an account in use', () => {
  let app: MediumApp;
  let users: UsersService;

  beforeAll(async () => {
    app = await createMediumApp();
    users = app.get(UsersService);
  });

  afterAll(() => app?.close());

  it('counts the holders of the role in the organization, but not one whose account is stopped (停止中)', async () => {
    const town = await app.given.municipality();
    const neighbour = await app.given.municipality();
    // The neighbour's planner plans in town too: one more holder here.
    await app.given.membership(neighbour.planner, town.organization, Role.PlanningDivision);

    expect(await users.countActiveHolders(town.organization.id, Role.PlanningDivision)).toBe(3);
    expect(await users.countActiveHolders(town.organization.id, Role.Administrator)).toBe(1);

    await app.dataSource.getRepository(User).update({ id: town.approver.id }, { deactivatedAt: new Date() });

    expect(await users.countActiveHolders(town.organization.id, Role.PlanningDivision)).toBe(2);
    expect(await users.countActiveHolders(neighbour.organization.id, Role.PlanningDivision)).toBe(2);
  });
});
