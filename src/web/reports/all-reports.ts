import { type OrganizationActor } from '../../access/actor';
import { type ListedReport, type ReportFilters } from '../../reports/report/reports.repository';
import { type ReportsService } from '../../reports/reports.service';

const PAGE_SIZE = 100;

/** Every report the caller may see that matches, page by page through the same list the API pages through. */
export async function allReports(
  reports: ReportsService,
  actor: OrganizationActor,
  filters: ReportFilters,
): Promise<ListedReport[]> {
  const found: ListedReport[] = [];
  for (let page = 1; ; page++) {
    const [items, total] = await reports.list(actor, filters, { page, pageSize: PAGE_SIZE });
    found.push(...items);
    if (items.length < PAGE_SIZE || found.length >= total) return found;
  }
}
