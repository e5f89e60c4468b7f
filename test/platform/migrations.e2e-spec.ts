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

  /**
   * Data as it stood before the migration named `first` (written by `given` on the database migrated up to it), then
   * that migration and every later one; `check` reads the result.
   */
  async function migratingData(
    first: string,
    given: (before: DataSource) => Promise<void>,
    check: (after: DataSource) => Promise<void>,
  ): Promise<void> {
    const name = `kpiv_test_migrations_data_${process.pid}`;
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
    const until = migrations.findIndex((migration) => migration.name.startsWith(first));
    const before = await new DataSource({ ...options, migrations: migrations.slice(0, until) }).initialize();
    const after = new DataSource(options);
    try {
      await before.runMigrations({ transaction: 'each' });
      await given(before);
      await before.destroy();
      await after.initialize();
      await after.runMigrations({ transaction: 'each' });
      await check(after);
    } finally {
      if (before.isInitialized) await before.destroy();
      if (after.isInitialized) await after.destroy();
      await dropDatabase(name);
    }
  }

  /** An organization, department and project as the first migrations shaped them; their ids. */
  async function givenProject(on: DataSource) {
    const [{ id: organizationId }] = await on.query(
      `INSERT INTO organizations (name, local_government_code) VALUES ('旭川市', '012041') RETURNING id`,
    );
    const [{ id: departmentId }] = await on.query(
      `INSERT INTO departments (organization_id, name) VALUES ($1, '経済部') RETURNING id`,
      [organizationId],
    );
    const [{ id: projectId }] = await on.query(
      `INSERT INTO grant_projects (organization_id, department_id, name, grant_type_code, plan_start_fiscal_year, plan_end_fiscal_year, version)
       VALUES ($1, $2, '青少年ICTパークプロジェクト', 'promotion', 2020, 2024, 1) RETURNING id`,
      [organizationId, departmentId],
    );
    return { organizationId, projectId };
  }

  it('gives reports that existed before plans were kept a copy of their project as it is at migration', async () => {
    await migratingData(
      'YearPlansAndEditions',
      async (before) => {
        const { organizationId, projectId } = await givenProject(before);
        await before.query(
          `INSERT INTO kpi_definitions (project_id, position, name, baseline, target, unit, target_year_month)
           VALUES ($1, 1, '情報通信業就職者数', 0, 32, '人', '2025-03')`,
          [projectId],
        );
        await before.query(
          `INSERT INTO result_reports (organization_id, project_id, fiscal_year, status, version) VALUES ($1, $2, 2022, 'published', 1)`,
          [organizationId, projectId],
        );
      },
      async (after) => {
        const [plan] = await after.query('SELECT * FROM report_plans');
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
      },
    );
  });

  it('gives editions published before panels were kept the panel their public page showed, and keeps them permanent', async () => {
    await migratingData(
      'EditionPanelMembers',
      async (before) => {
        const { organizationId, projectId } = await givenProject(before);
        const report = async (fiscalYear: number) =>
          (
            await before.query(
              `INSERT INTO result_reports (organization_id, project_id, fiscal_year, status, version) VALUES ($1, $2, $3, 'published', 1) RETURNING id`,
              [organizationId, projectId, fiscalYear],
            )
          )[0].id as string;
        const [reviewed, imported] = [await report(2022), await report(2021)];
        for (const reportId of [reviewed, imported])
          await before.query(
            `INSERT INTO report_editions (organization_id, report_id, edition, report_version, published_at, snapshot)
             VALUES ($1, $2, 1, 1, now(), '{}')`,
            [organizationId, reportId],
          );
        for (const [name, status, opinion] of [
          ['山田 花子', 'accepted', true],
          ['佐藤 一郎', 'accepted', true],
          ['鈴木 次郎', 'removed', true],
          ['高橋 三郎', 'accepted', false],
        ] as const) {
          const [{ id: userId }] = await before.query(
            `INSERT INTO users (email, display_name, password_hash) VALUES ($1, $2, 'x') RETURNING id`,
            [`${status}.${Math.random()}@example.jp`, name],
          );
          await before.query(
            `INSERT INTO review_assignments (organization_id, report_id, expert_user_id, due_date, assigned_by, status, opinion_submitted_at)
             VALUES ($1, $2, $3, '2023-05-31', $3, $4, $5)`,
            [organizationId, reviewed, userId, status, opinion ? new Date() : null],
          );
        }
      },
      async (after) => {
        const editions = await after.query(
          `SELECT r.fiscal_year, e.panel_member_names FROM report_editions e JOIN result_reports r ON r.id = e.report_id ORDER BY r.fiscal_year`,
        );
        expect(editions).toEqual([
          { fiscal_year: 2021, panel_member_names: [] },
          { fiscal_year: 2022, panel_member_names: ['佐藤 一郎', '山田 花子'] },
        ]);
        await expect(after.query(`UPDATE report_editions SET panel_member_names = '{}'`)).rejects.toThrow(
          /report editions are permanent/,
        );
      },
    );
  });

  it('keeps the planning user who corrected ⑧ in a correction under way as its first corrector, its origin too', async () => {
    const planner = '3f1c2b6e-5d4a-4c3b-8a29-1e0f9d8c7b6a';
    await migratingData(
      'EveryPolicyCorrector',
      async (before) => {
        const { organizationId, projectId } = await givenProject(before);
        const report = async (fiscalYear: number, correctedBy: string | null) =>
          (
            await before.query(
              `INSERT INTO result_reports (organization_id, project_id, fiscal_year, status, version, policy_corrected_by)
               VALUES ($1, $2, $3, 'correcting', 2, $4) RETURNING id`,
              [organizationId, projectId, fiscalYear, correctedBy],
            )
          )[0].id as string;
        for (const reportId of [await report(2022, planner), await report(2021, null)])
          await before.query(
            `INSERT INTO report_correction_origins (report_id, organization_id, report_row, budget_lines, kpi_results)
             SELECT id, organization_id, to_jsonb(report), '[]', '[]' FROM result_reports report WHERE id = $1`,
            [reportId],
          );
      },
      async (after) => {
        const reports = await after.query(
          `SELECT report.fiscal_year, report.policy_corrected_by, origin.report_row -> 'policy_corrected_by' AS origin
           FROM result_reports report JOIN report_correction_origins origin ON origin.report_id = report.id
           ORDER BY report.fiscal_year`,
        );
        expect(reports).toEqual([
          { fiscal_year: 2021, policy_corrected_by: null, origin: null },
          { fiscal_year: 2022, policy_corrected_by: [planner], origin: [planner] },
        ]);
      },
    );
  });
});
