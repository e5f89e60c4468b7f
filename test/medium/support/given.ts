import { randomBytes } from 'node:crypto';
import type { DataSource, DeepPartial } from 'typeorm';
import type { OrganizationActor } from '../../../src/access/actor';
import { addDays, todayInJapan } from '../../../src/common/dates';
import { Role } from '../../../src/access/role';
import { FiscalYearCycle } from '../../../src/cycles/fiscal-year-cycle.entity';
import { Department } from '../../../src/organizations/department.entity';
import { Organization } from '../../../src/organizations/organization.entity';
import { GrantProject } from '../../../src/projects/grant-project.entity';
import { KpiDefinition } from '../../../src/projects/kpi-definition.entity';
import { EffectLevel, PanelRating, PolicyDecision } from '../../../src/reports/report/assessment';
import { BudgetLine } from '../../../src/reports/report/budget-line.entity';
import { KpiResult } from '../../../src/reports/report/kpi-result.entity';
import { planOf } from '../../../src/reports/report/report-plan';
import { ReportPlan } from '../../../src/reports/report/report-plan.entity';
import { ReportRevision } from '../../../src/reports/report/report-revision.entity';
import { ResultReport } from '../../../src/reports/report/result-report.entity';
import { CommentKind, ReportComment } from '../../../src/reports/reviews/report-comment.entity';
import { ReviewAssignment } from '../../../src/reports/reviews/review-assignment.entity';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { Membership } from '../../../src/users/membership.entity';
import { User } from '../../../src/users/user.entity';

/** A user as a test uses them: the row's id and the actor the access guard would build for them. */
export interface GivenUser {
  id: string;
  email: string;
  actor: OrganizationActor;
}

/** One municipality with a department and a user per part of the workflow. */
export interface GivenMunicipality {
  organization: Organization;
  department: Department;
  owner: GivenUser;
  expertA: GivenUser;
  expertB: GivenUser;
  planner: GivenUser;
  approver: GivenUser;
  admin: GivenUser;
}

/** The order a report passes through; a report given in a state carries what the earlier steps wrote. */
const PATH = [
  ReportStatus.Draft,
  ReportStatus.Submitted,
  ReportStatus.InExpertReview,
  ReportStatus.Evaluated,
  ReportStatus.DecisionProposed,
  ReportStatus.Decided,
  ReportStatus.Published,
];
const reached = (status: ReportStatus, step: ReportStatus) => PATH.indexOf(status) >= PATH.indexOf(step);

/** A due date that many days from today in Japan, as the app counts them. */
export function dueInDays(days: number): string {
  return addDays(todayInJapan(), days);
}

/**
 * Rows straight into the database, as the state a specification starts from. Nothing here goes through a
 * service, so a spec's "given" never depends on the code it is checking.
 */
export class Given {
  private sequence = 0;

  constructor(private readonly dataSource: DataSource) {}

  private next(): number {
    return ++this.sequence;
  }

  private insert<T extends object>(entity: new () => T, row: DeepPartial<NoInfer<T>>): Promise<T> {
    const repository = this.dataSource.getRepository(entity);
    return repository.save(repository.create(row));
  }

  organization(fields: Partial<Organization> = {}): Promise<Organization> {
    // Unique within the suite's database; codes from 9xxxxx belong to no real municipality (no check digit on insert).
    const number = this.next();
    return this.insert(Organization, {
      name: `テスト市${number}`,
      localGovernmentCode: `9${String(number).padStart(5, '0')}`,
      ...fields,
    });
  }

  department(organization: Organization, name = `部署${this.next()}`): Promise<Department> {
    return this.insert(Department, { organizationId: organization.id, name });
  }

  /** A user holding `roles` in the organization; project owners belong to `department`. */
  async user(options: {
    organization: Organization;
    roles: Role[];
    department?: Department;
    name?: string;
  }): Promise<GivenUser> {
    const { organization, roles, department } = options;
    if (roles.includes(Role.ProjectOwner) && !department) throw new Error('A project owner needs a department.');
    const name = options.name ?? `user${this.next()}`;
    const email = `${name.toLowerCase()}.${randomBytes(3).toString('hex')}@example.jp`;
    const user = await this.insert(User, { email, displayName: name, passwordHash: 'not-used-by-service-specs' });
    for (const role of roles) {
      await this.insert(Membership, {
        userId: user.id,
        organizationId: organization.id,
        role,
        departmentId: role === Role.ProjectOwner ? department!.id : null,
      });
    }
    return {
      id: user.id,
      email,
      actor: {
        userId: user.id,
        sessionId: `session-${user.id}`,
        organizationId: organization.id,
        roles,
        departmentIds: roles.includes(Role.ProjectOwner) ? [department!.id] : [],
        requestId: `request-${this.next()}`,
        ipAddress: '127.0.0.1',
      },
    };
  }

  /** A further role of an existing user in another organization, e.g. an expert on two municipalities' panels. */
  async membership(user: GivenUser, organization: Organization, role: Role.ExternalExpert | Role.PlanningDivision) {
    await this.insert(Membership, { userId: user.id, organizationId: organization.id, role, departmentId: null });
  }

  async municipality(fields: Partial<Organization> = {}): Promise<GivenMunicipality> {
    const organization = await this.organization(fields);
    const department = await this.department(organization, '経済部');
    const person = (name: string, role: Role) =>
      this.user({ organization, roles: [role], department: role === Role.ProjectOwner ? department : undefined, name });
    return {
      organization,
      department,
      owner: await person('owner', Role.ProjectOwner),
      expertA: await person('expertA', Role.ExternalExpert),
      expertB: await person('expertB', Role.ExternalExpert),
      planner: await person('planner', Role.PlanningDivision),
      approver: await person('approver', Role.PlanningDivision),
      admin: await person('admin', Role.Administrator),
    };
  }

  /** A project of the department with one KPI (指標①, 100 → 120 件), planned for 2020–2024 unless told. */
  async project(department: Department, fields: Partial<GrantProject> = {}): Promise<GrantProject> {
    const project = await this.insert(GrantProject, {
      organizationId: department.organizationId,
      departmentId: department.id,
      name: `テスト事業${this.next()}`,
      grantTypeCode: 'promotion',
      planStartFiscalYear: 2020,
      planEndFiscalYear: 2024,
      overview: '地域の販路を開拓する。',
      ...fields,
    });
    await this.insert(KpiDefinition, {
      projectId: project.id,
      position: 1,
      name: '商談件数',
      baseline: 100,
      target: 120,
      unit: '件',
      targetYearMonth: '2025-03',
    });
    return project;
  }

  /**
   * A report of the project (fiscal year 2022 unless told), complete enough to submit, put straight into `status`
   * with what the earlier steps would have written (the panel's evaluation, the proposal, the approval).
   * `complete: false` gives an empty draft; `savedBy` is who created and last saved it (nobody unless told).
   */
  async report(
    project: GrantProject,
    options: {
      status?: ReportStatus;
      fiscalYear?: number;
      complete?: boolean;
      proposedBy?: string;
      approvedBy?: string;
      savedBy?: GivenUser;
      /** ⑧ of a report from 方針案 on (事業の継続 unless told), and the municipality's wording of it. */
      policyDecision?: PolicyDecision;
      policyDecisionLabel?: string;
    } = {},
  ): Promise<ResultReport> {
    const status = options.status ?? ReportStatus.Draft;
    if (reached(status, ReportStatus.DecisionProposed) && !options.proposedBy)
      throw new Error(`A report in ${status} needs proposedBy.`);
    if (reached(status, ReportStatus.Decided) && !options.approvedBy)
      throw new Error(`A report in ${status} needs approvedBy.`);
    const complete = options.complete ?? true;
    // Written as a draft, then moved to its state: a published report's parts are frozen in PostgreSQL.
    const report = await this.insert(ResultReport, {
      organizationId: project.organizationId,
      projectId: project.id,
      fiscalYear: options.fiscalYear ?? 2022,
      status: ReportStatus.Draft,
      createdBy: options.savedBy?.id ?? null,
      updatedBy: options.savedBy?.id ?? null,
      ...(complete
        ? {
            actualAsOf: '2023-03',
            effectLevel: EffectLevel.VeryEffective,
            effectNarrative: '商談件数が目標を上回った。',
          }
        : {}),
      ...(reached(status, ReportStatus.Evaluated)
        ? { panelRating: PanelRating.Effective, panelOpinion: '有効であった。' }
        : {}),
      ...(reached(status, ReportStatus.DecisionProposed)
        ? {
            policyDecision: options.policyDecision ?? PolicyDecision.Continue,
            policyDecisionLabel: options.policyDecisionLabel ?? null,
            policyReason: '継続する。',
            proposedBy: options.proposedBy,
            proposedAt: new Date(),
          }
        : {}),
      ...(reached(status, ReportStatus.Decided) ? { approvedBy: options.approvedBy, approvedAt: new Date() } : {}),
      ...(reached(status, ReportStatus.Published) ? { publishedAt: new Date() } : {}),
    });
    if (complete) {
      await this.insert(BudgetLine, {
        reportId: report.id,
        position: 0,
        name: '販路開拓事業',
        summary: '',
        results: '',
        budgetAmount: 9048,
        budgetGrantAmount: 4524,
        actualAmount: 8800,
        actualGrantAmount: 4400,
      });
      await this.insert(KpiResult, {
        reportId: report.id,
        position: 1,
        latestValue: 124,
        latestAsOf: '2023-03',
        isReference: false,
        yearlyActuals: [],
      });
    }
    const planned = await this.dataSource
      .getRepository(GrantProject)
      .findOneOrFail({ where: { id: project.id }, relations: { kpis: true, department: true, grantType: true } });
    await this.insert(ReportPlan, { ...planOf(planned), reportId: report.id });
    if (status !== ReportStatus.Draft) {
      await this.dataSource.getRepository(ResultReport).update({ id: report.id }, { status });
      report.status = status;
    }
    return report;
  }

  /**
   * An expert's assignment to the report, pending unless told; an opinion only when given one. `fields` sets the rest
   * as a history would have left it (when it was asked, answered, why declined).
   */
  assignment(
    report: ResultReport,
    expert: GivenUser,
    options: {
      status?: AssignmentStatus;
      assignedBy?: GivenUser;
      opinion?: string;
      dueDate?: string;
      fields?: Partial<
        Pick<
          ReviewAssignment,
          'createdAt' | 'respondedAt' | 'declineReasonKind' | 'declineReason' | 'opinionSubmittedAt'
        >
      >;
    } = {},
  ): Promise<ReviewAssignment> {
    return this.insert(ReviewAssignment, {
      organizationId: report.organizationId,
      reportId: report.id,
      expertUserId: expert.id,
      dueDate: options.dueDate ?? dueInDays(14),
      status: options.status ?? AssignmentStatus.Pending,
      assignedBy: options.assignedBy?.id ?? expert.id,
      ...(options.opinion
        ? { rating: PanelRating.Effective, opinion: options.opinion, opinionSubmittedAt: new Date() }
        : {}),
      ...options.fields,
    });
  }

  /** An expert's question on the report's thread. */
  question(report: ResultReport, author: GivenUser, body = '代替策はありますか。'): Promise<ReportComment> {
    return this.comment(report, CommentKind.Question, author, body);
  }

  /** The owning department's answer to a question. */
  answer(question: ReportComment, author: GivenUser, body = '代替策を検討中です。'): Promise<ReportComment> {
    const report = { id: question.reportId, organizationId: question.organizationId };
    return this.comment(report, CommentKind.Answer, author, body, question.id);
  }

  /** 差戻し: the planning division's reason on the thread of a report given as a draft again. */
  returned(
    report: ResultReport,
    planner: GivenUser,
    reason = '指標の最新値の時点を確認してください。',
  ): Promise<ReportComment> {
    if (report.status !== ReportStatus.Draft) throw new Error('A returned report is a draft again.');
    return this.comment(report, CommentKind.Return, planner, reason);
  }

  /** The revision a submission writes (its snapshot's status is what later reads of the history look at). */
  async submission(report: ResultReport, owner: GivenUser): Promise<void> {
    const [{ next }] = await this.dataSource.query(
      'SELECT coalesce(max(version), 0) + 1 AS next FROM report_revisions WHERE report_id = $1',
      [report.id],
    );
    await this.insert(ReportRevision, {
      organizationId: report.organizationId,
      reportId: report.id,
      version: next,
      snapshot: { status: ReportStatus.Submitted },
      changedBy: owner.id,
    });
  }

  /** The year's 年度サイクル with its submission deadline. */
  cycle(organization: Organization, fiscalYear: number, submissionDueDate: string, openedBy: GivenUser) {
    return this.insert(FiscalYearCycle, {
      organizationId: organization.id,
      fiscalYear,
      submissionDueDate,
      openedBy: openedBy.id,
    });
  }

  private comment(
    report: Pick<ResultReport, 'id' | 'organizationId'>,
    kind: CommentKind,
    author: GivenUser,
    body: string,
    parentId: string | null = null,
  ): Promise<ReportComment> {
    return this.insert(ReportComment, {
      organizationId: report.organizationId,
      reportId: report.id,
      kind,
      parentId,
      authorUserId: author.id,
      body,
    });
  }
}
