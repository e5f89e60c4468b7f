import { Injectable, NotFoundException } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import { GrantProject } from '../../projects/grant-project.entity';
import { buildReportView, ReportView } from './report-view';
import { ReportsRepository } from './reports.repository';
import { ResultReport } from './result-report.entity';

/** Reads one report as the actor may see it: 404 for a report outside their share, never a hint it exists. */
@Injectable()
export class ReportReader {
  constructor(private readonly reports: ReportsRepository) {}

  async view(actor: OrganizationActor, reportId: string): Promise<ReportView> {
    return buildReportView(...(await this.loadVisible(actor, reportId)));
  }

  async loadVisible(actor: OrganizationActor, reportId: string): Promise<[ResultReport, GrantProject]> {
    const report = (await this.reports.isVisible(actor, reportId)) ? await this.reports.loadFull(reportId) : null;
    if (!report?.project) throw new NotFoundException('Report not found.');
    return [report, report.project];
  }

  async assertVisible(actor: OrganizationActor, reportId: string): Promise<void> {
    if (!(await this.reports.isVisible(actor, reportId))) throw new NotFoundException('Report not found.');
  }
}
