import { rawColumnsReader } from '../../../src/infra/database/raw-columns';
import { Organization } from '../../../src/organizations/organization.entity';
import { GrantProject } from '../../../src/projects/grant-project.entity';
import { ReportPlan } from '../../../src/reports/report/report-plan.entity';
import { ResultReport } from '../../../src/reports/report/result-report.entity';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** A list's rows read from their raw columns are what TypeORM would have hydrated, without the hydration. */
describe('Reading an entity from its raw columns', () => {
  let app: MediumApp;

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  const metadataOf = (target: typeof ResultReport | typeof GrantProject | typeof ReportPlan | typeof Organization) =>
    app.dataSource.getMetadata(target);

  it('reads the same values as hydration, joined entities under their aliases, and null for a join that found none', async () => {
    const town = await app.given.municipality();
    const report = await app.given.report(await app.given.project(town.department));
    await app.dataSource.getRepository(ReportPlan).delete({ reportId: report.id });
    const query = app.dataSource
      .getRepository(ResultReport)
      .createQueryBuilder('report')
      .innerJoin('report.project', 'project')
      .leftJoin('report.plan', 'plan')
      .select(['report.id', 'report.fiscalYear', 'report.status', 'report.updatedAt'])
      .addSelect(['project.id', 'project.name', 'plan.reportId', 'plan.name'])
      .where('report.id = :id', { id: report.id });
    const {
      entities: [hydrated],
      raw: [row],
    } = await query.getRawAndEntities<Record<string, unknown>>();

    const reportOf = rawColumnsReader<ResultReport, 'id' | 'fiscalYear' | 'status' | 'updatedAt'>(
      metadataOf(ResultReport),
      'report',
      ['id', 'fiscalYear', 'status', 'updatedAt'],
    );
    const projectOf = rawColumnsReader<GrantProject, 'id' | 'name'>(metadataOf(GrantProject), 'project', [
      'id',
      'name',
    ]);
    const planOf = rawColumnsReader<ReportPlan, 'reportId' | 'name'>(metadataOf(ReportPlan), 'plan', [
      'reportId',
      'name',
    ]);

    const { id, fiscalYear, status, updatedAt } = hydrated;
    expect(reportOf(row)).toEqual({ id, fiscalYear, status, updatedAt });
    expect(reportOf(row)!.updatedAt).toBeInstanceOf(Date);
    expect(projectOf(row)).toEqual({ id: hydrated.project!.id, name: hydrated.project!.name });
    expect(planOf(row)).toBeNull();
  });

  it('refuses a column whose stored value is not its value (a transformer), when the reader is made', () => {
    expect(() =>
      rawColumnsReader<Organization, 'id' | 'effectCloseThreshold'>(metadataOf(Organization), 'organization', [
        'id',
        'effectCloseThreshold',
      ]),
    ).toThrow('Organization.effectCloseThreshold has a transformer: read it hydrated');
  });
});
