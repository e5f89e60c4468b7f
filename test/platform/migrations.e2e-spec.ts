import { DataSource } from 'typeorm';
import { typeOrmOptions } from '../../src/infra/database/typeorm-options';
import { createDatabase, databaseUrl, dropDatabase } from '../support/test-database';

describe('Migrations', () => {
  const name = `kpiv_test_migrations_${process.pid}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    await dropDatabase(name);
    await createDatabase(name);
    dataSource = await new DataSource(typeOrmOptions(databaseUrl(name))).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(name);
  });

  const tables = async () =>
    (
      await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      )
    ).map((row: { table_name: string }) => row.table_name);

  it('run from an empty database to the latest, leave nothing for the entities to differ on, and go all the way back down', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(
      expect.arrayContaining(['organizations', 'departments', 'users', 'memberships', 'sessions']),
    );

    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);

    for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['schema_migrations']);
    const types = await dataSource.query(
      `SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'`,
    );
    expect(types).toEqual([]);
  });
});
