import { Injectable, NotFoundException } from '@nestjs/common';
import { notFoundInScope } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { GrantProject } from '../../projects/grant-project.entity';
import { byProjectNumber } from '../../projects/project-title';
import { ReportEditionsRepository } from './report-editions.repository';
import { buildReportView, ReportView } from './report-view';
import { ReportsRepository } from './reports.repository';
import { ResultReport } from './result-report.entity';

/** Reads one report as the actor may see it: 404 for a report outside their share, never a hint it exists. */
@Injectable()
export class ReportReader {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly editions: ReportEditionsRepository,
  ) {}

  /** One published edition exactly as it was published, with the history of editions up to it. */
  async edition(actor: OrganizationActor, reportId: string, edition: number): Promise<ReportView> {
    await this.assertVisible(actor, reportId);
    const found = await this.editions.find(actor.organizationId, reportId, edition);
    if (!found) throw new NotFoundException(`Edition ${edition} of this report does not exist.`);
    const history = await this.editions.listOf(actor.organizationId, reportId);
    return {
      ...found.snapshot,
      editions: history
        .filter((earlier) => earlier.edition <= edition)
        .map(({ edition: number, publishedAt, correctionReason }) => ({
          edition: number,
          publishedAt: publishedAt.toISOString(),
          correctionReason,
        })),
    };
  }

  /** The numbers of the report's editions, oldest first: an earlier one's print names those that replaced it. */
  async editionNumbers(actor: OrganizationActor, reportId: string): Promise<number[]> {
    await this.assertVisible(actor, reportId);
    return (await this.editions.listOf(actor.organizationId, reportId)).map((found) => found.edition);
  }

  /** Every report of a fiscal year the actor may see, in the order of their project numbers, read in two queries. */
  async viewsOfYear(actor: OrganizationActor, fiscalYear: number): Promise<ReportView[]> {
    const reports = await this.reports.visibleInFiscalYear(actor, fiscalYear);
    return reports
      .map((report) => buildReportView(report, report.project!))
      .sort((a, b) => byProjectNumber(a.project, b.project));
  }

  async view(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return buildReportView(...(await this.loadVisible(actor, reportId)));
  }

  async loadVisible(actor: OrganizationActor, reportId: string): Promise<[ResultReport, GrantProject]> {
    const report = await this.reports.loadVisible(actor, reportId);
    if (!report?.project) throw await notFoundInScope(this.reports.existsAnywhere(reportId), 'Report not found.');
    return [report, report.project];
  }

  /** Whether the actor may open the report now: assertVisible without the 404. */
  isVisible(actor: OrganizationActor, reportId: string): Promise<boolean> {
    return this.reports.isVisible(actor, reportId);
  }

  async assertVisible(actor: OrganizationActor, reportId: string): Promise<void> {
    if (!(await this.isVisible(actor, reportId)))
      throw await notFoundInScope(this.reports.existsAnywhere(reportId), 'Report not found.');
  }
}
