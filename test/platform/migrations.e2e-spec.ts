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

  it('gives reports that existed before plans were kept a copy of their project as it is at migration', async () => {
    const name = `kpiv_test_migrations_plans_${process.pid}`;
    await dropDatabase(name);
    await createDatabase(name);
    const options = typeOrmOptions(databaseUrl(name));
    const all = new DataSource(options);
    await all.initialize();
    // In the order they run: by the timestamp that ends each class name.
    const timestamp = (migration: { name: string }) => Number(/\d+$/.exec(migration.name)?.[0]);
    const migrations = all.migrations
      .map((migration) => migration.constructor as new () => object)
      .sort((a, b) => timestamp(a) - timestamp(b));
    await all.destroy();
    const untilPlans = migrations.findIndex((migration) => migration.name.startsWith('YearPlansAndEditions'));
    const before = await new DataSource({ ...options, migrations: migrations.slice(0, untilPlans) }).initialize();
    try {
      await before.runMigrations({ transaction: 'each' });
      const [{ id: organizationId }] = await before.query(
        `INSERT INTO organizations (name, local_government_code) VALUES ('旭川市', '012041') RETURNING id`,
      );
      const [{ id: departmentId }] = await before.query(
        `INSERT INTO departments (organization_id, name) VALUES ($1, '経済部') RETURNING id`,
        [organizationId],
      );
      const [{ id: projectId }] = await before.query(
        `INSERT INTO grant_projects (organization_id, department_id, name, grant_type_code, plan_start_fiscal_year, plan_end_fiscal_year, version)
         VALUES ($1, $2, '青少年ICTパークプロジェクト', 'promotion', 2020, 2024, 1) RETURNING id`,
        [organizationId, departmentId],
      );
      await before.query(
        `INSERT INTO kpi_definitions (project_id, position, name, baseline, target, unit, target_year_month)
         VALUES ($1, 1, '情報通信業就職者数', 0, 32, '人', '2025-03')`,
        [projectId],
      );
      await before.query(
        `INSERT INTO result_reports (organization_id, project_id, fiscal_year, status, version) VALUES ($1, $2, 2022, 'published', 1)`,
        [organizationId, projectId],
      );
      await before.destroy();

      const after = await new DataSource(options).initialize();
      await after.runMigrations({ transaction: 'each' });
      const [plan] = await after.query('SELECT * FROM report_plans');
      await after.destroy();
      expect(plan).toMatchObject({
        name: '青少年ICTパークプロジェクト',
        department_name: '経済部',
        grant_type_label: '地方創生推進交付金',
        plan_start_fiscal_year: 2020,
        plan_end_fiscal_year: 2024,
        kpis: [
          {
            position: 1,
            name: '情報通信業就職者数',
            baseline: 0,
            target: 32,
            unit: '人',
            targetYearMonth: '2025-03',
            direction: 'higher_is_better',
          },
        ],
      });
    } finally {
      if (before.isInitialized) await before.destroy();
      await dropDatabase(name);
    }
  });
});
