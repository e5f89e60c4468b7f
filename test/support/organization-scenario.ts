import { Role } from '../../src/access/role';
import { addDays, todayInJapan } from '../../src/common/dates';
import { addUser, seedOrganization, signIn, type TestApp } from './test-app';

export interface Cast {
  organizationId: string;
  departmentId: string;
  userIds: Record<string, string>;
  tokens: Record<string, string>;
}

/** 旭川市 with one department and a user per part of the workflow, each signed in. */
export async function castAsahikawa(t: TestApp): Promise<Cast> {
  const { organizationId } = await seedOrganization(t, '012041', '旭川市');
  const admin = await signIn(t, 'admin@012041.example.jp');
  const departmentId = (
    await t
      .http()
      .post(`/api/v1/organizations/${organizationId}/departments`)
      .set({ Authorization: `Bearer ${admin}` })
      .send({ name: '経済部' })
      .expect(201)
  ).body.id;
  const people: [string, Role][] = [
    ['owner', Role.ProjectOwner],
    ['expertA', Role.ExternalExpert],
    ['expertB', Role.ExternalExpert],
    ['planner', Role.PlanningDivision],
    ['approver', Role.PlanningDivision],
  ];
  const userIds: Record<string, string> = {};
  const tokens: Record<string, string> = { admin };
  for (const [name, role] of people) {
    const user = await addUser(
      t,
      organizationId,
      `${name.toLowerCase()}@example.jp`,
      role,
      role === Role.ProjectOwner ? departmentId : undefined,
    );
    userIds[name] = user.id;
    tokens[name] = await signIn(t, `${name.toLowerCase()}@example.jp`);
  }
  userIds.admin = (await t.dataSource.query(`SELECT id FROM users WHERE email = 'admin@012041.example.jp'`))[0].id;
  return { organizationId, departmentId, userIds, tokens };
}

/** A due date that many days from today in Japan, as the app counts them. */
export function dueInDays(days: number): string {
  return addDays(todayInJapan(), days);
}
