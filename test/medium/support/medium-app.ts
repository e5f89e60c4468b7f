import { HttpException, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { AuditModule } from '../../../src/audit/audit.module';
import { CyclesModule } from '../../../src/cycles/cycles.module';
import { loadConfig } from '../../../src/infra/config/app-config';
import { ConfigModule } from '../../../src/infra/config/config.module';
import { ImportsModule } from '../../../src/imports/imports.module';
import { DatabaseModule } from '../../../src/infra/database/database.module';
import { OutboxModule } from '../../../src/outbox/outbox.module';
import { PublicationModule } from '../../../src/publication/publication.module';
import { ReportsModule } from '../../../src/reports/reports.module';
import { TasksModule } from '../../../src/tasks/tasks.module';
import { createSuiteDatabase, databaseUrl } from '../../support/test-database';
import { Given } from './given';

/** What a change left behind for one report: the row, and how many entries it wrote around it. */
export interface ReportFootprint {
  status: string | undefined;
  version: number | undefined;
  revisions: number;
  audits: number;
  outbox: number;
  assignments: number;
  comments: number;
}

export interface MediumApp {
  /** A provider of the real modules, e.g. `app.get(WorkflowService)`. */
  get<T>(type: Type<T>): T;
  given: Given;
  dataSource: DataSource;
  footprint(reportId: string): Promise<ReportFootprint>;
  /** Notification requests written for a report or an organization, oldest change first (one change's by type). */
  outbox(where: {
    reportId?: string;
    organizationId?: string;
  }): Promise<{ type: string; payload: Record<string, unknown> }[]>;
  /** Audit actions recorded about one entity, oldest first. */
  auditActions(entityId: string): Promise<string[]>;
  /** The audit entries recorded about one entity, oldest first, with what each says. */
  auditEntries(entityId: string): Promise<{ action: string; details: Record<string, unknown> }[]>;
  /** Runs a data migration again on rows the test wrote as they were stored before it. */
  migrateAgain(migration: MigrationInterface): Promise<void>;
  /** Runs a step of a migration as the tables' owner, as the migrations run (the app's role may not alter them). */
  asOwner(step: (queryRunner: QueryRunner) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The report aggregate's modules, the year's cycles, 対応が必要 and imports as the app wires them, on the suite's own copy of the
 * migrated template, without HTTP, Redis, queues or the worker: services are called directly, as controllers would.
 */
export async function createMediumApp(): Promise<MediumApp> {
  const database = await createSuiteDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...database.settings, RUN_WORKER: 'false' });
  let moduleRef: TestingModule | undefined;
  try {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AuditModule,
        OutboxModule,
        ReportsModule,
        CyclesModule,
        TasksModule,
        PublicationModule,
        ImportsModule,
      ],
    }).compile();
    await moduleRef.init();
  } catch (error) {
    await moduleRef?.close();
    await database.drop();
    throw error;
  }
  const module = moduleRef;
  const dataSource = module.get<DataSource>(getDataSourceToken());
  const auditEntries = (entityId: string): Promise<{ action: string; details: Record<string, unknown> }[]> =>
    dataSource.query('SELECT action, details FROM audit_entries WHERE entity_id = $1 ORDER BY id', [entityId]);
  const count = async (sql: string, reportId: string): Promise<number> =>
    (await dataSource.query(sql, [reportId]))[0].count;
  return {
    get: (type) => module.get(type),
    given: new Given(dataSource),
    dataSource,
    footprint: async (reportId) => {
      const [report] = await dataSource.query('SELECT status, version FROM result_reports WHERE id = $1', [reportId]);
      return {
        status: report?.status,
        version: report?.version,
        revisions: await count('SELECT count(*)::int FROM report_revisions WHERE report_id = $1', reportId),
        audits: await count(
          `SELECT count(*)::int FROM audit_entries WHERE entity_type = 'report' AND entity_id = $1`,
          reportId,
        ),
        outbox: await count('SELECT count(*)::int FROM notification_outbox WHERE report_id = $1', reportId),
        assignments: await count('SELECT count(*)::int FROM review_assignments WHERE report_id = $1', reportId),
        comments: await count('SELECT count(*)::int FROM report_comments WHERE report_id = $1', reportId),
      };
    },
    outbox: ({ reportId, organizationId }) =>
      dataSource.query(
        `SELECT type, payload FROM notification_outbox WHERE ($1::uuid IS NULL OR report_id = $1) AND ($2::uuid IS NULL OR organization_id = $2) ORDER BY created_at, type`,
        [reportId ?? null, organizationId ?? null],
      ),
    auditActions: async (entityId) => (await auditEntries(entityId)).map((entry) => entry.action),
    auditEntries,
    migrateAgain: async (migration) => {
      const queryRunner = dataSource.createQueryRunner();
      try {
        await migration.up(queryRunner);
      } finally {
        await queryRunner.release();
      }
    },
    asOwner: async (step) => {
      const client = new Client({ connectionString: databaseUrl(database.name, 'owner') });
      await client.connect();
      try {
        await step({ query: (sql: string) => client.query(sql) } as unknown as QueryRunner);
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await module.close();
      await database.drop();
    },
  };
}

/** The HTTP exception a call was refused with (fails the test when the call succeeds or fails otherwise). */
export async function refusalOf(call: Promise<unknown>): Promise<HttpException> {
  const outcome = await call.then(
    () => new Error('Expected the call to be refused, but it succeeded.'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof HttpException)) throw outcome;
  return outcome;
}

/** The `details` of a refusal (the field errors the API returns). */
export function detailPaths(refusal: HttpException): string[] {
  return ((refusal.getResponse() as { details?: { path: string }[] }).details ?? []).map((detail) => detail.path);
}
