import { Client } from 'pg';
import { type EntityManager } from 'typeorm';
import { inOrganizationScope } from '../../../src/infra/database/organization-scope';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * Every statement with parameters is parsed and planned once per connection (PreparingClient); what it answers, and
 * what a statement without parameters may hold, stay as they were.
 */
describe('Statements prepared once per connection', () => {
  let app: MediumApp;

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  const prepared = async (run: (query: (sql: string, parameters?: unknown[]) => Promise<unknown>) => Promise<void>) => {
    const runner = app.dataSource.createQueryRunner();
    try {
      await run((sql, parameters) => runner.query(sql, parameters));
      return ((await runner.query('SELECT statement FROM pg_prepared_statements')) as { statement: string }[]).map(
        ({ statement }) => statement,
      );
    } finally {
      await runner.release();
    }
  };

  it('prepares a statement with parameters once on its connection, and answers each run with its own values', async () => {
    const answers: unknown[] = [];
    const statements = await prepared(async (query) => {
      for (const value of [1, 2]) answers.push(await query('SELECT $1::int + 40 AS answer', [value]));
    });

    expect(answers).toEqual([[{ answer: 41 }], [{ answer: 42 }]]);
    expect(statements.filter((statement) => statement === 'SELECT $1::int + 40 AS answer')).toHaveLength(1);
  });

  it('sends a statement without parameters as it is, so that one string may hold several', async () => {
    const statements = await prepared(async (query) => {
      await query('SELECT 1; SELECT 2');
    });

    expect(statements).not.toContain('SELECT 1; SELECT 2');
  });

  describe("a transaction begun in an organization's scope", () => {
    const organizationOf = async (manager: EntityManager) => {
      const [{ organization }] = await manager.query<{ organization: string | null }[]>(
        `SELECT nullif(current_setting('app.organization_id', true), '') AS organization`,
      );
      return organization;
    };

    it("is that organization's from its BEGIN on, in the same round trip", async () => {
      const sent = jest.spyOn(Client.prototype, 'query');
      try {
        // Not a UUID: the value is written into the statement as a literal, so it must be quoted as one.
        const organization = await inOrganizationScope("o'rganization", () =>
          app.dataSource.transaction(organizationOf),
        );

        expect(organization).toBe("o'rganization");
        const texts = sent.mock.calls.map(([query]: unknown[]) =>
          typeof query === 'string' ? query : (query as { text: string }).text,
        );
        expect(texts.filter((text) => text.includes('set_config'))).toHaveLength(1);
        expect(texts[0]).toMatch(/^START TRANSACTION; SELECT set_config/);
      } finally {
        sent.mockRestore();
      }
    });

    it("is no organization's outside a scope, and the setting ends with the transaction", async () => {
      expect(await app.dataSource.transaction(organizationOf)).toBeNull();
      const runner = app.dataSource.createQueryRunner();
      try {
        await inOrganizationScope('c0ffee00-0000-4000-8000-000000000000', async () => {
          await runner.startTransaction();
          expect(await organizationOf(runner.manager)).toBe('c0ffee00-0000-4000-8000-000000000000');
          await runner.commitTransaction();
        });
        expect(await organizationOf(runner.manager)).toBeNull();
      } finally {
        await runner.release();
      }
    });
  });

  it('still answers when the table under a prepared statement gains columns', async () => {
    const answers: unknown[] = [];
    await prepared(async (query) => {
      await query('CREATE TEMPORARY TABLE scratch (id int, label text)');
      await query(`INSERT INTO scratch VALUES (1, 'one')`);
      answers.push(await query('SELECT id, label FROM scratch WHERE id = $1', [1]));
      await query('ALTER TABLE scratch ADD COLUMN extra int');
      answers.push(await query('SELECT id, label FROM scratch WHERE id = $1', [1]));
    });

    expect(answers).toEqual([[{ id: 1, label: 'one' }], [{ id: 1, label: 'one' }]]);
  });

  it('fails once when a selected column changed type, then prepares the statement anew', async () => {
    const answers: unknown[] = [];
    await prepared(async (query) => {
      await query('CREATE TEMPORARY TABLE retyped (id int, label text)');
      await query(`INSERT INTO retyped VALUES (1, 'one')`);
      await query('SELECT id, label FROM retyped WHERE id = $1', [1]);
      await query('ALTER TABLE retyped ALTER COLUMN label TYPE varchar(10)');
      answers.push(
        await query('SELECT id, label FROM retyped WHERE id = $1', [1]).catch((error: Error) => error.message),
      );
      answers.push(await query('SELECT id, label FROM retyped WHERE id = $1', [1]));
    });

    expect(answers).toEqual(['cached plan must not change result type', [{ id: 1, label: 'one' }]]);
  });
});
