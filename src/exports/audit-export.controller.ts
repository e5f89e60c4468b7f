import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { AuditQuery } from '../audit/audit.controller';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { AuditTrail } from '../audit/audit-trail';
import { apiPath } from '../infra/http/api-path';
import { ApiFileResponse } from '../infra/http/file-response';
import { ApiUuidParam } from '../infra/http/uuid-param';
import { AuditLogPeople } from '../users/audit-log-people';
import { auditLogCsv } from './audit-log-csv';

/** 監査ログ of one organization as CSV: beside the log's API, here where the actors' names can be read. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/audit'))
export class AuditExportController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly log: AuditLog,
    private readonly people: AuditLogPeople,
  ) {}

  /**
   * CSV (UTF-8 with BOM, so Excel opens it in Japanese) of every matching entry, written as it is read, 日時 in Japan
   * time with its offset, each actor named beside their id as named then (a former member as such); the export itself
   * is audited.
   */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('export.csv')
  @ApiFileResponse('text/csv')
  async export(@CurrentActor() actor: OrganizationActor, @Query() query: AuditQuery): Promise<StreamableFile> {
    const [{ rows, batches }, people] = await Promise.all([
      this.trail.export(actor.organizationId, query),
      this.people.of(actor.organizationId),
    ]);
    await this.log.record(actorEvent(actor, 'audit.exported', undefined, { filters: { ...query }, rows }));
    // The file's headers go with the file, as on every download: a refusal before it is the API's JSON error, no CSV.
    return new StreamableFile(auditLogCsv(batches, people), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="audit-log.csv"',
    });
  }
}
