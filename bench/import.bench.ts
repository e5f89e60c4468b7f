import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/audit/audit-log';
import { type OrganizationActor } from '../src/access/actor';
import { DemoModule } from '../src/demo/demo.module';
import { ImportMode } from '../src/imports/import-model';
import { ImportsService } from '../src/imports/imports.service';
import { OrganizationsService } from '../src/organizations/organizations.service';
import { ReportsService } from '../src/reports/reports.service';
import { WorkflowService } from '../src/reports/workflow/workflow.service';
import { UsersService } from '../src/users/users.service';
import { Role } from '../src/access/role';
import { benchAdministrator, withThrowAwayContext } from './support/bench-app';
import { SEED_REPORTS, seedReports } from './support/seed-reports';
import { completeForSubmission } from './support/transitions';

/**
 * npm run bench:import — imports 1,000 reports (the five Asahikawa seed reports, 200 times under different project
 * names) into a throw-away database and prints how long the dry run and the confirmation take, and how long a
 * transition of another report of the same organization (a submission) takes while the confirmation runs.
 * A benchmark, not a test.
 */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1000);
const TARGET_IMPORT_SECONDS = 3;
const TARGET_TRANSITION_MS = 500;

async function time<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = secondsSince(started);
  console.log(
    `${label.padEnd(28)} ${seconds.toFixed(2)} s  (${(REPORTS / seconds).toFixed(0)} reports/s, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)`,
  );
  return result;
}

const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

function targetLine(what: string, value: string, meets: boolean, target: string): string {
  return `target ${what}: ${value} (${meets ? 'meets' : 'below'} target ${target})`;
}

/** The bench's organization with drafts of its own, under names unlike the imported file's. */
function otherProjects(): Buffer {
  return Buffer.from(
    seedReports(1)
      .toString('utf8')
      .replace(/^(\d+)\t([^\t]+)/gm, (_row, number: string) => `${number}\t比較用の事業その${number}`),
    'utf8',
  );
}

async function main(): Promise<void> {
  await withThrowAwayContext(DemoModule.forRoot, async (app) => {
    const { userId, organizationId } = await benchAdministrator(app);
    const department = await app.get(OrganizationsService).createDepartment(organizationId, '経済部', SYSTEM_ACTOR);
    const actor: OrganizationActor = {
      userId,
      sessionId: 'bench',
      organizationId,
      roles: [Role.Administrator],
      departmentIds: [],
      requestId: 'bench',
      ipAddress: '',
    };
    const settings = { departmentId: department.id, mode: ImportMode.Draft };
    const imports = app.get(ImportsService);
    const drafts = await readyDrafts(app, actor, settings);
    const workflow = app.get(WorkflowService);
    const submit = async (reportId: string) => {
      const started = process.hrtime.bigint();
      await workflow.submit(drafts.owner, reportId);
      return secondsSince(started) * 1000;
    };
    console.log(`transition alone (submit)    ${(await submit(drafts.reportIds[0])).toFixed(0)} ms`);

    const source = { name: 'bench.txt', bytes: seedReports(REPORTS / SEED_REPORTS) };
    console.log(`Importing ${REPORTS} reports (${(source.bytes.length / 2 ** 20).toFixed(1)} MiB of text)`);
    const checked = await time('dry run (read, check)', () => imports.dryRun(actor, source, settings));
    if (!checked.canConfirm || checked.reports.length !== REPORTS)
      throw new Error(`The dry run did not accept ${REPORTS} reports: ${JSON.stringify(checked.counts)}`);
    let confirmed = false;
    const started = process.hrtime.bigint();
    const confirmation = time('confirm (one transaction)', () =>
      imports.confirm(actor, source, settings, checked.checksum),
    ).finally(() => (confirmed = true));
    await importTransactionOpen(app.get(DataSource), () => !confirmed);
    const issuedDuringImport = !confirmed;
    const waited = await submit(drafts.reportIds[1]);
    const outlastedImport = confirmed;
    const result = await confirmation;
    const importSeconds = secondsSince(started);
    const note = !issuedDuringImport
      ? '  (issued after the import had ended: not a measure)'
      : outlastedImport
        ? '  (it ended after the import: it waited for its commit)'
        : '';
    console.log(`transition during import     ${waited.toFixed(0)} ms${note}`);
    console.log(
      `Written: ${result.reports.length} reports with their projects, budget lines, KPIs, revisions and audit entries.`,
    );
    console.log(
      targetLine(
        'transition during import',
        `${waited.toFixed(0)} ms`,
        issuedDuringImport && waited < TARGET_TRANSITION_MS,
        `${TARGET_TRANSITION_MS} ms`,
      ),
    );
    console.log(
      targetLine(
        `import ${REPORTS.toLocaleString('en-US')} confirmed`,
        `${importSeconds.toFixed(2)} s`,
        importSeconds < TARGET_IMPORT_SECONDS,
        `${TARGET_IMPORT_SECONDS} s`,
      ),
    );
  });
}

/**
 * Two drafts of the bench's organization ready to be submitted by their department's owner: imported like the rest,
 * with the reason for the chosen ⑥ added where the report form asks for it.
 */
async function readyDrafts(
  app: INestApplicationContext,
  admin: OrganizationActor,
  settings: { departmentId: string; mode: ImportMode },
): Promise<{ owner: OrganizationActor; reportIds: string[] }> {
  const imports = app.get(ImportsService);
  const source = { name: 'other-projects.txt', bytes: otherProjects() };
  const checked = await imports.dryRun(admin, source, settings);
  const imported = await imports.confirm(admin, source, settings, checked.checksum);
  const user = await app
    .get(UsersService)
    .addMember(
      admin.organizationId,
      { email: 'owner@example.jp', displayName: 'owner', password: randomBytes(12).toString('hex') },
      [{ role: Role.ProjectOwner, departmentId: settings.departmentId }],
      SYSTEM_ACTOR,
    );
  const owner = { ...admin, userId: user.id, roles: [Role.ProjectOwner], departmentIds: [settings.departmentId] };
  const reports = app.get(ReportsService);
  const reportIds: string[] = [];
  for (const { reportId } of imported.reports.slice(0, 2)) {
    await completeForSubmission(reports, owner, reportId);
    reportIds.push(reportId);
  }
  return { owner, reportIds };
}

/** Waits until the confirmation's transaction is open (the bench is the database's only other client), or it ended. */
async function importTransactionOpen(dataSource: DataSource, importing: () => boolean): Promise<void> {
  while (importing()) {
    const [open] = await dataSource.query<{ open: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND xact_start IS NOT NULL AND state <> 'idle') AS open`,
    );
    if (open.open) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
