import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../../src/audit/audit-log';
import { AuditTrail } from '../../src/audit/audit-trail';
import { DemoSeed } from '../../src/demo/demo-seed';
import { ImportsService } from '../../src/imports/imports.service';
import { OrganizationsService } from '../../src/organizations/organizations.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { UsersService } from '../../src/users/users.service';
import { rowCounter } from '../support/row-counts';
import { createTestApp, signIn, type TestApp } from '../support/test-app';
import { as } from './import-scenario';

const demoSeedOf = (t: TestApp) =>
  new DemoSeed(
    t.app.get(OrganizationsService),
    t.app.get(UsersService),
    t.app.get(ImportsService),
    t.app.get(ProjectsService),
    t.app.get(AuditTrail),
  );

describe('Demo data (npm run seed:demo)', () => {
  let t: TestApp;
  let seed: DemoSeed;
  const password = 'demo password for tests';

  beforeAll(async () => {
    t = await createTestApp();
    seed = demoSeedOf(t);
  });

  afterAll(() => t.close());

  it('loads the real seeds with a user for every role, and changes nothing when run again', async () => {
    const first = await seed.run(password);
    expect(first.passwordUsed).toBe(true);
    expect(first.imports).toMatchObject([
      { organization: '旭川市', outcome: 'imported', reports: 5 },
      { organization: '釧路市', outcome: 'imported', reports: 6 },
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
      await t
        .http()
        .get(`/api/v1/organizations/${organization.id}/projects`)
        .query({ q: '青少年ICTパーク' })
        .set(as(planning))
        .expect(200)
    ).body.items;
    const ictPark = projects.find((project: any) => project.name.startsWith('青少年ICTパーク'));
    expect(ictPark).toMatchObject({
      policyArea: '中心市街地と商店街の活性化',
      partnerMunicipalities: ['鷹栖町', '東神楽町', '当麻町', '比布町', '愛別町', '上川町', '東川町', '美瑛町'],
    });
    await signIn(t, 'expert@panel.example.jp', password);

    // Each department's demo owner has a project of their own to work on.
    const tourismOwner = await signIn(t, 'owner-tourism@asahikawa.example.jp', password);
    const tourismReports = (
      await t.http().get(`/api/v1/organizations/${organization.id}/reports`).set(as(tourismOwner)).expect(200)
    ).body;
    expect(tourismReports.items.map((item: any) => item.projectName)).toEqual([
      expect.stringContaining('新・大雪圏域観光振興プロジェクト'),
    ]);

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

  it('changes nothing when run again after the demo was used: 施策, memberships and renamed departments stay', async () => {
    const [owner] = await t.dataSource.query(
      `SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'owner@asahikawa.example.jp'`,
    );
    await t.dataSource.query(`DELETE FROM memberships WHERE id = $1`, [owner.id]);
    await t.dataSource.query(`UPDATE departments SET name = '経済観光部' WHERE name = '経済部'`);
    await t.dataSource.query(
      `UPDATE grant_projects SET policy_area = '変更した施策', partner_municipalities = '{}' WHERE name LIKE '青少年ICTパーク%'`,
    );
    const rows = await rowCounter(t.config.databaseUrl);
    try {
      const before = await rows.counts();
      const again = await seed.run(password);
      expect(again).toMatchObject({ passwordUsed: false, projectsUpdated: 0 });
      expect(again.imports.map((entry) => entry.outcome)).toEqual(['already loaded', 'already loaded']);
      expect(await rows.counts()).toEqual(before);
    } finally {
      await rows.close();
    }
    expect(
      await t.dataSource.query(
        `SELECT policy_area AS "policyArea", partner_municipalities AS towns FROM grant_projects WHERE name LIKE '青少年ICTパーク%'`,
      ),
    ).toEqual([{ policyArea: '変更した施策', towns: [] }]);
  });
});

describe('Demo data refused where it does not belong', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('refuses to run with NODE_ENV=production, before touching any database', () => {
    const result = spawnSync('npm', ['run', '--silent', 'seed:demo'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('NODE_ENV=production');
  });

  it('refuses, writing nothing, when a demo municipality code belongs to a real organization', async () => {
    await t.app.get(OrganizationsService).create('旭川市', '012041', SYSTEM_ACTOR);
    const rows = await rowCounter(t.config.databaseUrl);
    try {
      const before = await rows.counts();
      await expect(demoSeedOf(t).run('demo password for tests')).rejects.toThrow(
        /012041.*not created by the demo seed/,
      );
      expect(await rows.counts()).toEqual(before);
    } finally {
      await rows.close();
    }
  });
});
