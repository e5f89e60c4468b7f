import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { departmentChecksum, settingsChecksum as settingsChecksumOf } from '../../src/organizations/read-checksums';
import { AdministratorBootstrap } from '../../src/users/administrator-bootstrap';
import { withAuditRefusing } from '../support/audit-outage';
import { runCli } from '../support/cli';
import { castAsahikawa, type Cast, renameDepartment } from '../support/organization-scenario';
import { type Response } from 'supertest';
import { holdRow, lockWaitersOutsidePool } from '../support/lock-waits';
import { createTestApp, sessionCookie, type TestApp } from '../support/test-app';
import { createSuiteDatabase } from '../support/test-database';
import { sendPageForm, shownText } from '../web/support/page-forms';

describe('Audit log', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const auditPath = () => `/api/v1/organizations/${cast.organizationId}/audit`;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('records sign-in success and failure, without telling the caller which part was wrong: an account’s in its organization’s chain', async () => {
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'owner@example.jp', password: 'wrong password' })
      .expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.jp', password: 'wrong password' })
      .expect(401);
    const entries = await t.dataSource.query(
      `SELECT chain, action, actor_user_id, actor_roles, entity_id, details FROM audit_entries
        WHERE action LIKE 'auth.login%' ORDER BY id`,
    );
    const organizationChain = `org:${cast.organizationId}`;
    expect(
      entries.filter((entry: any) => entry.action === 'auth.login_succeeded' && entry.chain === organizationChain)
        .length,
    ).toBeGreaterThanOrEqual(6);
    expect(entries.slice(-2)).toEqual([
      {
        chain: organizationChain,
        action: 'auth.login_failed',
        actor_user_id: cast.userIds.owner,
        actor_roles: ['project_owner'],
        entity_id: cast.userIds.owner,
        details: { email: 'owner@example.jp', reason: 'wrong_password' },
      },
      {
        chain: 'platform',
        action: 'auth.login_failed',
        actor_user_id: null,
        actor_roles: [],
        entity_id: null,
        details: { email: 'nobody@example.jp', reason: 'unknown_account' },
      },
    ]);
  });

  it('records permission denials, within the organization and across organizations', async () => {
    await t.http().get(auditPath()).set(as('owner')).expect(403);
    const foreign = '00000000-0000-4000-8000-000000000000';
    await t.http().get(`/api/v1/organizations/${foreign}/audit`).set(as('owner')).expect(404);
    const denials = await t.dataSource.query(
      `SELECT organization_id, actor_user_id, details FROM audit_entries WHERE action = 'access.denied' ORDER BY id`,
    );
    expect(denials).toEqual([
      expect.objectContaining({
        organization_id: cast.organizationId,
        actor_user_id: cast.userIds.owner,
        details: expect.objectContaining({ status: 403, method: 'GET' }),
      }),
      expect.objectContaining({
        organization_id: null,
        actor_user_id: cast.userIds.owner,
        details: expect.objectContaining({ status: 404, requestedOrganizationId: foreign }),
      }),
    ]);
  });

  it('is queryable by action, actor and time, and exports CSV for Excel, auditing the export', async () => {
    const byAction = (await t.http().get(auditPath()).query({ action: 'access.denied' }).set(as('planner')).expect(200))
      .body;
    expect(byAction.items.map((entry: any) => entry.action)).toEqual(['access.denied']);
    const byActor = (
      await t.http().get(auditPath()).query({ actorUserId: cast.userIds.owner }).set(as('planner')).expect(200)
    ).body;
    // The owner's denial above, and their own sign-ins, failed one included, in the organization's chain.
    expect(new Set(byActor.items.map((entry: any) => entry.actorUserId))).toEqual(new Set([cast.userIds.owner]));
    expect(byActor.items.map((entry: any) => entry.action)).toEqual(
      expect.arrayContaining(['access.denied', 'auth.login_failed', 'auth.login_succeeded']),
    );
    const future = (
      await t
        .http()
        .get(auditPath())
        .query({ from: new Date(Date.now() + 60_000).toISOString() })
        .set(as('planner'))
        .expect(200)
    ).body;
    expect(future.total).toBe(0);
    await t.http().get(auditPath()).query({ from: 'yesterday' }).set(as('planner')).expect(400);

    const csv = await t.http().get(`${auditPath()}/export.csv`).set(as('planner')).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const text = csv.text;
    // Each code has its Japanese right after it, and the actor's name stands beside their id.
    expect(text.startsWith('\uFEFF連番,日時,操作,操作の内容,操作者,操作者名,役割,役割名,対象種別,対象ID')).toBe(true);
    expect(text).toContain('access.denied');
    // 日時 in Japan time with its offset, as an auditor in Japan reads it: the same moment as the API's, to the second.
    const rows: Record<string, string>[] = parse(text, { bom: true, columns: true });
    const denial = rows.find((row) => row['操作'] === 'access.denied')!;
    // A refusal records no role in the organization, so neither column has one.
    expect(denial).toMatchObject({
      操作の内容: '拒否された操作',
      操作者: cast.userIds.owner,
      操作者名: 'owner',
      役割名: '',
    });
    expect(rows.find((row) => row['操作'] === 'department.created')).toMatchObject({
      操作の内容: '部署の追加',
      役割: 'administrator',
      役割名: 'システム管理者',
    });
    expect(denial['日時']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
    const occurredAt = Date.parse(byAction.items[0].occurredAt);
    expect(Date.parse(denial['日時'])).toBe(occurredAt - (occurredAt % 1000));
    const exported = (
      await t.http().get(auditPath()).query({ action: 'audit.exported' }).set(as('planner')).expect(200)
    ).body;
    expect(exported.items[0]).toMatchObject({
      actorUserId: cast.userIds.planner,
      details: { rows: expect.any(Number) },
    });
  });

  it('refuses, API and CSV alike and both in JSON, a period outside the days read or ending before it starts, recording no export', async () => {
    const exports = async () =>
      (await t.http().get(auditPath()).query({ action: 'audit.exported' }).set(as('planner')).expect(200)).body.total;
    const before = await exports();
    const outside = 'must be a date or a date-time from 1989-01-01 to the end of 2101-03-31 in Japan';
    const refusals: [Record<string, string>, { path: string; message: string }][] = [
      [{ from: '0000-01-01' }, { path: '/from', message: expect.stringContaining(`from ${outside}`) }],
      [{ to: '9999-12-31' }, { path: '/to', message: expect.stringContaining(`to ${outside}`) }],
      [
        { from: '2026-04-01', to: '2026-03-01' },
        { path: '/to', message: 'to must not be before from' },
      ],
    ];
    for (const [query, detail] of refusals)
      for (const url of [auditPath(), `${auditPath()}/export.csv`]) {
        const refused = await t.http().get(url).query(query).set(as('planner')).expect(400);
        // A refused export is no file: the error's body and type, not a CSV to save.
        expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(refused.headers['content-disposition']).toBeUndefined();
        expect(refused.body.details).toEqual([detail]);
      }
    await t.http().get(auditPath()).query({ from: '1989-01-01', to: '2026-04-01' }).set(as('planner')).expect(200);
    expect(await exports()).toBe(before);
  });

  it('exports a log longer than one read of the database whole, newest first', async () => {
    await t.dataSource.query(
      `INSERT INTO audit_entries (chain, organization_id, occurred_at, action, details)
       SELECT $1, $2, now(), 'test.bulk', jsonb_build_object('n', n) FROM generate_series(1, 2500) AS n`,
      [`org:${cast.organizationId}`, cast.organizationId],
    );
    const csv = await t
      .http()
      .get(`${auditPath()}/export.csv`)
      .query({ action: 'test.bulk' })
      .set(as('planner'))
      .expect(200);
    const lines = csv.text.trimEnd().split('\n').slice(1);
    expect(lines.map((line) => Number(/""n"":(\d+)/.exec(line)?.[1]))).toEqual(
      Array.from({ length: 2500 }, (_, index) => 2500 - index),
    );
    const exported = (
      await t.http().get(auditPath()).query({ action: 'audit.exported' }).set(as('planner')).expect(200)
    ).body;
    expect(exported.items[0].details).toMatchObject({ filters: { action: 'test.bulk' }, rows: 2500 });
  });

  it('records the creation and edits of projects and departments with field-level before and after', async () => {
    const projects = `/api/v1/organizations/${cast.organizationId}/projects`;
    const project = (
      await t
        .http()
        .post(projects)
        .set(as('owner'))
        .send({
          departmentId: cast.departmentId,
          name: '監査される事業',
          grantTypeCode: 'promotion',
          planStartFiscalYear: 2022,
          planEndFiscalYear: 2024,
          overview: '地域の販路を開拓する。',
          kpis: [{ position: 1, name: '指標', baseline: 5, unit: '件' }],
        })
        .expect(201)
    ).body;
    const created = (await t.http().get(auditPath()).query({ action: 'project.created' }).set(as('admin')).expect(200))
      .body.items;
    expect(created[0]).toMatchObject({ entityId: project.id, actorUserId: cast.userIds.owner });
    // Every field the project starts with, as an edit from nothing; those it starts without are left out.
    expect(created[0].details).toEqual({
      name: '監査される事業',
      changes: [
        { path: '/name', before: null, after: '監査される事業' },
        { path: '/departmentId', before: null, after: cast.departmentId },
        { path: '/grantTypeCode', before: null, after: 'promotion' },
        { path: '/planStartFiscalYear', before: null, after: 2022 },
        { path: '/planEndFiscalYear', before: null, after: 2024 },
        { path: '/overview', before: null, after: '地域の販路を開拓する。' },
        { path: '/kpis/0/position', before: null, after: 1 },
        { path: '/kpis/0/name', before: null, after: '指標' },
        { path: '/kpis/0/baseline', before: null, after: 5 },
        { path: '/kpis/0/unit', before: null, after: '件' },
        { path: '/kpis/0/direction', before: null, after: 'higher_is_better' },
      ],
    });
    await t
      .http()
      .patch(`${projects}/${project.id}`)
      .set(as('owner'))
      .send({ version: project.version, name: '名称を変えた事業', kpis: [{ position: 1, name: '指標', target: 10 }] })
      .expect(200);
    await renameDepartment(t, cast.tokens.admin, cast.organizationId, cast.departmentId, '経済観光部');
    const edits = (await t.http().get(auditPath()).query({ action: 'project.edited' }).set(as('admin')).expect(200))
      .body.items;
    expect(edits[0]).toMatchObject({ entityId: project.id, actorUserId: cast.userIds.owner });
    expect(edits[0].details.changes).toEqual(
      expect.arrayContaining([
        { path: '/name', before: '監査される事業', after: '名称を変えた事業' },
        { path: '/kpis/0/target', before: null, after: 10 },
      ]),
    );
    const renamed = (
      await t.http().get(auditPath()).query({ action: 'department.renamed' }).set(as('admin')).expect(200)
    ).body.items;
    expect(renamed[0].details.changes).toEqual([{ path: '/name', before: '経済部', after: '経済観光部' }]);
  });

  describe('a new municipality (create-admin, INITIAL_ADMIN_*)', () => {
    const chainOf = (organizationId: string) =>
      t.dataSource.query(
        `SELECT action, actor_user_id, actor_roles, entity_type, details FROM audit_entries
          WHERE organization_id = $1 ORDER BY id`,
        [organizationId],
      );

    it('begins its chain with its creation, then its first administrator’s account and role, by the system', async () => {
      const admin = await t.app.get(AdministratorBootstrap).createAdministrator({
        email: 'first.admin@012025.example.jp',
        password: 'a passphrase for the first admin',
        organizationCode: '012025',
        organizationName: ' 函館市 ',
      });
      const [{ organizationId }] = admin.memberships!;
      const entries = await chainOf(organizationId);
      expect(entries.map((entry: { action: string }) => entry.action)).toEqual([
        'organization.created',
        'user.created',
        'membership.granted',
      ]);
      expect(entries[0]).toEqual({
        action: 'organization.created',
        actor_user_id: null,
        actor_roles: ['system'],
        entity_type: 'organization',
        details: { name: '函館市', localGovernmentCode: '012025' },
      });
      // The role's entry names the membership, which its removal will name too.
      expect(entries[2].details).toEqual({
        membershipId: admin.memberships![0].id,
        role: 'administrator',
        departmentId: null,
      });
    });

    it('is not created without its first administrator', async () => {
      await withAuditRefusing(t.superuserUrl, 'user.created', () =>
        expect(
          t.app.get(AdministratorBootstrap).createAdministrator({
            email: 'first.admin@012033.example.jp',
            password: 'a passphrase for the first admin',
            organizationCode: '012033',
            organizationName: '小樽市',
          }),
        ).rejects.toThrow(/audit log unavailable/),
      );
      expect(await t.dataSource.query(`SELECT id FROM organizations WHERE local_government_code = '012033'`)).toEqual(
        [],
      );
      expect(
        await t.dataSource.query(`SELECT id FROM audit_entries WHERE details->>'localGovernmentCode' = '012033'`),
      ).toEqual([]);
    });
  });

  describe('a change that changes nothing', () => {
    const org = (path = '') => `/api/v1/organizations/${cast.organizationId}${path}`;
    const entries = (action: string, entityId: string) =>
      t.dataSource.query(`SELECT details FROM audit_entries WHERE action = $1 AND entity_id = $2`, [action, entityId]);

    it('answers with the department or settings as they are, and writes no entry', async () => {
      const department = (
        await t.http().post(org('/departments')).set(as('admin')).send({ name: '総務部' }).expect(201)
      ).body;
      const renamed = await t
        .http()
        .patch(org(`/departments/${department.id}`))
        .set(as('admin'))
        .send({ name: '総務部', checksum: department.checksum })
        .expect(200);
      expect(renamed.body).toEqual(department);

      const organization = (await t.http().get(org()).set(as('admin')).expect(200)).body;
      const { publishPanelMemberNames, openDataLicence, openDataLicenceUrl, settingsChecksum } = organization;
      const saved = await t
        .http()
        .patch(org('/settings'))
        .set(as('admin'))
        .send({ publishPanelMemberNames, openDataLicence, openDataLicenceUrl, settingsChecksum })
        .expect(200);
      expect(saved.body).toEqual(organization);

      expect(await entries('department.renamed', department.id)).toEqual([]);
      expect(await entries('organization.settings_changed', cast.organizationId)).toEqual([]);
    });

    it('says so on the pages, in Japanese, instead of saying it was changed', async () => {
      const cookie = await sessionCookie(t, 'admin@012041.example.jp');
      const page = (path: string) => `/o/${cast.organizationId}/admin/${path}`;
      const renamesBefore = (await entries('department.renamed', cast.departmentId)).length;
      const departments = (await t.http().get(org('/departments')).set(as('admin')).expect(200)).body;
      const { name } = departments.find((department: { id: string }) => department.id === cast.departmentId);
      const sameName = await sendPageForm(t, cookie, page('departments'), page(`departments/${cast.departmentId}`), {
        [`/departments/${cast.departmentId}/name`]: name,
      });
      expect(sameName.status).toBe(303);
      const departmentsPage = await t.http().get(sameName.headers.location).set('Cookie', cookie).expect(200);
      expect(shownText(departmentsPage.text)).toContain('部署名は、これまでと同じです。変更はありません。');

      const sameSettings = await sendPageForm(t, cookie, page('organization'), page('organization/publication'));
      expect(sameSettings.status).toBe(303);
      const settings = await t.http().get(sameSettings.headers.location).set('Cookie', cookie).expect(200);
      expect(shownText(settings.text)).toContain('公表ページの設定は、これまでと同じです。変更はありません。');

      expect(await entries('department.renamed', cast.departmentId)).toHaveLength(renamesBefore);
      expect(await entries('organization.settings_changed', cast.organizationId)).toEqual([]);
    });
  });

  describe('before-values', () => {
    const org = (path = '') => `/api/v1/organizations/${cast.organizationId}${path}`;

    /** Runs `request` while another transaction holds `table`'s row `id`, changes it with `sql` and commits. */
    async function changedMeanwhile(table: string, id: string, sql: string, request: () => Promise<Response>) {
      const other = await holdRow(t.dataSource, table, id);
      const answer = (async () => await request())();
      try {
        expect(await lockWaitersOutsidePool(t.superuserUrl, 1)).toBe(1);
        await other.query(sql, [id]);
        await other.commitTransaction();
      } finally {
        if (other.isTransactionActive) await other.rollbackTransaction();
        await other.release();
      }
      return answer;
    }

    it('of a rename are read under the department’s lock: a rename committed meanwhile is the before', async () => {
      const department = (
        await t.http().post(org('/departments')).set(as('admin')).send({ name: '企画部' }).expect(201)
      ).body;
      // Sent as read once the other rename is in: read before it, it would be refused (409) as stale.
      const renamed = await changedMeanwhile(
        'departments',
        department.id,
        `UPDATE departments SET name = '総合企画部' WHERE id = $1`,
        () =>
          t
            .http()
            .patch(org(`/departments/${department.id}`))
            .set(as('admin'))
            .send({ name: '企画財政部', checksum: departmentChecksum({ name: '総合企画部' }) }),
      );
      expect(renamed.status).toBe(200);
      const [entry] = await t.dataSource.query(
        `SELECT details FROM audit_entries WHERE action = 'department.renamed' AND entity_id = $1`,
        [department.id],
      );
      expect(entry.details.changes).toEqual([{ path: '/name', before: '総合企画部', after: '企画財政部' }]);
    });

    it('of settings are read under the organization’s lock: a change committed meanwhile is the before', async () => {
      const read = (await t.http().get(org()).set(as('admin')).expect(200)).body;
      // Sent as read once the other change is in: read before it, it would be refused (409) as stale.
      const settingsChecksum = settingsChecksumOf({ ...read, openDataLicence: '独自の利用条件' });
      const saved = await changedMeanwhile(
        'organizations',
        cast.organizationId,
        `UPDATE organizations SET open_data_licence = '独自の利用条件' WHERE id = $1`,
        () =>
          t
            .http()
            .patch(org('/settings'))
            .set(as('admin'))
            .send({ openDataLicence: '公共データ利用規約', settingsChecksum }),
      );
      expect(saved.status).toBe(200);
      const [entry] = await t.dataSource.query(
        `SELECT details FROM audit_entries WHERE action = 'organization.settings_changed' AND entity_id = $1`,
        [cast.organizationId],
      );
      expect(entry.details.changes).toEqual([
        { path: '/openDataLicence', before: '独自の利用条件', after: '公共データ利用規約' },
      ]);
    });
  });

  it('cannot be changed or deleted through the database, even by the app', async () => {
    const refused = /permission denied for table audit_entries/;
    await expect(t.dataSource.query(`UPDATE audit_entries SET action = 'nothing'`)).rejects.toThrow(refused);
    // The app may set the chain columns of an unsealed entry, once: a sealed entry stays as it is.
    await t.http().get(`${auditPath()}/verify`).set(as('admin')).expect(200);
    await expect(
      t.dataSource.query(`UPDATE audit_entries SET hash = repeat('0', 64) WHERE hash IS NOT NULL`),
    ).rejects.toThrow(/only sealing an unsealed entry is allowed/);
    await expect(t.dataSource.query(`DELETE FROM audit_entries`)).rejects.toThrow(refused);
    await expect(t.dataSource.query(`TRUNCATE audit_entries`)).rejects.toThrow(refused);
  });

  it('detects an entry edited directly in SQL, naming it (API and CLI)', async () => {
    const ok = (await t.http().get(`${auditPath()}/verify`).set(as('admin')).expect(200)).body;
    expect(ok).toMatchObject({ ok: true });
    const [target] = await t.dataSource.query(
      `SELECT id, sequence FROM audit_entries WHERE organization_id = $1 ORDER BY sequence LIMIT 1 OFFSET 1`,
      [cast.organizationId],
    );

    // A superuser bypassing the trigger, as an attacker with database access would.
    const superuser = new Client({ connectionString: t.superuserUrl });
    await superuser.connect();
    await superuser.query(`SET session_replication_role = replica`);
    await superuser.query(`UPDATE audit_entries SET details = '{"status": 200}' WHERE id = $1`, [target.id]);
    await superuser.end();

    const broken = (await t.http().get(`${auditPath()}/verify`).set(as('admin')).expect(200)).body;
    expect(broken).toMatchObject({
      ok: false,
      firstBroken: { id: target.id, sequence: target.sequence, reason: expect.stringMatching(/does not match/) },
    });
    await t.http().get(`${auditPath()}/verify`).set(as('planner')).expect(403);

    const cli = runCli(t, ['audit:verify']);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`organization 012041: BROKEN at entry id ${target.id} (sequence ${target.sequence})`);
    expect(cli.stdout).toMatch(/platform: OK/);
    expect(cli.status).toBe(1);
    // Chains are verified side by side on threads, and reported in the same order on any number of them.
    expect(runCli(t, ['audit:verify', '--threads', '1']).stdout).toBe(cli.stdout);
    const threads = runCli(t, ['audit:verify', '--threads', '0']);
    expect(threads.stderr).toMatch(/--threads must be a whole number of 1 or more, not 0/);
    expect(threads.status).toBe(1);
    const unknown = runCli(t, ['audit:verify', '--organization-code', '999999']);
    expect(unknown.stderr).toMatch(/No organization with code 999999/);
    expect(unknown.status).toBe(1);
  });

  it('is verified by the CLI with one line saying there is nothing to verify while no entry has been written', async () => {
    const empty = await createSuiteDatabase();
    try {
      const cli = runCli(t, ['audit:verify'], empty.settings);
      expect(cli.stderr).toBe('');
      expect(cli.stdout).toBe('No audit entries yet: nothing to verify (0 entries).\n');
      expect(cli.status).toBe(0);
    } finally {
      await empty.drop();
    }
  });
});
