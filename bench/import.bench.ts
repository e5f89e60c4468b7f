import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/audit/audit-log';
import { type OrganizationActor } from '../src/access/actor';
import { DemoModule } from '../src/demo/demo.module';
import { ImportMode, ProjectChoiceKind } from '../src/imports/import-model';
import { ImportsService } from '../src/imports/imports.service';
import { OrganizationsService } from '../src/organizations/organizations.service';
import { ReportsService } from '../src/reports/reports.service';
import { WorkflowService } from '../src/reports/workflow/workflow.service';
import { UsersService } from '../src/users/users.service';
import { Role } from '../src/access/role';
import { benchAdministrator, withThrowAwayContext } from './support/bench-app';
import { earlierYearCloseNames, SEED_REPORTS, seedReports } from './support/seed-reports';
import { median } from './support/load';
import { completeForSubmission } from './support/transitions';

/**
 * npm run bench:import — imports 1,000 reports (the five Asahikawa seed reports, 200 times under different project
 * names) into a throw-away database and prints how long the dry run and the confirmation take, and how long
 * transitions of other reports of the same organization (submissions, one after another) take while the confirmation
 * runs: the longest of them is the measure of "no other writer waits". Then the same reports' earlier year, each
 * project's name spelled a little otherwise, against the 1,000 projects stored: the dry run that proposes a stored
 * project for every report, the dry run with all of them linked, and its confirmation. A benchmark, not a test.
 */
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1000);
const TARGET_IMPORT_SECONDS = 3;
const TARGET_TRANSITION_MS = 500;
/** Drafts of the writer beside the import: one submitted alone, the rest while the import runs (it takes seconds). */
const OTHER_DRAFTS = 8 * SEED_REPORTS;
/** Between two submissions of that writer, so that its drafts last as long as the import: a user's pace, not a load. */
const WRITER_PAUSE_MS = 50;

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
    seedReports(OTHER_DRAFTS / SEED_REPORTS)
      .toString('utf8')
      // Names unlike the file's (a similar name would be offered as the same project): the seed's number and the copy's.
      .replace(
        /^(\d+)\t[^\t]+ \((\d+)\)/gm,
        (_row, number: string, copy: string) => `${number}\t比較用の事業その${number}-${copy}`,
      ),
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
    // One writer of the organization, submitting report after report for as long as the import runs.
    const waits: number[] = [];
    for (const reportId of drafts.reportIds.slice(1)) {
      if (confirmed) break;
      waits.push(await submit(reportId));
      await new Promise((resolve) => setTimeout(resolve, WRITER_PAUSE_MS));
    }
    const outlasted = !confirmed;
    const result = await confirmation;
    const importSeconds = secondsSince(started);
    const longest = Math.max(...waits);
    const note = outlasted ? `  (the import outlasted all ${waits.length} drafts)` : '';
    console.log(
      waits.length === 0
        ? 'transitions during import    none (the import ended before the first): not a measure'
        : `transitions during import    ${waits.length}: longest ${longest.toFixed(0)} ms, median ${median(waits).toFixed(0)} ms${note}`,
    );
    console.log(
      `Written: ${result.reports.length} reports with their projects, budget lines, KPIs, revisions and audit entries.`,
    );
    console.log(
      targetLine(
        'longest transition during import',
        waits.length > 0 ? `${longest.toFixed(0)} ms` : 'none measured',
        waits.length > 0 && longest < TARGET_TRANSITION_MS,
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
    await earlierYearAgainstStored(imports, actor, settings);
  });
}

/** The earlier year of the imported reports, every name close to a stored project's: matched, linked and confirmed. */
async function earlierYearAgainstStored(
  imports: ImportsService,
  actor: OrganizationActor,
  settings: { departmentId: string; mode: ImportMode },
): Promise<void> {
  const source = { name: 'bench-earlier-year.txt', bytes: earlierYearCloseNames(REPORTS / SEED_REPORTS) };
  console.log(`Importing their earlier year, ${REPORTS} reports whose names are close to the stored projects'`);
  const started = process.hrtime.bigint();
  const proposed = await time('dry run (close names)', () => imports.dryRun(actor, source, settings));
  const dryRunSeconds = secondsSince(started);
  const projectChoices = proposed.reports.map((report) => {
    if (!report.candidate) throw new Error(`The dry run proposed no stored project for report ${report.index}.`);
    return { reportIndex: report.index, choice: ProjectChoiceKind.Link, projectId: report.candidate.projectId };
  });
  const linking = { ...settings, projectChoices };
  const linked = await time('dry run (all linked)', () => imports.dryRun(actor, source, linking));
  if (!linked.canConfirm) throw new Error(`The linked dry run cannot be confirmed: ${JSON.stringify(linked.counts)}`);
  const confirmStarted = process.hrtime.bigint();
  const result = await time('confirm (all linked)', () => imports.confirm(actor, source, linking, linked.checksum));
  const confirmSeconds = secondsSince(confirmStarted);
  console.log(`Written: ${result.reports.length} reports added to stored projects.`);
  for (const [what, seconds] of [
    ['dry run', dryRunSeconds],
    ['confirmed', confirmSeconds],
  ] as const)
    console.log(
      targetLine(
        `import ${REPORTS.toLocaleString('en-US')} against as many stored, ${what}`,
        `${seconds.toFixed(2)} s`,
        seconds < TARGET_IMPORT_SECONDS,
        `${TARGET_IMPORT_SECONDS} s`,
      ),
    );
}

/**
 * OTHER_DRAFTS drafts of the bench's organization ready to be submitted by their department's owner: imported like the
 * rest, with the reason for the chosen ⑥ added where the report form asks for it.
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
  for (const { reportId } of imported.reports) {
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
