import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganizationActor } from '../../src/access/actor';
import { Role } from '../../src/access/role';
import { Transactions } from '../../src/infra/database/transactions';
import { ReportEditions } from '../../src/reports/changes/report-editions';
import { earlierYearsOf, ReportsRepository } from '../../src/reports/report/reports.repository';

/** Organizations written side by side: the app's pool has room for two, as the generator's two connections. */
const SIDE_BY_SIDE = 2;

/**
 * The first edition of every report the national data published, written by the app's own edition writer: an edition
 * keeps the read model as it was published (the public pages read it back), which only the app builds. Each
 * organization's years are read as a year export reads them (visibleInFiscalYear, as its planning division) and the
 * project's earlier years as a publication takes them (publishedOf). Returns how many editions it wrote.
 */
export async function writeFirstEditions(context: INestApplicationContext): Promise<number> {
  const reports = context.get(ReportsRepository, { strict: false });
  const editions = context.get(ReportEditions, { strict: false });
  const transactions = context.get(Transactions, { strict: false });
  const organizations = await context.get(DataSource).query<{ id: string; planner: string; years: number[] }[]>(
    `SELECT r.organization_id AS id, (array_agg(DISTINCT r.approved_by))[1] AS planner,
            array_agg(DISTINCT r.fiscal_year ORDER BY r.fiscal_year) AS years
       FROM result_reports r WHERE r.published_at IS NOT NULL GROUP BY r.organization_id ORDER BY r.organization_id`,
  );
  let written = 0;
  const writeOrganization = async ({ id, planner, years }: (typeof organizations)[number]) => {
    const actor: OrganizationActor = {
      userId: planner,
      sessionId: 'bench',
      organizationId: id,
      roles: [Role.PlanningDivision],
      departmentIds: [],
      requestId: 'bench',
      ipAddress: '127.0.0.1',
    };
    for (const fiscalYear of years) {
      const published = (await reports.visibleInFiscalYear(actor, fiscalYear)).filter((report) => report.publishedAt);
      await transactions.run(async (manager) => {
        const record = await reports.publishedOf(
          manager,
          published.map((report) => report.projectId),
        );
        await editions.recordFirstOfNew(
          manager,
          published.map((report) => ({
            report,
            userId: report.approvedBy,
            publishedEarlier: earlierYearsOf(record, report),
          })),
        );
      });
      written += published.length;
    }
  };
  const queue = [...organizations];
  await Promise.all(
    Array.from({ length: SIDE_BY_SIDE }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await writeOrganization(next);
    }),
  );
  return written;
}
