import { type OrganizationActor } from '../../access/actor';
import { type ReportFilters } from '../../reports/report/reports.repository';
import { type ReportsService } from '../../reports/reports.service';
import { type ResultReport } from '../../reports/report/result-report.entity';

const PAGE_SIZE = 100;

/** Every report the caller may see that matches, page by page through the same list the API pages through. */
export async function allReports(
  reports: ReportsService,
  actor: OrganizationActor,
  filters: ReportFilters,
): Promise<ResultReport[]> {
  const found: ResultReport[] = [];
  for (let page = 1; ; page++) {
    const [items, total] = await reports.list(actor, filters, { page, pageSize: PAGE_SIZE });
    found.push(...items);
    if (items.length < PAGE_SIZE || found.length >= total) return found;
  }
}
