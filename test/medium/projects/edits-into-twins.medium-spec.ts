import { Role } from '../../../src/access/role';
import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { type CreateProjectRequest, type UpdateProjectRequest } from '../../../src/projects/projects.dto';
import { ProjectsService } from '../../../src/projects/projects.service';
import { SimilarProjectRegistered } from '../../../src/projects/similar-projects';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('ProjectsService: editing a grant project (国提出事業) into one that looks registered already', () => {
  let app: MediumApp;
  let town: GivenMunicipality;
  let projects: ProjectsService;
  const request = (changes: Partial<CreateProjectRequest> = {}): CreateProjectRequest => ({
    departmentId: town.department.id,
    projectNumber: '2',
    name: 'とかち農業交流拠点施設整備事業',
    grantTypeCode: 'promotion',
    planStartFiscalYear: 2024,
    planEndFiscalYear: 2026,
    ...changes,
  });
  const edit = (project: GrantProject, changes: Omit<UpdateProjectRequest, 'version'>) =>
    projects.update(town.planner.actor, project.id, { version: project.version, ...changes });
  const stored = (project: GrantProject) =>
    app.dataSource.query(`SELECT name, version FROM grant_projects WHERE id = $1`, [project.id]);

  beforeEach(async () => {
    town = await app.given.municipality();
  });

  beforeAll(async () => {
    app = await createMediumApp();
    projects = app.get(ProjectsService);
  });

  afterAll(() => app?.close());

  it('refuses an edit of the name that makes it look like another project, naming it, and saves nothing', async () => {
    const first = await projects.create(town.planner.actor, request());
    const other = await projects.create(town.planner.actor, request({ name: '農業交流事業' }));

    const refusal = await refusalOf(edit(other, { name: 'とかち農業交流拠点　施設整備事業', overview: '交流拠点' }));

    expect(refusal).toBeInstanceOf(SimilarProjectRegistered);
    expect(refusal.getResponse()).toMatchObject({
      details: [
        {
          path: '/confirmSimilarProject',
          message: `is registered already with this number and name and an overlapping plan period: 「No.2 とかち農業交流拠点施設整備事業」 (${town.department.name}, R6年度～R8年度, id ${first.id})`,
        },
      ],
    });
    expect(await stored(other)).toEqual([{ name: '農業交流事業', version: other.version }]);
  });

  it('saves it when the request confirms it is another project, and audits the edit naming the one beside it', async () => {
    const first = await projects.create(town.planner.actor, request());
    const other = await projects.create(
      town.planner.actor,
      request({ planStartFiscalYear: 2027, planEndFiscalYear: 2029 }),
    );

    await edit(other, { planStartFiscalYear: 2026, confirmSimilarProject: true });

    expect(await app.auditEntries(other.id)).toEqual([
      { action: 'project.created', details: expect.not.objectContaining({ confirmedBeside: expect.anything() }) },
      { action: 'project.edited', details: expect.objectContaining({ confirmedBeside: [first.id] }) },
    ]);
  });

  it("compares with another department's projects, which an owner is named by title and department only", async () => {
    const tourism = await app.given.department(town.organization, '観光課');
    const tourismOwner = await app.given.user({
      organization: town.organization,
      roles: [Role.ProjectOwner],
      department: tourism,
    });
    const first = await projects.create(town.planner.actor, request());
    const other = await projects.create(tourismOwner.actor, request({ departmentId: tourism.id, projectNumber: '5' }));

    const refusal = await refusalOf(
      projects.update(tourismOwner.actor, other.id, { version: other.version, projectNumber: '2' }),
    );

    expect(refusal).toBeInstanceOf(SimilarProjectRegistered);
    expect(JSON.stringify(refusal.getResponse())).toContain('a department whose projects you do not see');
    expect(JSON.stringify(refusal.getResponse())).not.toContain(first.id);
  });

  it('asks nothing of an edit that leaves its No, name and plan period, nor of a twin it was confirmed beside before', async () => {
    const first = await projects.create(town.planner.actor, request());
    const second = await projects.create(town.planner.actor, request({ confirmSimilarProject: true }));

    const { changed } = await edit(second, { overview: '第2期の拠点' });
    const { project } = await projects.update(town.planner.actor, second.id, {
      version: second.version + 1,
      planEndFiscalYear: 2027,
    });

    expect(changed).toBe(true);
    expect(project.planEndFiscalYear).toBe(2027);
    expect(await app.auditEntries(second.id)).toEqual([
      { action: 'project.created', details: expect.objectContaining({ confirmedBeside: [first.id] }) },
      { action: 'project.edited', details: expect.not.objectContaining({ confirmedBeside: expect.anything() }) },
      { action: 'project.edited', details: expect.not.objectContaining({ confirmedBeside: expect.anything() }) },
    ]);
  });

  it('names again, for an edit page refused for something else, the projects the edit would be refused beside', async () => {
    const first = await projects.create(town.planner.actor, request());
    const other = await projects.create(town.planner.actor, request({ projectNumber: '5' }));

    expect(await projects.similarTo(town.planner.actor, { ...request(), projectNumber: '2' }, other.id)).toEqual([
      {
        projectNumber: '2',
        name: 'とかち農業交流拠点施設整備事業',
        departmentName: town.department.name,
        seen: { id: first.id, planPeriodLabel: 'R6年度～R8年度' },
      },
    ]);
    expect(await projects.similarTo(town.planner.actor, { ...request(), projectNumber: '5' }, other.id)).toEqual([]);
  });
});
