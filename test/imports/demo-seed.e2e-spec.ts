import { DemoSeed } from '../../src/demo/demo-seed';
import { ImportsService } from '../../src/imports/imports.service';
import { OrganizationsService } from '../../src/organizations/organizations.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, signIn, type TestApp } from '../support/test-app';
import { as } from './import-scenario';

describe('Demo data (npm run seed:demo)', () => {
  let t: TestApp;
  let seed: DemoSeed;
  const password = 'demo password for tests';

  beforeAll(async () => {
    t = await createTestApp();
    seed = new DemoSeed(
      t.app.get(OrganizationsService),
      t.app.get(UsersService),
      t.app.get(ImportsService),
      t.app.get(ProjectsService),
    );
  });

  afterAll(() => t.close());

  it('loads the real seeds with a user for every role, and changes nothing when run again', async () => {
    const first = await seed.run(password);
    expect(first.passwordUsed).toBe(true);
    expect(first.imports.map((entry) => [entry.organization, entry.outcome, entry.reports])).toEqual([
      ['旭川市', 'imported', 5],
      ['釧路市', 'imported', 6],
    ]);
    expect(first.projectsUpdated).toBe(4);
    expect(new Set(first.users.map((user) => user.role.replace(/ \(.*\)$/, '')))).toEqual(
      new Set(['システム管理者', '企画政策課', '事業担当課', '外部有識者']),
    );

    const second = await seed.run('another password');
    expect(second).toMatchObject({ passwordUsed: false, projectsUpdated: 0 });
    expect(second.imports.map((entry) => entry.outcome)).toEqual(['already loaded', 'already loaded']);

    const planning = await signIn(t, 'planning@asahikawa.example.jp', password);
    const [organization] = (await t.http().get('/api/v1/organizations').set(as(planning)).expect(200)).body;
    const reports = (
      await t.http().get(`/api/v1/organizations/${organization.id}/reports`).set(as(planning)).expect(200)
    ).body;
    expect(reports.total).toBe(5);
    expect(reports.items.every((item: any) => item.status === 'published')).toBe(true);
    const projects = (
      await t.http().get(`/api/v1/organizations/${organization.id}/projects`).set(as(planning)).expect(200)
    ).body;
    const ictPark = projects.find((project: any) => project.name.startsWith('青少年ICTパーク'));
    expect(ictPark).toMatchObject({
      policyArea: '中心市街地と商店街の活性化',
      partnerMunicipalities: ['鷹栖町', '東神楽町', '当麻町', '比布町', '愛別町', '上川町', '東川町', '美瑛町'],
    });
    await signIn(t, 'expert@panel.example.jp', password);

    // Each municipality was created once, audited in its own chain by the system.
    expect(
      await t.dataSource.query(
        `SELECT details, actor_roles FROM audit_entries WHERE action = 'organization.created' ORDER BY id`,
      ),
    ).toEqual([
      { details: { name: '旭川市', localGovernmentCode: '012041' }, actor_roles: ['system'] },
      { details: { name: '釧路市', localGovernmentCode: '012068' }, actor_roles: ['system'] },
    ]);
  });
});
