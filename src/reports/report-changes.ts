import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { GrantProject } from '../projects/grant-project.entity';
import { auditActorOf, OrganizationActor } from '../auth/actor';
import { assertCurrentVersion, completeVersionBump } from '../infra/database/optimistic-lock';
import { enqueueNotifications, NotificationRequest } from '../notifications/outbox';
import { authorizeAction, ReportAction, WorkflowRule } from '../workflow/report-workflow';
import { diffDocuments } from '../common/document-diff';
import { ReportRevision } from './report-revision.entity';
import { buildReportView, reportDocument } from './report-view';
import { ReportsRepository } from './reports.repository';
import { ResultReport } from './result-report.entity';

export interface ChangeContext {
  manager: EntityManager;
  /** Row-locked for this transaction. */
  report: ResultReport;
  rule: WorkflowRule;
  /** The report's project as it stands, with its KPI definitions. */
  project: GrantProject;
  assignedExpertIds: string[];
}

export interface ChangeRequest {
  action: ReportAction;
  /** The audit log's name for what happened, e.g. report.submitted. */
  auditAction: string;
  /** For form saves: the version the user edited; a stale one is refused whole. */
  editedVersion?: number;
  auditDetails?: Record<string, unknown>;
}

/**
 * The one path by which an existing report changes. In a single transaction: visibility (404), row lock,
 * the workflow rule (403/409/422), the version check, the change itself, the state transition, a new
 * version and revision, the audit entry with field-level before/after, and the notification requests.
 * Concurrent changes of one report serialize on the row lock, so exactly one of competing transitions wins.
 */
@Injectable()
export class ReportChanges {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditLog,
  ) {}

  async run(
    actor: OrganizationActor,
    reportId: string,
    request: ChangeRequest,
    change: (context: ChangeContext) => Promise<NotificationRequest[] | void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.reports.isVisible(actor, reportId, manager))) throw new NotFoundException('Report not found.');
      const report = (await this.reports.lockForChange(manager, actor.organizationId, reportId))!;
      const before = (await this.reports.loadFull(reportId, manager))!;
      const project = before.project!;
      const assignedExpertIds = await this.reports.assignedExpertIds(reportId, manager);
      const rule = authorizeAction(
        request.action,
        {
          status: report.status,
          organizationId: report.organizationId,
          departmentId: project.departmentId,
          assignedExpertIds,
          proposedBy: report.proposedBy,
          submissionProblems: buildReportView(before, project).submission.problems,
        },
        actor,
      );
      if (request.editedVersion !== undefined) assertCurrentVersion('report', report.version, request.editedVersion);
      const startVersion = report.version;

      const notifications = (await change({ manager, report, rule, project, assignedExpertIds })) ?? [];
      if (rule.to) report.status = rule.to;
      report.updatedBy = actor.userId;
      await manager.save(report);
      await completeVersionBump(manager, ResultReport, reportId, startVersion);

      const after = (await this.reports.loadFull(reportId, manager))!;
      const changes = diffDocuments(reportDocument(before, project), reportDocument(after, after.project!));
      if (changes.length > 0) await this.saveRevision(manager, after, actor.userId);
      await this.audit.append(manager, {
        organizationId: report.organizationId,
        actor: auditActorOf(actor),
        action: request.auditAction,
        entityType: 'report',
        entityId: reportId,
        details: { ...request.auditDetails, fromStatus: before.status, toStatus: after.status, version: after.version, changes },
      });
      await enqueueNotifications(manager, notifications);
    });
  }

  async saveRevision(manager: EntityManager, report: ResultReport, userId: string): Promise<void> {
    const revision = new ReportRevision();
    Object.assign(revision, { organizationId: report.organizationId, reportId: report.id, version: report.version, snapshot: reportDocument(report, report.project!), changedBy: userId });
    await manager.save(revision);
  }
}
