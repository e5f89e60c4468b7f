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

/** The organization's settings changed by an administrator as a client does: from the settings as read (their checksum). */
export async function changeSettings(
  t: TestApp,
  adminToken: string,
  organizationId: string,
  settings: Record<string, unknown>,
): Promise<{ settingsChecksum: string }> {
  const organization = `/api/v1/organizations/${organizationId}`;
  const admin = { Authorization: `Bearer ${adminToken}` };
  const { settingsChecksum } = (await t.http().get(organization).set(admin).expect(200)).body;
  return (
    await t
      .http()
      .patch(`${organization}/settings`)
      .set(admin)
      .send({ ...settings, settingsChecksum })
      .expect(200)
  ).body;
}

/** A department renamed by an administrator as a client does: from the department as read (its checksum). */
export async function renameDepartment(
  t: TestApp,
  adminToken: string,
  organizationId: string,
  departmentId: string,
  name: string,
): Promise<{ name: string; checksum: string }> {
  const departments = `/api/v1/organizations/${organizationId}/departments`;
  const admin = { Authorization: `Bearer ${adminToken}` };
  const listed: { id: string; checksum: string }[] = (await t.http().get(departments).set(admin).expect(200)).body;
  const { checksum } = listed.find((department) => department.id === departmentId)!;
  return (await t.http().patch(`${departments}/${departmentId}`).set(admin).send({ name, checksum }).expect(200)).body;
}

/** A due date that many days from today in Japan, as the app counts them. */
export function dueInDays(days: number): string {
  return addDays(todayInJapan(), days);
}
