import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganizationActor } from '../../access/actor';
import { actorEvent, type AuditEvent, AuditLog } from '../../audit/audit-log';
import { diffDocuments } from '../../common/document-diff';
import { completeVersionBump } from '../../infra/database/optimistic-lock';
import { PlanAmendmentsRepository } from '../../projects/plan-amendments.repository';
import { type ProjectEditFollower, ProjectEdits } from '../../projects/project-edits';
import { ProjectsRepository } from '../../projects/projects.repository';
import { planForYear } from '../report/report-plan';
import { reportDocument } from '../report/report-view';
import { ReportsRepository } from '../report/reports.repository';
import { ResultReport } from '../report/result-report.entity';
import { ReportRevisions } from './report-revisions';

/**
 * Reports open for editing follow their project: when the project is edited, the plan copy of each draft, and of each
 * report being corrected (訂正中: so that a mistake in ①–③ or a KPI definition can be corrected through the project),
 * becomes the project's plan for its year (planForYear), as a new version with a revision (so an editor holding the old
 * version reloads) and an entry in its own audit history.
 * Submitted and published reports keep the plan of their year.
 */
@Injectable()
export class PlanFollowers implements ProjectEditFollower, OnModuleInit {
  constructor(
    private readonly projectEdits: ProjectEdits,
    private readonly projects: ProjectsRepository,
    private readonly amendments: PlanAmendmentsRepository,
    private readonly reports: ReportsRepository,
    private readonly revisions: ReportRevisions,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.projectEdits.follow(this);
  }

  async projectEdited(
    manager: EntityManager,
    projectId: string,
    actor: OrganizationActor,
    fromFiscalYear: number | null,
  ): Promise<string[]> {
    const followers = await this.reports.lockPlanFollowersOf(manager, projectId, fromFiscalYear);
    if (followers.length === 0) return [];
    const project = await this.projects.withPlan(manager, projectId);
    const latestAmendmentYear = await this.amendments.latestEffectiveYear(manager, projectId);
    const events: AuditEvent[] = [];
    for (const before of followers) {
      const plan = planForYear(project, before.plan!, before.fiscalYear, latestAmendmentYear);
      await this.reports.replacePlan(manager, before.id, plan);
      await completeVersionBump(manager, ResultReport, before.id, before.version);
      const after = (await this.reports.loadFull(before.id, manager))!;
      await this.revisions.record(manager, after, actor.userId);
      // The report's own plan copy before and after, as its edits are recorded: it may have differed from the project.
      events.push(
        actorEvent(
          actor,
          'report.plan_followed',
          { type: 'report', id: before.id },
          {
            projectId,
            version: after.version,
            changes: diffDocuments(reportDocument(before, before.project!), reportDocument(after, after.project!)),
          },
        ),
      );
    }
    await this.audit.appendAll(manager, events);
    return followers.map((report) => report.id);
  }

  /** A submission under way when the project is edited is waited for: then its plan change needs an amendment. */
  recordBegun(manager: EntityManager, projectId: string): Promise<boolean> {
    return this.reports.lockedPastDraft(manager, projectId);
  }
}
