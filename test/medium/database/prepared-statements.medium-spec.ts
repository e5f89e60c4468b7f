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
