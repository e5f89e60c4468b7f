import { castAsahikawa, type Cast } from '../support/organization-scenario';
import { PlatformOperators } from '../../src/users/platform-operators';
import { runCli } from '../support/cli';
import { eventually } from '../support/smtp-sink';
import { createTestApp, type TestApp } from '../support/test-app';

/** The BullMQ dashboard holds every municipality's jobs: only platform operators, granted by the CLI, reach it. */
describe('Queue dashboard', () => {
  let t: TestApp;
  let cast: Cast;
  const as = (name: string) => ({ Authorization: `Bearer ${cast.tokens[name]}` });
  const denials = () =>
    t.dataSource.query(
      `SELECT chain, actor_user_id, details FROM audit_entries
       WHERE action = 'access.denied' AND details->>'path' LIKE '/admin/queues%' ORDER BY id`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    cast = await castAsahikawa(t);
  });

  afterAll(() => t.close());

  it('refuses a caller without a session with 401 and an administrator of an organization with 403, auditing both', async () => {
    const anonymous = await t.http().get('/admin/queues').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, message: 'Sign-in required.' });
    const administrator = await t.http().get('/admin/queues/api/queues').set(as('admin')).expect(403);
    expect(administrator.body.message).toMatch(/platform operators/);
    await t.http().put('/admin/queues/api/queues/notification-events/pause').set(as('admin')).expect(403);
    expect(await denials()).toEqual([
      {
        chain: 'platform',
        actor_user_id: null,
        details: expect.objectContaining({ path: '/admin/queues', status: 401 }),
      },
      {
        chain: 'platform',
        actor_user_id: cast.userIds.admin,
        details: expect.objectContaining({ method: 'GET', path: '/admin/queues/api/queues', status: 403 }),
      },
      expect.objectContaining({ details: expect.objectContaining({ method: 'PUT', status: 403 }) }),
    ]);
  });

  it('opens to a platform operator granted by the CLI, and closes again when revoked, audited', async () => {
    const granted = runCli(t, ['grant-operator', '--email', 'Admin@012041.example.jp']);
    expect(granted.stderr).toBe('');
    expect(granted.status).toBe(0);
    expect((await t.http().get('/admin/queues').set(as('admin')).expect(200)).text).toContain('<');
    const api = await t.http().get('/admin/queues/api/queues').set(as('admin')).expect(200);
    expect(JSON.stringify(api.body)).toContain('notification-events');

    expect(runCli(t, ['grant-operator', '--email', 'admin@012041.example.jp', '--revoke']).status).toBe(0);
    await t.http().get('/admin/queues').set(as('admin')).expect(403);
    const grants = await t.dataSource.query(
      `SELECT chain, action, entity_id, details FROM audit_entries WHERE action LIKE 'user.platform_operator_%' ORDER BY id`,
    );
    expect(grants).toEqual([
      {
        chain: 'platform',
        action: 'user.platform_operator_granted',
        entity_id: cast.userIds.admin,
        details: { email: 'admin@012041.example.jp' },
      },
      expect.objectContaining({ action: 'user.platform_operator_revoked', entity_id: cast.userIds.admin }),
    ]);
  }, 120_000); // two runs of the CLI, each compiling the app as an operator's `npm run cli` does

  it('changes nothing and records nothing when the role is granted to an operator or taken from someone without it', async () => {
    const operators = t.app.get(PlatformOperators);
    const entries = () =>
      t.dataSource.query(`SELECT id FROM audit_entries WHERE action LIKE 'user.platform_operator_%'`);
    const before = await entries();

    expect(await operators.set('admin@012041.example.jp', false)).toBe('unchanged');
    expect(await operators.set('admin@012041.example.jp', true)).toBe('changed');
    expect(await operators.set('admin@012041.example.jp', true)).toBe('unchanged');
    expect(await operators.set('admin@012041.example.jp', false)).toBe('changed');
    expect(await operators.set('nobody@012041.example.jp', true)).toBe('no_such_user');

    expect(await entries()).toHaveLength(before.length + 2);
  });

  it("audits each change an operator makes once it is answered with success, in the platform chain; reads and failures aren't", async () => {
    const operators = t.app.get(PlatformOperators);
    await operators.set('admin@012041.example.jp', true);
    const dashboard = (method: 'get' | 'put', path: string) =>
      t.http()[method](`/admin/queues${path}`).set(as('admin'));
    await dashboard('put', '/api/queues/notification-events/pause').expect(200);
    await dashboard('get', '/api/queues').expect(200);
    await dashboard('put', '/api/queues/no-such-queue/pause').expect(404);
    await dashboard('put', '/api/queues/notification-events/resume').expect(200);
    await operators.set('admin@012041.example.jp', false);

    const changes = await eventually(
      () =>
        t.dataSource.query(
          `SELECT chain, actor_user_id, details, request_id <> '' AS identified FROM audit_entries
           WHERE action = 'queue_dashboard.changed' ORDER BY id`,
        ),
      (rows) => rows.length >= 2,
    );
    expect(changes).toEqual([
      {
        chain: 'platform',
        actor_user_id: cast.userIds.admin,
        details: { operation: 'PUT /api/queues/notification-events/pause', status: 200 },
        identified: true,
      },
      {
        chain: 'platform',
        actor_user_id: cast.userIds.admin,
        details: { operation: 'PUT /api/queues/notification-events/resume', status: 200 },
        identified: true,
      },
    ]);
  });
});
