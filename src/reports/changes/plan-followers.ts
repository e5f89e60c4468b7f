import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganizationActor } from '../../access/actor';
import { actorEvent, type AuditEvent, AuditLog } from '../../audit/audit-log';
import { diffDocuments } from '../../common/document-diff';
import { completeVersionBump } from '../../infra/database/optimistic-lock';
import type { GrantProject } from '../../projects/grant-project.entity';
import type { PlanAmendment } from '../../projects/plan-amendment.entity';
import { PlanAmendmentsRepository } from '../../projects/plan-amendments.repository';
import { type MovingRecord, type ProjectEditFollower, ProjectEdits } from '../../projects/project-edits';
import { ProjectsRepository } from '../../projects/projects.repository';
import { type CorrectionStart, correctionPlan, type PlanContent, planForYear } from '../report/report-plan';
import type { ReportPlan } from '../report/report-plan.entity';
import { reportChangeDocument } from '../report/report-view';
import { ReportsRepository } from '../report/reports.repository';
import { ResultReport } from '../report/result-report.entity';
import { ON_THE_RECORD, REPORT_STATUS_LABELS, ReportStatus } from '../rules/report-status';
import { ReportRevisions } from './report-revisions';

/**
 * The amendments a plan copy did not start from: those made after it was taken, with its report (the project as it was
 * then), or for a correction anew when it started (its edition's plan).
 */
function madeSinceCopied(amendments: readonly PlanAmendment[], copy: ReportPlan): PlanAmendment[] {
  return amendments.filter((amendment) => amendment.amendedAt > copy.createdAt);
}

/**
 * The plan a report open for editing (its copy loaded) follows, given its project's amendments (oldest first): a
 * draft's is the project's plan for its year, a correction's its edition's with what changed its year's plan since.
 */
function planFollowed(
  project: GrantProject,
  report: ResultReport,
  amendments: readonly PlanAmendment[],
  correctionStart: CorrectionStart | null,
): PlanContent {
  const copy = report.plan!;
  const since = madeSinceCopied(amendments, copy);
  return report.status === ReportStatus.Correcting
    ? correctionPlan(project, copy, report.fiscalYear, since, correctionStart)
    : planForYear(project, report.fiscalYear, since);
}

/**
 * Reports open for editing follow their project: when the project is edited, the plan copy of each draft becomes the
 * project's plan for its year (planForYear), and that of each report being corrected (訂正中: so that a mistake in ①–③
 * or a KPI definition can be corrected through the project) takes what changed its year's plan since the correction
 * started (correctionPlan), as a new version with a revision (so an editor holding the old version reloads) and an entry
 * in its own audit history, when the report shows the change (follow). A report opened for editing again catches up the
 * same way. Submitted and published reports keep the plan of their year.
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
    const amendments = await this.amendments.inOrderOf(manager, projectId);
    const followed: AuditEvent[] = [];
    const versioned: string[] = [];
    for (const before of followers) {
      const { event } = await this.follow(
        manager,
        actor,
        before,
        planFollowed(project, before, amendments, await this.correctionStartOf(manager, before)),
      );
      if (event) {
        followed.push(event);
        versioned.push(before.id);
      }
    }
    await this.audit.appendAll(manager, followed);
    return versioned;
  }

  /**
   * A report just opened for editing again (`report`, as the change left it, from the state `from`) held its plan copy
   * as it was while its project was edited. Back in 作成中 it takes the project's plan for its year, so its owner does
   * not edit against a plan that is no longer the project's; back in 訂正中 what changed its year's plan meanwhile. A
   * correction of a published report is a new edition of it: its copy is taken anew from that edition, where only its
   * department becomes the one responsible now, and every edition stays as published. Followed as a project edit is
   * (follow). Returns the report as it is then.
   */
  async reopened(
    manager: EntityManager,
    actor: OrganizationActor,
    from: ReportStatus,
    report: ResultReport,
  ): Promise<ResultReport> {
    if (!report.plan) return report;
    const project = await this.projects.withPlan(manager, report.projectId);
    // The copy as written again, without when it was taken: a correction starting takes it anew (retakePlan).
    const { reportId: _reportId, report: _report, createdAt: _createdAt, updatedAt: _updatedAt, ...copy } = report.plan;
    const startingCorrection = ON_THE_RECORD.includes(from);
    if (startingCorrection) await this.reports.retakePlan(manager, report.id);
    const plan: PlanContent = startingCorrection
      ? { ...copy, departmentId: project.departmentId, departmentName: project.department?.name ?? '' }
      : planFollowed(
          project,
          report,
          await this.amendments.inOrderOf(manager, project.id),
          await this.correctionStartOf(manager, report),
        );
    const { event, after } = await this.follow(manager, actor, report, plan);
    if (event) await this.audit.append(manager, event);
    return after;
  }

  /** Where the report's correction started, for a report being corrected; null otherwise. */
  private correctionStartOf(manager: EntityManager, report: ResultReport): Promise<CorrectionStart | null> {
    return report.status === ReportStatus.Correcting
      ? this.reports.correctionStartOf(manager, report.id)
      : Promise.resolve(null);
  }

  /**
   * The plan copy of `before` becomes `plan`. A change the report shows is a new version of it with its revision, and
   * the audit entry that records it with what changed (the report's own copy before and after: it may have differed
   * from the project). A copy that differs only in what the report does not show (its department while open or in
   * flight, shown as its project's already) is brought up to date in place: a version would name no change, and would
   * only refuse the save of an editor holding the one before. Returns the entry, if any, and the report as it is then.
   */
  private async follow(
    manager: EntityManager,
    actor: OrganizationActor,
    before: ResultReport,
    plan: PlanContent,
  ): Promise<{ event: AuditEvent | null; after: ResultReport }> {
    await this.reports.replacePlan(manager, before.id, plan);
    const replaced = (await this.reports.loadFull(before.id, manager))!;
    const changes = diffDocuments(
      reportChangeDocument(before, before.project!),
      reportChangeDocument(replaced, replaced.project!),
    );
    if (changes.length === 0) return { event: null, after: replaced };
    await completeVersionBump(manager, ResultReport, before.id, before.version);
    const after = (await this.reports.loadFull(before.id, manager))!;
    await this.revisions.record(manager, after, actor.userId);
    const event = actorEvent(
      actor,
      'report.plan_followed',
      { type: 'report', id: before.id },
      { projectId: before.projectId, version: after.version, changes },
    );
    return { event, after };
  }

  /** A submission under way when the project is edited is waited for: then its plan change needs an amendment. */
  recordBegun(manager: EntityManager, projectId: string): Promise<boolean> {
    return this.reports.lockedPastDraft(manager, projectId);
  }

  /** Every report not on the published record is its project's department's (asOfItsYear), so it moves along. */
  async movingWith(organizationId: string, projectIds: string[]): Promise<MovingRecord[]> {
    return (await this.reports.offTheRecordOf(organizationId, projectIds)).map(
      ({ id, projectId, fiscalYear, status }) => ({
        id,
        projectId,
        fiscalYear,
        status,
        statusLabel: REPORT_STATUS_LABELS[status],
      }),
    );
  }
}
