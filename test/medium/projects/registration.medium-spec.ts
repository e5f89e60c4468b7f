import { Role } from '../../../src/access/role';
import { type CreateProjectRequest } from '../../../src/projects/projects.dto';
import { ProjectsService } from '../../../src/projects/projects.service';
import { SimilarProjectRegistered } from '../../../src/projects/similar-projects';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('ProjectsService: registering a grant project (国提出事業) that looks registered already', () => {
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
  const named = async (name: string): Promise<{ id: string }[]> =>
    app.dataSource.query(`SELECT id FROM grant_projects WHERE organization_id = $1 AND name = $2 ORDER BY created_at`, [
      town.organization.id,
      name,
    ]);

  beforeEach(async () => {
    town = await app.given.municipality();
  });

  beforeAll(async () => {
    app = await createMediumApp();
    projects = app.get(ProjectsService);
  });

  afterAll(() => app?.close());

  it('refuses the same number and name (widths and spaces aside) over an overlapping plan period, naming the one there is', async () => {
    const first = await projects.create(town.planner.actor, request());

    const refusal = await refusalOf(
      projects.create(
        town.planner.actor,
        request({
          projectNumber: '２',
          name: 'とかち農業交流拠点　施設整備事業',
          planStartFiscalYear: 2026,
          planEndFiscalYear: 2028,
        }),
      ),
    );

    expect(refusal).toBeInstanceOf(SimilarProjectRegistered);
    expect(refusal.getResponse()).toMatchObject({
      message: expect.stringContaining('confirmSimilarProject: true'),
      details: [
        {
          path: '/confirmSimilarProject',
          message: `is registered already with this number and name and an overlapping plan period: 「No.2 とかち農業交流拠点施設整備事業」 (${town.department.name}, R6年度～R8年度, id ${first.id})`,
        },
      ],
    });
    expect(await named('とかち農業交流拠点　施設整備事業')).toEqual([]);
  });

  it('registers it when the request confirms it is another project, and audits it as a registration naming the one beside it', async () => {
    const first = await projects.create(town.planner.actor, request());

    const second = await projects.create(town.planner.actor, request({ confirmSimilarProject: true }));

    expect((await named('とかち農業交流拠点施設整備事業')).map(({ id }) => id)).toEqual([first.id, second.id]);
    expect(await app.auditEntries(second.id)).toEqual([
      {
        action: 'project.created',
        details: expect.objectContaining({ name: 'とかち農業交流拠点施設整備事業', confirmedBeside: [first.id] }),
      },
    ]);
  });

  it('asks nothing of the same name under another number, of another plan period, or of another name', async () => {
    await projects.create(town.planner.actor, request());

    await projects.create(town.planner.actor, request({ projectNumber: '3' }));
    await projects.create(town.planner.actor, request({ projectNumber: null }));
    await projects.create(town.planner.actor, request({ planStartFiscalYear: 2021, planEndFiscalYear: 2023 }));
    await projects.create(town.planner.actor, request({ name: 'とかち農業交流拠点施設整備事業(第2期)' }));

    expect(await named('とかち農業交流拠点施設整備事業')).toHaveLength(4);
    const [, ...others] = await named('とかち農業交流拠点施設整備事業');
    for (const { id } of others)
      expect(await app.auditEntries(id)).toEqual([
        { action: 'project.created', details: expect.not.objectContaining({ confirmedBeside: expect.anything() }) },
      ]);
  });

  it("compares with the whole organization, naming another department's project by its title and department only", async () => {
    const tourism = await app.given.department(town.organization, '観光課');
    const tourismOwner = await app.given.user({
      organization: town.organization,
      roles: [Role.ProjectOwner],
      department: tourism,
    });
    const first = await projects.create(town.owner.actor, request());

    const refusal = await refusalOf(projects.create(tourismOwner.actor, request({ departmentId: tourism.id })));

    expect(refusal).toBeInstanceOf(SimilarProjectRegistered);
    const response = refusal.getResponse() as { message: string; details: unknown[] };
    expect(response.details).toEqual([
      {
        path: '/confirmSimilarProject',
        message: `is registered already with this number and name and an overlapping plan period: 「No.2 とかち農業交流拠点施設整備事業」 (${town.department.name}, a department whose projects you do not see)`,
      },
    ]);
    // Nothing beyond what the refusal needs: no id to open it by, nor its plan period.
    expect(JSON.stringify(response)).not.toContain(first.id);
    expect(JSON.stringify(response)).not.toContain('R6年度');

    const second = await projects.create(
      tourismOwner.actor,
      request({ departmentId: tourism.id, confirmSimilarProject: true }),
    );
    expect(await app.auditEntries(second.id)).toEqual([
      { action: 'project.created', details: expect.objectContaining({ confirmedBeside: [first.id] }) },
    ]);
  });
});
