import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { QueryText } from '../../infra/http/query-text';
import { UuidParam } from '../../infra/http/uuid-param';
import type { Response } from 'express';
import { AuditTrail } from '../../audit/audit-trail';
import { Allow, CurrentActor, LinkSessionAllowed } from '../../access/access.decorators';
import { OrganizationActor } from '../../access/actor';
import { ReportsService } from '../../reports/reports.service';
import { ALL_ROLES, Role } from '../../access/role';
import { UsersService } from '../../users/users.service';
import { actorNames, actorNamesWhenWritten, AuditLogPeople } from '../../users/audit-log-people';
import { auditActionLabel } from '../../audit/audit-actions';
import { ReportPageExceptionFilter } from './report-page-exception.filter';
import { ReportPages } from './report-pages';
import { AUDIT_PAGE_SIZE, auditEntryRow, auditExportHref, userIdsIn } from '../audit-entries';
import { reportChangeRows } from './changes';
import { pagedList, queryStatus } from '../list-query';
import { comparisonRefusal } from '../../reports/changes/compared-versions';
import { type PageError } from '../forms';
import { versionComparisonMessage } from '../messages/error-messages';

/** The tabs of a report: the reading view, its versions, its questions, the consolidation of opinions and its audit trail. */
@ApiExcludeController()
@UseFilters(ReportPageExceptionFilter)
@Controller('o/:organizationId/reports/:reportId')
export class ReportViewController {
  constructor(
    private readonly pages: ReportPages,
    private readonly reports: ReportsService,
    private readonly users: UsersService,
    private readonly people: AuditLogPeople,
    private readonly audit: AuditTrail,
  ) {}

  @LinkSessionAllowed()
  @Allow(...ALL_ROLES)
  @Get()
  report(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.pages.render(response, actor, reportId, 'report');
  }

  @Allow(...ALL_ROLES)
  @Get('history')
  async history(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @QueryText('from') from: string,
    @QueryText('to') to: string,
    @Res() response: Response,
  ): Promise<void> {
    const revisions = await this.reports.revisions(actor, reportId);
    const versions = revisions.map((revision) => revision.version);
    // Unchosen, the latest version against the one before; a version chosen is compared only if the report has it.
    const toVersion = to ? Number(to) : versions[0];
    const fromVersion = from
      ? Number(from)
      : (versions.find((version) => version < toVersion) ?? versions[versions.length - 1]);
    const refusal = from || to ? comparisonRefusal(versions, fromVersion, toVersion) : null;
    const errors: PageError[] = refusal
      ? [
          {
            text: versionComparisonMessage(refusal, { from, to }),
            href: refusal.path === '/from' ? '#from-version' : '#to-version',
            path: refusal.path,
          },
        ]
      : [];
    const changes =
      !refusal && fromVersion !== undefined && toVersion !== undefined && fromVersion !== toVersion
        ? await this.reports.diff(actor, reportId, fromVersion, toVersion)
        : [];
    const [members, actions] = await Promise.all([
      this.users.listMembers(actor.organizationId),
      this.audit.actionsByReportVersion(actor.organizationId, reportId),
    ]);
    const names = new Map(members.map((member) => [member.id, member.displayName]));
    return this.pages.render(
      response,
      actor,
      reportId,
      'history',
      {
        revisions: revisions.map((revision) => {
          const action = actions.get(revision.version);
          return {
            version: revision.version,
            // What the save was (提出, 差戻し, 報告の編集 …), so a change is found without comparing pair after pair.
            cause: action ? auditActionLabel(action) : '—',
            changedAt: revision.changedAt,
            changedBy: revision.changedBy ? (names.get(revision.changedBy) ?? '—') : '—',
          };
        }),
        fromVersion,
        toVersion,
        changes: reportChangeRows(changes),
        errors,
      },
      undefined,
      queryStatus(errors),
    );
  }

  @LinkSessionAllowed()
  @Allow(...ALL_ROLES)
  @Get('questions')
  questions(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.pages.render(response, actor, reportId, 'questions');
  }

  /** The individual opinions side by side, with the text they add up to as the start of ⑦. */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('consolidate')
  consolidate(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @Res() response: Response,
  ): Promise<void> {
    return this.pages.render(response, actor, reportId, 'consolidate');
  }

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('audit')
  async auditTrail(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('reportId') reportId: string,
    @QueryText('page') pageParameter: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.reports.get(actor, reportId);
    const { items: entries, paging } = await pagedList(pageParameter, AUDIT_PAGE_SIZE, (page) =>
      this.audit.query(actor.organizationId, { reportId }, page),
    );
    // Named as the organization's 監査ログ names them: as they were then, and a former member as such.
    const people = await this.people.naming(actor.organizationId, userIdsIn(entries));
    const names = actorNames(people);
    const actorWhenWritten = actorNamesWhenWritten(people);
    return this.pages.render(response, actor, reportId, 'audit', {
      entries: entries.map((entry) =>
        auditEntryRow(entry, names, { departments: people.departments, actorWhenWritten }),
      ),
      exportHref: auditExportHref(actor.organizationId, { reportId }),
      auditPage: paging,
    });
  }
}
