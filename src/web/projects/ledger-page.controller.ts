import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { seesWholeOrganization } from '../../access/actor-scope';
import { OrganizationActor } from '../../access/actor';
import { ALL_ROLES, Role } from '../../access/role';
import { apiPath } from '../../infra/http/api-path';
import { UuidParam } from '../../infra/http/uuid-param';
import { LedgerService } from '../../reports/ledger/ledger.service';
import { organizationPath } from '../navigation';
import { PageRenderer } from '../page-renderer';
import { ledgerKpisWithCharts } from '../planning/kpi-chart';
import { WebExceptionFilter } from '../web-exception.filter';

/**
 * 年度別KPI台帳 as a page: a table per KPI with the fiscal years as rows, and a small chart of the actuals. The same
 * visibility as the ledger API: experts see the project through the reports assigned to them.
 */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(...ALL_ROLES)
@Controller('o/:organizationId/projects/:projectId/ledger')
export class LedgerPageController {
  constructor(
    private readonly ledgers: LedgerService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async ledger(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('projectId') projectId: string,
    @Res() response: Response,
  ): Promise<void> {
    const ledger = await this.ledgers.ledger(actor, projectId);
    const download = `/${apiPath(`organizations/${actor.organizationId}/projects/${projectId}/ledger/export`)}`;
    const seesProjects = seesWholeOrganization(actor) || actor.roles.includes(Role.ProjectOwner);
    return this.pages.render(response, 'projects/ledger.njk', {
      ledger,
      kpis: ledgerKpisWithCharts(ledger),
      exportLinks: ledger.reports.length
        ? [
            { label: '年度別KPI台帳(Excel)', href: `${download}?format=xlsx` },
            { label: '年度別KPI台帳(CSV)', href: `${download}?format=csv` },
          ]
        : [],
      backHref: seesProjects ? organizationPath(actor.organizationId, `projects#project-${projectId}`) : null,
    });
  }
}
