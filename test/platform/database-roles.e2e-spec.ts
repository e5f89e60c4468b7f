import { Client } from 'pg';
import { type EntityManager } from 'typeorm';
import { Transactions } from '../../src/infra/database/transactions';
import { Given } from '../medium/support/given';
import { createTestApp, seedOrganization, signIn, type TestApp } from '../support/test-app';

describe('Database roles', () => {
  let t: TestApp;
  /** The app's own role, on a connection of its own so a test can hold a transaction open. */
  let app: Client;
  /** The role migrations run as. */
  let owner: Client;

  beforeAll(async () => {
    t = await createTestApp();
    app = new Client({ connectionString: t.config.databaseUrl });
    owner = new Client({ connectionString: t.config.databaseOwnerUrl });
    await Promise.all([app.connect(), owner.connect()]);
  });

  afterAll(async () => {
    await Promise.all([app?.end(), owner?.end()]);
    await t.close();
  });

  const rows = async (client: Client, sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows;

  describe("the app's role", () => {
    it('is no superuser, does not bypass row-level security and owns nothing', async () => {
      expect(await rows(app, 'SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')).toEqual([
        { rolsuper: false, rolbypassrls: false },
      ]);
      const owned = await rows(
        app,
        `SELECT relname AS name FROM pg_class WHERE relowner = current_user::regrole AND relnamespace = 'public'::regnamespace
         UNION ALL SELECT proname FROM pg_proc WHERE proowner = current_user::regrole AND pronamespace = 'public'::regnamespace
         UNION ALL SELECT typname FROM pg_type WHERE typowner = current_user::regrole AND typnamespace = 'public'::regnamespace`,
      );
      expect(owned).toEqual([]);
    });

    it('may only add and read audit entries, report editions and withdrawals, which are insert-only', async () => {
      for (const table of ['audit_entries', 'report_editions', 'report_withdrawals']) {
        const privileges = await rows(
          app,
          `SELECT privilege FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS privilege
           WHERE has_table_privilege($1, privilege)`,
          [table],
        );
        expect({ table, privileges: privileges.map((row) => row.privilege) }).toEqual({
          table,
          privileges: ['SELECT', 'INSERT'],
        });
        await expect(app.query(`UPDATE ${table} SET organization_id = organization_id`)).rejects.toThrow(
          `permission denied for table ${table}`,
        );
        await expect(app.query(`DELETE FROM ${table}`)).rejects.toThrow(`permission denied for table ${table}`);
      }
    });

    it('cannot switch the triggers, row-level security or replication mode off, nor change the schema', async () => {
      await expect(app.query('ALTER TABLE audit_entries DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
      await expect(
        app.query('ALTER TABLE result_reports DISABLE TRIGGER result_reports_published_frozen'),
      ).rejects.toThrow(/must be owner/);
      await expect(app.query('DROP TRIGGER report_editions_permanent ON report_editions')).rejects.toThrow(
        /must be owner/,
      );
      await expect(app.query('ALTER TABLE result_reports DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
      await expect(app.query('SET session_replication_role = replica')).rejects.toThrow(
        /permission denied to set parameter "session_replication_role"/,
      );
      await expect(app.query('CREATE TABLE shadow (id int)')).rejects.toThrow(/permission denied for schema public/);
      await expect(app.query('SELECT * FROM schema_migrations')).rejects.toThrow(/permission denied/);
    });
  });

  it('still stops the owner role, which migrations run as, at the triggers', async () => {
    await expect(owner.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    await expect(owner.query('TRUNCATE report_editions')).rejects.toThrow(/permanent/);
    await expect(owner.query('TRUNCATE report_withdrawals')).rejects.toThrow(/permanent/);
  });

  describe('row-level security', () => {
    it('is on, with a policy, for every table whose rows belong to an organization', async () => {
      const unguarded = await rows(
        owner,
        `SELECT c.relname AS table FROM information_schema.columns col
         JOIN pg_class c ON c.relname = col.table_name AND c.relnamespace = 'public'::regnamespace
         WHERE col.table_schema = 'public' AND col.column_name = 'organization_id'
           AND NOT (c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
         ORDER BY 1`,
      );
      expect(unguarded).toEqual([]);
    });

    it("confines a transaction working for one organization to that organization's rows", async () => {
      const given = new Given(t.dataSource);
      const [a, b] = [await given.organization(), await given.organization()];
      const projectOf = async (organization: typeof a) => given.project(await given.department(organization, '経済部'));
      const [projectA, projectB] = [await projectOf(a), await projectOf(b)];
      const [reportA, reportB] = [await given.report(projectA), await given.report(projectB)];

      await app.query('BEGIN');
      try {
        await app.query(`SELECT set_config('app.organization_id', $1, true)`, [a.id]);
        expect(await rows(app, 'SELECT id FROM grant_projects')).toEqual([{ id: projectA.id }]);
        expect(await rows(app, 'SELECT id FROM result_reports')).toEqual([{ id: reportA.id }]);
        expect(await rows(app, 'SELECT id FROM grant_projects WHERE id = $1', [projectB.id])).toEqual([]);
        expect(await rows(app, 'SELECT id FROM result_reports WHERE organization_id = $1', [b.id])).toEqual([]);
        expect((await app.query('UPDATE grant_projects SET name = name WHERE id = $1', [projectB.id])).rowCount).toBe(
          0,
        );
        await app.query('SAVEPOINT foreign_insert');
        await expect(
          app.query(`INSERT INTO departments (organization_id, name) VALUES ($1, '潜入課')`, [b.id]),
        ).rejects.toThrow(/violates row-level security policy/);
        await app.query('ROLLBACK TO SAVEPOINT foreign_insert');
      } finally {
        await app.query('ROLLBACK');
      }

      // Outside an organization's transaction (workers, CLI, sign-in) the rows are not narrowed: the app's own scoping
      // is the only wall there.
      expect(
        await rows(app, 'SELECT id FROM result_reports WHERE id = ANY($1)', [[reportA.id, reportB.id]]),
      ).toHaveLength(2);
    });

    it("runs an organization request's transactions for that organization, and other work for none", async () => {
      const transactions = t.app.get(Transactions);
      const run = transactions.run.bind(transactions);
      const seen: (string | null)[] = [];
      const spy = jest.spyOn(transactions, 'run').mockImplementation((work) =>
        run(async (manager: EntityManager) => {
          const [{ organization }] = await manager.query(
            `SELECT nullif(current_setting('app.organization_id', true), '') AS organization`,
          );
          seen.push(organization);
          return work(manager);
        }),
      );
      try {
        const { organizationId, adminEmail } = await seedOrganization(t, '012041', '旭川市');
        expect(seen.length).toBeGreaterThan(0);
        expect(new Set(seen)).toEqual(new Set([null]));

        const token = await signIn(t, adminEmail);
        seen.length = 0;
        await t
          .http()
          .post(`/api/v1/organizations/${organizationId}/departments`)
          .set({ Authorization: `Bearer ${token}` })
          .send({ name: '企画政策課' })
          .expect(201);
        expect(seen).toEqual([organizationId]);
      } finally {
        spy.mockRestore();
      }
    });
  });
});
