import { Injectable } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import { ProjectsService } from '../../projects/projects.service';
import { ReportsRepository } from '../report/reports.repository';
import { buildKpiLedger, KpiLedgerView } from './kpi-ledger';

/** The KPI ledger of a project, from the reports the caller may see. */
@Injectable()
export class LedgerService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly projects: ProjectsService,
  ) {}

  /**
   * Whoever sees a report of the project sees the project (experts only through the reports assigned to them);
   * without any such report, the project must be visible in its own right (404 otherwise).
   */
  async ledger(actor: OrganizationActor, projectId: string): Promise<KpiLedgerView> {
    const reports = await this.reports.visibleOfProject(actor, projectId);
    const project = reports.at(-1)?.project ?? (await this.projects.get(actor, projectId));
    return buildKpiLedger(project, reports);
  }
}
