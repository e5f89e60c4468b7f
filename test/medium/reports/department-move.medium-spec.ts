import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Role } from '../../../src/access/role';
import { Recipients } from '../../../src/notifications/recipients';
import { NotificationUsersRepository } from '../../../src/notifications/notification-users.repository';
import { OutboxEvent } from '../../../src/outbox/outbox-event.entity';
import { type Department } from '../../../src/organizations/department.entity';
import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { ProjectsService } from '../../../src/projects/projects.service';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReviewsService } from '../../../src/reports/reviews/reviews.service';
import { AssignmentStatus } from '../../../src/reports/rules/assignment-status';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { TasksService } from '../../../src/tasks/tasks.service';
import { MembershipsRepository } from '../../../src/users/memberships.repository';
import { User } from '../../../src/users/user.entity';
import { type GivenMunicipality, type GivenUser } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('組織改編: a project moved to another department takes its reports in flight along', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let tourism: Department;
  let tourismOwner: GivenUser;
  let projects: ProjectsService;
  let reports: ReportsService;
  let reviews: ReviewsService;
  let workflow: WorkflowService;
  let recipients: Recipients;

  beforeAll(async () => {
    app = await createMediumApp();
    projects = app.get(ProjectsService);
    reports = app.get(ReportsService);
    reviews = app.get(ReviewsService);
    workflow = app.get(WorkflowService);
    recipients = new Recipients(
      app.get(ReportsRepository),
      app.get(MembershipsRepository),
      new NotificationUsersRepository(app.dataSource.getRepository(User)),
    );
    town = await app.given.municipality();
    tourism = await app.given.department(town.organization, '観光振興課');
    tourismOwner = await app.given.user({
      organization: town.organization,
      roles: [Role.ProjectOwner],
      department: tourism,
      name: 'tourismOwner',
    });
  });

  afterAll(() => app?.close());

  /** The administrator moves the project to 観光振興課, as the project page does. */
  const moveToTourism = async (project: GrantProject) => {
    const { version } = await projects.get(town.admin.actor, project.id);
    return projects.update(town.admin.actor, project.id, { version, departmentId: tourism.id });
  };

  const decided = () => ({ proposedBy: town.planner.id, approvedBy: town.approver.id });

  /** Who an owners' notification about the report reaches, as the delivery resolves it. */
  const ownersTold = async (reportId: string) => {
    const event = Object.assign(new OutboxEvent(), {
      organizationId: town.organization.id,
      type: 'question.asked',
      reportId,
      actorUserId: null,
      payload: {},
    });
    const report = await app.get(ReportsRepository).findWithProject(reportId);
    return (await recipients.resolve(event, ['owners'], report)).map((person) => person.userId);
  };

  it('the project names its reports in flight, which move with it, and not its drafts or published ones', async () => {
    const project = await app.given.project(town.department);
    const awaitingPublication = await app.given.report(project, {
      fiscalYear: 2021,
      status: ReportStatus.Decided,
      ...decided(),
    });
    const inReview = await app.given.report(project, { fiscalYear: 2022, status: ReportStatus.InExpertReview });
    await app.given.report(project, { fiscalYear: 2023 });
    const published = await app.given.report(await app.given.project(town.department), {
      status: ReportStatus.Published,
      ...decided(),
    });

    expect((await reports.inFlightOfProject(town.admin.actor, project.id)).map((report) => report.id)).toEqual([
      awaitingPublication.id,
      inReview.id,
    ]);
    expect(await reports.inFlightOfProject(town.admin.actor, published.projectId)).toEqual([]);
  });

  it('a draft moves with its project without a version: nothing it shows changed, its copy names the new department', async () => {
    const project = await app.given.project(town.department);
    const draft = await app.given.report(project, { fiscalYear: 2023 });
    const before = await app.footprint(draft.id);

    const { updatedDraftReportIds } = await moveToTourism(project);

    expect(updatedDraftReportIds).toEqual([]);
    expect(await app.footprint(draft.id)).toEqual(before);
    expect(await app.auditActions(draft.id)).not.toContain('report.plan_followed');
    expect(
      await app.dataSource.query('SELECT department_id, department_name FROM report_plans WHERE report_id = $1', [
        draft.id,
      ]),
    ).toEqual([{ department_id: tourism.id, department_name: '観光振興課' }]);
    expect((await reports.get(tourismOwner.actor, draft.id)).project.departmentId).toBe(tourism.id);
  });

  it('a draft moved with a change it shows takes a version whose entry names that change', async () => {
    const project = await app.given.project(town.department);
    const draft = await app.given.report(project, { fiscalYear: 2023 });
    const { version } = await projects.get(town.admin.actor, project.id);

    const { updatedDraftReportIds } = await projects.update(town.admin.actor, project.id, {
      version,
      departmentId: tourism.id,
      name: '観光と産品の販路拡大',
    });

    expect(updatedDraftReportIds).toEqual([draft.id]);
    expect((await app.auditEntries(draft.id)).at(-1)).toMatchObject({
      action: 'report.plan_followed',
      details: { version: draft.version + 1, changes: [{ path: '/project/name', after: '観光と産品の販路拡大' }] },
    });
  });

  it('a question in review is seen, answered and awaited by the new department, and no longer by the old', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, { status: ReportStatus.InExpertReview });
    await app.given.assignment(report, town.expertA, { status: AssignmentStatus.Accepted });
    await moveToTourism(project);

    const question = await reviews.askQuestion(town.expertA.actor, report.id, 'R5の実績値の根拠は?');

    expect(await ownersTold(report.id)).toEqual([tourismOwner.id]);
    const tasks = await app.get(TasksService).ownerTasks(tourismOwner.actor);
    expect(tasks.find((task) => task.report.id === report.id)).toMatchObject({
      openQuestions: 1,
      report: { departmentName: '観光振興課' },
    });
    expect((await reviews.listComments(tourismOwner.actor, report.id)).map((comment) => comment.id)).toContain(
      question.id,
    );
    expect((await reports.get(tourismOwner.actor, report.id)).project.departmentName).toBe('観光振興課');
    await reviews.answerQuestion(tourismOwner.actor, report.id, question.id, '統計書の値です。');

    expect(await refusalOf(reports.get(town.owner.actor, report.id))).toBeInstanceOf(NotFoundException);
    expect(
      await refusalOf(reviews.answerQuestion(town.owner.actor, report.id, question.id, '回答します。')),
    ).toBeInstanceOf(NotFoundException);
  });

  it('a submitted report returned after the move is edited and submitted by the new department', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, { status: ReportStatus.Submitted });
    await moveToTourism(project);

    await workflow.returnToDraft(town.planner.actor, report.id, '指標の時点を確認してください。');

    expect(await ownersTold(report.id)).toEqual([tourismOwner.id]);
    const returned = await reports.get(tourismOwner.actor, report.id);
    expect(returned.project).toMatchObject({ departmentId: tourism.id, departmentName: '観光振興課' });
    const edited = await reports.update(tourismOwner.actor, report.id, {
      version: returned.version,
      effectNarrative: '商談件数が目標を上回った(R5.3月時点)。',
    });
    expect((await workflow.submit(tourismOwner.actor, report.id)).status).toBe(ReportStatus.Submitted);
    expect(edited.project.departmentName).toBe('観光振興課');
    expect(await refusalOf(reports.get(town.owner.actor, report.id))).toBeInstanceOf(NotFoundException);
  });

  it('the old department may not act on a report it can still see through another role', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, { status: ReportStatus.InExpertReview });
    const expertOwner = await app.given.user({
      organization: town.organization,
      roles: [Role.ProjectOwner, Role.ExternalExpert],
      department: town.department,
    });
    await app.given.assignment(report, expertOwner, { status: AssignmentStatus.Accepted });
    const question = await app.given.question(report, town.expertA);
    await moveToTourism(project);

    expect(
      await refusalOf(reviews.answerQuestion(expertOwner.actor, report.id, question.id, '回答します。')),
    ).toBeInstanceOf(ForbiddenException);
  });

  it('a report published after the move is published under the new department', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, { status: ReportStatus.Decided, ...decided() });
    await moveToTourism(project);

    await workflow.publish(town.planner.actor, report.id);

    expect((await reports.edition(town.planner.actor, report.id, 1)).project.departmentName).toBe('観光振興課');
    expect((await reports.get(town.planner.actor, report.id)).project.departmentName).toBe('観光振興課');
  });

  it('a published report keeps the department it was published under, in its edition and on its page', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, { status: ReportStatus.Decided, ...decided() });
    await workflow.publish(town.planner.actor, report.id);
    const before = await app.footprint(report.id);

    await moveToTourism(project);

    expect(await app.footprint(report.id)).toEqual(before);
    expect((await reports.edition(town.planner.actor, report.id, 1)).project.departmentName).toBe('経済部');
    expect((await reports.get(town.planner.actor, report.id)).project).toMatchObject({
      departmentId: town.department.id,
      departmentName: '経済部',
    });
  });

  it('a correction started after the move is the new department’s and names it; edition 1 keeps the old', async () => {
    const project = await app.given.project(town.department);
    const report = await app.given.report(project, { status: ReportStatus.Decided, ...decided() });
    await workflow.publish(town.planner.actor, report.id);
    await moveToTourism(project);

    const opened = await workflow.startCorrection(town.admin.actor, report.id, '④の実績額の誤記を訂正');

    expect(opened.project).toMatchObject({ departmentId: tourism.id, departmentName: '観光振興課' });
    expect((await app.auditEntries(report.id)).at(-1)).toMatchObject({
      action: 'report.plan_followed',
      details: { changes: [{ path: '/project/departmentId', before: town.department.id, after: tourism.id }] },
    });
    expect((await app.outbox({ reportId: report.id })).at(-1)).toEqual({
      type: 'report.correction_started',
      payload: { reason: '④の実績額の誤記を訂正', planFollowed: true },
    });
    expect((await reports.edition(town.planner.actor, report.id, 1)).project.departmentName).toBe('経済部');
    await reports.update(tourismOwner.actor, report.id, { version: opened.version, effectNarrative: '訂正後の説明' });
    await workflow.submitCorrection(tourismOwner.actor, report.id);
    await workflow.publish(town.planner.actor, report.id);

    expect((await reports.edition(town.planner.actor, report.id, 2)).project.departmentName).toBe('観光振興課');
    expect((await reports.edition(town.planner.actor, report.id, 1)).project.departmentName).toBe('経済部');
    expect(await refusalOf(reports.get(town.owner.actor, report.id))).toBeInstanceOf(NotFoundException);
  });
});
