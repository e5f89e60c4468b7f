import { Injectable } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import { ProjectsService } from '../../projects/projects.service';
import { ReportEditionsRepository } from '../report/report-editions.repository';
import { type ReportOfLedger, ReportsRepository } from '../report/reports.repository';
import { buildKpiLedger, KpiLedgerView } from './kpi-ledger';

/** The KPI ledger of a project, from the reports the caller may see and the project's public record. */
@Injectable()
export class LedgerService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly editions: ReportEditionsRepository,
    private readonly projects: ProjectsService,
  ) {}

  /**
   * Whoever sees a report of the project sees the project (experts only through the reports assigned to them);
   * without any such report, the project must be visible in its own right (404 otherwise). Whoever sees the project
   * sees its years on the public record too, as published: an expert comparing with last year reads what anyone may.
   */
  async ledger(actor: OrganizationActor, projectId: string): Promise<KpiLedgerView> {
    const reports = await this.reports.visibleOfProject(actor, projectId);
    const project = reports.at(-1)?.project ?? (await this.projects.get(actor, projectId));
    const published = await this.editions.currentPublicOfProject(actor.organizationId, projectId);
    return buildKpiLedger(project, reports, published);
  }

  /** The ledgers of projects each with a report the caller sees (a year's reports), keyed by project id. */
  async ledgersOfReportedProjects(actor: OrganizationActor, projectIds: string[]): Promise<Map<string, KpiLedgerView>> {
    const byProject = await this.reportsOfReportedProjects(actor, projectIds);
    return new Map(
      [...byProject].map(([projectId, ofProject]) => [
        projectId,
        buildKpiLedger(ofProject.at(-1)!.project!, ofProject),
      ]),
    );
  }

  /**
   * The reports those ledgers are built from, oldest year first, keyed by project id: for a reader of a KPI's values
   * alone (kpiYearValues, the ledger's rule), who needs no ledger worded for a reader.
   */
  async reportsOfReportedProjects(
    actor: OrganizationActor,
    projectIds: string[],
  ): Promise<Map<string, ReportOfLedger[]>> {
    const byProject = new Map<string, ReportOfLedger[]>();
    for (const report of await this.reports.visibleOfProjects(actor, [...new Set(projectIds)]))
      byProject.set(report.projectId, [...(byProject.get(report.projectId) ?? []), report]);
    return byProject;
  }
}
