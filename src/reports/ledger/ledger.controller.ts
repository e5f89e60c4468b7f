import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { ALL_ROLES } from '../../access/role';
import { apiPath } from '../../infra/http/api-path';
import { ApiUuidParam, UuidParam } from '../../infra/http/uuid-param';
import { KpiLedgerView } from './kpi-ledger';
import { LedgerService } from './ledger.service';

/**
 * 年度別KPI台帳: a project's KPIs across the years of its reports. Who sees which report: ReportsRepository.visibleTo;
 * of the project's other years, whoever sees it reads those on the public record as published.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/projects/:projectId/ledger'))
export class LedgerController {
  constructor(private readonly ledgers: LedgerService) {}

  @Allow(...ALL_ROLES)
  @Get()
  @ApiOkResponse({ type: KpiLedgerView })
  ledger(@CurrentActor() actor: OrganizationActor, @UuidParam('projectId') projectId: string): Promise<KpiLedgerView> {
    return this.ledgers.ledger(actor, projectId);
  }
}
