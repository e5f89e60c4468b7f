import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { Role } from '../../../src/access/role';
import { Department } from '../../../src/organizations/department.entity';
import { OrganizationsService } from '../../../src/organizations/organizations.service';
import { DepartmentRetirementService } from '../../../src/projects/department-retirement.service';
import { ProjectsService } from '../../../src/projects/projects.service';
import { ReportsService } from '../../../src/reports/reports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { UsersService } from '../../../src/users/users.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, detailPaths, type MediumApp, refusalOf } from '../support/medium-app';

describe('課の廃止・統合: a department retired into its successor hands on its projects and owners', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let retirement: DepartmentRetirementService;
  let projects: ProjectsService;
  let reports: ReportsService;
  let organizations: OrganizationsService;

  beforeAll(async () => {
    app = await createMediumApp();
    retirement = app.get(DepartmentRetirementService);
    projects = app.get(ProjectsService);
    reports = app.get(ReportsService);
    organizations = app.get(OrganizationsService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  const decided = () => ({ proposedBy: town.planner.id, approvedBy: town.approver.id });
  const departmentRow = (id: string) => app.dataSource.getRepository(Department).findOneByOrFail({ id });
  const ownerOf = (department: Department) =>
    app.given.user({ organization: town.organization, roles: [Role.ProjectOwner], department });

  it('moves every project as a move of its 事業担当課 is recorded, with its reports in flight, and keeps the name', async () => {
    const retiring = await app.given.department(town.organization, '商工観光課');
    const successor = await app.given.department(town.organization, '観光振興課');
    const successorOwner = await ownerOf(successor);
    const first = await app.given.project(retiring);
    const second = await app.given.project(retiring);
    const inReview = await app.given.report(first, { status: ReportStatus.InExpertReview });
    const draft = await app.given.report(second, { fiscalYear: 2023 });

    await retirement.retire(town.admin.actor, retiring.id, successor.id);

    for (const project of [first, second]) {
      expect((await projects.get(town.admin.actor, project.id)).departmentId).toBe(successor.id);
      const [edited] = (await app.auditEntries(project.id)).filter(({ action }) => action === 'project.edited');
      expect(edited.details.changes).toEqual([
        expect.objectContaining({ path: '/departmentId', before: retiring.id, after: successor.id }),
      ]);
    }
    expect((await reports.get(successorOwner.actor, inReview.id)).project.departmentName).toBe('観光振興課');
    expect((await reports.get(successorOwner.actor, draft.id)).project.departmentName).toBe('観光振興課');
    expect(await departmentRow(retiring.id)).toMatchObject({
      name: '商工観光課',
      retiredAt: expect.any(Date),
      successorId: successor.id,
    });
    expect(await app.auditEntries(retiring.id)).toEqual([
      {
        action: 'department.retired',
        details: expect.objectContaining({
          name: '商工観光課',
          successorId: successor.id,
          successorName: '観光振興課',
          projectIds: expect.arrayContaining([first.id, second.id]),
        }),
      },
    ]);
  });

  it('leaves published reports and their editions as they were published', async () => {
    const retiring = await app.given.department(town.organization, '企画調整課');
    const successor = await app.given.department(town.organization, '政策推進課');
    const project = await app.given.project(retiring);
    const report = await app.given.report(project, { status: ReportStatus.Decided, ...decided() });
    await app.get(WorkflowService).publish(town.planner.actor, report.id);
    const before = await app.footprint(report.id);

    await retirement.retire(town.admin.actor, retiring.id, successor.id);

    expect(await app.footprint(report.id)).toEqual(before);
    expect((await reports.edition(town.planner.actor, report.id, 1)).project.departmentName).toBe('企画調整課');
  });

  it('makes each owner an owner of the successor, once for someone who was one already', async () => {
    const retiring = await app.given.department(town.organization, '農政課');
    const successor = await app.given.department(town.organization, '農林振興課');
    const owner = await ownerOf(retiring);
    const both = await ownerOf(retiring);
    await app.dataSource.query(
      `INSERT INTO memberships (user_id, organization_id, role, department_id) VALUES ($1, $2, 'project_owner', $3)`,
      [both.id, town.organization.id, successor.id],
    );

    await retirement.retire(town.admin.actor, retiring.id, successor.id);

    const users = app.get(UsersService);
    for (const person of [owner, both]) {
      const memberships = await users.membershipsIn(town.organization.id, person.id);
      expect(memberships.map(({ role, departmentId }) => ({ role, departmentId }))).toEqual([
        { role: Role.ProjectOwner, departmentId: successor.id },
      ]);
      expect(await app.auditActions(person.id)).toEqual(
        person === owner ? ['membership.revoked', 'membership.granted'] : ['membership.revoked'],
      );
    }
  });

  it('retires a department with nothing to hand on without a successor', async () => {
    const empty = await app.given.department(town.organization, '臨時給付金室');

    await retirement.retire(town.admin.actor, empty.id);

    expect(await departmentRow(empty.id)).toMatchObject({ retiredAt: expect.any(Date), successorId: null });
  });

  it('is no longer one of the departments there are now, while the full list keeps it for past years', async () => {
    const retiring = await app.given.department(town.organization, '臨時交付金室');
    await retirement.retire(town.admin.actor, retiring.id);

    const current = await organizations.listCurrentDepartments(town.organization.id);
    expect(current.map(({ id }) => id)).not.toContain(retiring.id);
    expect(current.every(({ retiredAt }) => retiredAt === null)).toBe(true);
    expect(current.map(({ name }) => name)).toEqual([...current.map(({ name }) => name)].sort());
    const all = await organizations.listDepartments(town.organization.id);
    expect(all.map(({ id }) => id)).toContain(retiring.id);
    expect(all.length - current.length).toBe(all.filter(({ retiredAt }) => retiredAt).length);
  });

  describe('refuses, changing nothing', () => {
    let retiring: Department;
    let projectId: string;

    beforeAll(async () => {
      retiring = await app.given.department(town.organization, '建設課');
      projectId = (await app.given.project(retiring)).id;
    });

    afterEach(async () => {
      expect((await departmentRow(retiring.id)).retiredAt).toBeNull();
      expect((await projects.get(town.admin.actor, projectId)).departmentId).toBe(retiring.id);
    });

    it('without a successor while projects remain', async () => {
      const refusal = await refusalOf(retirement.retire(town.admin.actor, retiring.id));
      expect(refusal).toBeInstanceOf(UnprocessableEntityException);
      expect(detailPaths(refusal)).toEqual(['/successorId']);
    });

    it('into itself', async () => {
      const refusal = await refusalOf(retirement.retire(town.admin.actor, retiring.id, retiring.id));
      expect(refusal).toBeInstanceOf(UnprocessableEntityException);
    });

    it('into a retired department, naming it', async () => {
      const gone = await app.given.department(town.organization, '旧土木課');
      await retirement.retire(town.admin.actor, gone.id);
      const refusal = await refusalOf(retirement.retire(town.admin.actor, retiring.id, gone.id));
      expect(refusal).toBeInstanceOf(UnprocessableEntityException);
      expect(refusal.message).toContain('「旧土木課」 is itself retired');
    });

    it('into a department of another municipality', async () => {
      const elsewhere = await app.given.department(await app.given.organization(), '都市計画課');
      expect(await refusalOf(retirement.retire(town.admin.actor, retiring.id, elsewhere.id))).toBeInstanceOf(
        UnprocessableEntityException,
      );
    });
  });

  it('refuses to retire a department twice, and one of another municipality is not found', async () => {
    const retired = await app.given.department(town.organization, '旧総務課');
    await retirement.retire(town.admin.actor, retired.id);
    expect(await refusalOf(retirement.retire(town.admin.actor, retired.id))).toBeInstanceOf(ConflictException);
    const elsewhere = await app.given.department(await app.given.organization());
    expect(await refusalOf(retirement.retire(town.admin.actor, elsewhere.id))).toBeInstanceOf(NotFoundException);
  });

  it('is no choice afterwards: not for a new project, a move or a role, and each refusal names the successor', async () => {
    const retiring = await app.given.department(town.organization, '水道課');
    const successor = await app.given.department(town.organization, '上下水道課');
    await app.given.project(retiring);
    await retirement.retire(town.admin.actor, retiring.id, successor.id);
    const elsewhere = await app.given.project(town.department);

    const refusals = [
      await refusalOf(
        projects.create(town.admin.actor, {
          departmentId: retiring.id,
          name: '上水道更新事業',
          grantTypeCode: 'promotion',
          planStartFiscalYear: 2027,
          planEndFiscalYear: 2029,
        }),
      ),
      await refusalOf(
        projects.update(town.admin.actor, elsewhere.id, { version: elsewhere.version, departmentId: retiring.id }),
      ),
      await refusalOf(
        app.get(UsersService).grantRole(
          town.organization.id,
          town.planner.id,
          { role: Role.ProjectOwner, departmentId: retiring.id },
          {
            userId: town.admin.id,
            roles: [Role.Administrator],
            requestId: 'request',
            ipAddress: '127.0.0.1',
          },
        ),
      ),
    ];
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(UnprocessableEntityException);
      expect(refusal.message).toBe('The department 「水道課」 is retired (廃止); its work went to 「上下水道課」.');
    }
    const current = await organizations.listCurrentDepartments(town.organization.id);
    expect(current.map(({ name }) => name)).toContain('上下水道課');
    expect(current.map(({ name }) => name)).not.toContain('水道課');
  });
});
