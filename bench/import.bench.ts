import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../src/audit/audit-log';
import { type OrganizationActor } from '../src/access/actor';
import { DemoModule } from '../src/demo/demo.module';
import { ImportMode } from '../src/imports/import-model';
import { ImportsService } from '../src/imports/imports.service';
import { loadConfig } from '../src/infra/config/app-config';
import { dropDatabase, prepareDatabase } from '../src/infra/database/migrate';
import { OrganizationsService } from '../src/organizations/organizations.service';
import { AdministratorBootstrap } from '../src/users/administrator-bootstrap';
import { Role } from '../src/access/role';
import { SEED_REPORTS, seedReports } from './support/seed-reports';

/**
 * npm run bench:import — imports 1,000 reports (the five Asahikawa seed reports, 200 times under different project
 * names) into a throw-away database and prints how long the dry run and the confirmation take. A benchmark, not a test.
 */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1000);
const SERVER =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function time<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${label.padEnd(28)} ${seconds.toFixed(2)} s  (${(REPORTS / seconds).toFixed(0)} reports/s, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)`,
  );
  return result;
}

async function main(): Promise<void> {
  // As in production: the app's role on a database the owner role migrated.
  const url = new URL(SERVER);
  url.username = 'kpiv_app';
  url.password = '';
  url.pathname = `/kpiv_bench_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    DATABASE_ADMIN_URL: SERVER,
    LOG_LEVEL: 'silent',
  });
  await prepareDatabase(config);
  const app = await NestFactory.createApplicationContext(DemoModule.forRoot(config), { logger: ['error'] });
  try {
    const admin = await app.get(AdministratorBootstrap).createAdministrator({
      email: 'bench@example.jp',
      password: randomBytes(12).toString('hex'),
      organizationCode: '012041',
      organizationName: '旭川市',
    });
    const organizationId = admin.memberships![0].organizationId;
    const department = await app.get(OrganizationsService).createDepartment(organizationId, '経済部', SYSTEM_ACTOR);
    const actor: OrganizationActor = {
      userId: admin.id,
      sessionId: 'bench',
      organizationId,
      roles: [Role.Administrator],
      departmentIds: [],
      requestId: 'bench',
      ipAddress: '',
    };
    const source = { name: 'bench.txt', bytes: seedReports(REPORTS / SEED_REPORTS) };
    const settings = { departmentId: department.id, mode: ImportMode.Draft };
    const imports = app.get(ImportsService);
    console.log(`Importing ${REPORTS} reports (${(source.bytes.length / 2 ** 20).toFixed(1)} MiB of text)`);
    const checked = await time('dry run (read, check)', () => imports.dryRun(actor, source, settings));
    if (!checked.canConfirm || checked.reports.length !== REPORTS)
      throw new Error(`The dry run did not accept ${REPORTS} reports: ${JSON.stringify(checked.counts)}`);
    const result = await time('confirm (one transaction)', () =>
      imports.confirm(actor, source, settings, checked.checksum),
    );
    console.log(
      `Written: ${result.reports.length} reports with their projects, budget lines, KPIs, revisions and audit entries.`,
    );
  } finally {
    await app.close();
    await dropDatabase(config);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
