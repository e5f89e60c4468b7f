import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganizationActor } from '../../access/actor';
import { completeVersionBump } from '../../infra/database/optimistic-lock';
import { type ProjectEditFollower, ProjectEdits } from '../../projects/project-edits';
import { ProjectsRepository } from '../../projects/projects.repository';
import { planOf } from '../report/report-plan';
import { ReportsRepository } from '../report/reports.repository';
import { ResultReport } from '../report/result-report.entity';
import { ReportRevisions } from './report-revisions';

/**
 * Drafts follow their project: when the project is edited, each draft's plan copy becomes the project as it is now,
 * as a new version with a revision (so an editor holding the old version reloads). Submitted and later reports keep
 * the plan of their year.
 */
@Injectable()
export class DraftPlans implements ProjectEditFollower, OnModuleInit {
  constructor(
    private readonly projectEdits: ProjectEdits,
    private readonly projects: ProjectsRepository,
    private readonly reports: ReportsRepository,
    private readonly revisions: ReportRevisions,
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
    const drafts = await this.reports.lockDraftsOf(manager, projectId, fromFiscalYear);
    if (drafts.length === 0) return [];
    const plan = planOf(await this.projects.withPlan(manager, projectId));
    for (const draft of drafts) {
      await this.reports.replacePlan(manager, draft.id, plan);
      await completeVersionBump(manager, ResultReport, draft.id, draft.version);
      await this.revisions.record(manager, (await this.reports.loadFull(draft.id, manager))!, actor.userId);
    }
    return drafts.map((draft) => draft.id);
  }

  /** A submission under way when the project is edited is waited for: then its plan change needs an amendment. */
  recordBegun(manager: EntityManager, projectId: string): Promise<boolean> {
    return this.reports.lockedPastDraft(manager, projectId);
  }
}
