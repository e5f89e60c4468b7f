import { type INestApplicationContext } from '@nestjs/common';
import { type OrganizationActor } from '../../src/access/actor';
import { Role } from '../../src/access/role';
import { ImportMode } from '../../src/imports/import-model';
import { ImportsService } from '../../src/imports/imports.service';
import { OrganizationsService } from '../../src/organizations/organizations.service';
import { ReportsService } from '../../src/reports/reports.service';
import { UsersService } from '../../src/users/users.service';
import { apiPath } from '../../src/infra/http/api-path';
import { type ReportStatus } from '../../src/reports/rules/report-status';
import { type BenchApp } from './bench-app';
import { type Target } from './load';
import { SEED_REPORTS, seedReports } from './seed-reports';

/** Where benchmarks move reports on: 釧路市 (demo-loaded), its department that owns the drafts made for them. */
export const WRITE_ORGANIZATION = '012068';
const WRITE_DEPARTMENT = '産業振興部';

/**
 * The transitions' drafts: the seed's reports as new projects of 釧路市, imported, then completed by the owning department
 * as the form asks (some of the seed's ⑥ levels differ from the suggested one and need their reason) so that each can be
 * submitted.
 */
export async function prepareDrafts(context: INestApplicationContext, count: number): Promise<string[]> {
  const organizations = context.get(OrganizationsService);
  const users = context.get(UsersService);
  const organization = (await organizations.findByCode(WRITE_ORGANIZATION))!;
  const department = (await organizations.listDepartments(organization.id)).find(
    (candidate) => candidate.name === WRITE_DEPARTMENT,
  )!;
  const actor = async (email: string, role: Role, departmentIds: string[] = []): Promise<OrganizationActor> => ({
    userId: (await users.findForSignIn(email))!.id,
    sessionId: 'bench',
    organizationId: organization.id,
    roles: [role],
    departmentIds,
    requestId: 'bench:api',
    ipAddress: '',
  });
  const imports = context.get(ImportsService);
  const admin = await actor('admin@kushiro.example.jp', Role.Administrator);
  const source = { name: 'bench-api.txt', bytes: seedReports(Math.ceil(count / SEED_REPORTS)) };
  const settings = { departmentId: department.id, mode: ImportMode.Draft };
  const checked = await imports.dryRun(admin, source, settings);
  if (!checked.canConfirm) throw new Error(`The drafts could not be imported: ${JSON.stringify(checked.counts)}`);
  const reportIds = (await imports.confirm(admin, source, settings, checked.checksum)).reports.map(
    (report) => report.reportId,
  );
  const owner = await actor('owner@kushiro.example.jp', Role.ProjectOwner, [department.id]);
  const reports = context.get(ReportsService);
  let next = 0;
  const complete = async () => {
    for (let reportId = reportIds[next++]; reportId; reportId = reportIds[next++])
      await completeForSubmission(reports, owner, reportId);
  };
  await Promise.all(Array.from({ length: 8 }, complete));
  return reportIds;
}

/** POSTs walking through `reportIds`, one report per request, so that each is a real transition; the first refusal kept. */
export function walk(
  app: Pick<BenchApp, 'url'>,
  organizationId: string,
  reportIds: string[],
  route: string,
  token: string,
  body: object,
) {
  let next = 0;
  let refusal: string | undefined;
  const target: Target = {
    url: app.url,
    method: 'POST',
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          path: `/${apiPath(`organizations/${organizationId}/reports/${reportIds[next++]}/${route}`)}`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        onResponse: (status, responseBody) => {
          if (status >= 300) refusal ??= `${status} ${responseBody.slice(0, 300)}`;
        },
      },
    ],
  };
  return { target, remaining: () => reportIds.length - next, used: () => next, refusal: () => refusal };
}

/**
 * A run stops its clients, not the transitions they asked for: those still in flight finish in the app, and must not
 * overlap the next measurement. Waits until the reports still in `from` stop changing.
 */
export async function settled(app: BenchApp, reportIds: string[], from: ReportStatus): Promise<void> {
  const waiting = async () =>
    (
      await app.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM result_reports WHERE id = ANY($1) AND status = $2`,
        [reportIds, from],
      )
    )[0].count;
  for (let before = -1, now = await waiting(); now !== before; before = now, now = await waiting())
    await new Promise((resolve) => setTimeout(resolve, 500));
}

/**
 * An imported draft completed as the form asks before it can be submitted: some of the seed's ⑥ levels differ from the
 * suggested one and need their reason.
 */
export async function completeForSubmission(
  reports: ReportsService,
  owner: OrganizationActor,
  reportId: string,
): Promise<void> {
  const view = await reports.get(owner, reportId);
  const problems = view.submission.problems.map((problem) => problem.path);
  if (problems.join() === '/effectLevelReason')
    await reports.update(owner, reportId, {
      version: view.version,
      effectLevelReason: '指標の実績と事業の成果を総合して判断した',
    });
  else if (problems.length > 0) throw new Error(`Draft ${reportId} cannot be submitted: ${problems.join(', ')}`);
}
