import { ConflictException } from '@nestjs/common';
import { type CreateProjectRequest } from '../../../src/projects/projects.dto';
import { ProjectsService } from '../../../src/projects/projects.service';
import { type GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

describe('ProjectsService: registering a grant project (国提出事業)', () => {
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
  const named = async (name: string) =>
    app.dataSource.query(`SELECT id FROM grant_projects WHERE organization_id = $1 AND name = $2`, [
      town.organization.id,
      name,
    ]);

  beforeAll(async () => {
    app = await createMediumApp();
    projects = app.get(ProjectsService);
    town = await app.given.municipality();
  });

  afterAll(() => app?.close());

  it('refuses the same project registered again (its name, an overlapping plan period), naming the one there is', async () => {
    await projects.create(town.planner.actor, request());

    const refusal = await refusalOf(
      projects.create(town.planner.actor, request({ planStartFiscalYear: 2026, planEndFiscalYear: 2028 })),
    );

    expect(refusal).toBeInstanceOf(ConflictException);
    expect(refusal.getResponse()).toMatchObject({
      details: [
        {
          path: '/name',
          message:
            'is registered already with an overlapping plan period: 「No.2 とかち農業交流拠点施設整備事業」 (R6年度–R8年度)',
        },
      ],
    });
    expect(await named('とかち農業交流拠点施設整備事業')).toHaveLength(1);
  });

  it('registers a project of the same name for a plan period of its own (the next plan), or another name beside it', async () => {
    await projects.create(
      town.planner.actor,
      request({ name: '次期計画の事業', planStartFiscalYear: 2021, planEndFiscalYear: 2023 }),
    );

    await projects.create(town.planner.actor, request({ name: '次期計画の事業' }));
    await projects.create(town.planner.actor, request({ name: '別の事業' }));

    expect(await named('次期計画の事業')).toHaveLength(2);
    expect(await named('別の事業')).toHaveLength(1);
  });
});
