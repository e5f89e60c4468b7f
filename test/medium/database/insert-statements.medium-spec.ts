import type { ObjectLiteral } from 'typeorm';
import { insertRows, insertStored } from '../../../src/infra/database/insert-statements';
import { GrantProject } from '../../../src/projects/grant-project.entity';
import { BudgetLine } from '../../../src/reports/report/budget-line.entity';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** Rows inserted without TypeORM's insert builder are the rows the builder would have written. */
describe('Inserting rows', () => {
  let app: MediumApp;

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  const manager = () => app.dataSource.manager;

  /** A row as read back, without what each insert gets of its own (its id and its time). */
  const written = ({ id: _id, createdAt: _created, updatedAt: _updated, ...rest }: ObjectLiteral) => rest;

  it("writes what TypeORM's insert writes: a column's default where the row leaves it out, null, arrays and version 1", async () => {
    const town = await app.given.municipality();
    const fields: Partial<GrantProject> = {
      organizationId: town.organization.id,
      departmentId: town.department.id,
      grantTypeCode: 'promotion',
      planStartFiscalYear: 2020,
      planEndFiscalYear: 2024,
      projectNumber: null,
      partnerMunicipalities: ['東川町', '美瑛町'],
    };
    const {
      identifiers: [byBuilder],
    } = await manager().insert(GrantProject, { ...fields, name: '販路開拓事業' });
    const [stored] = await insertStored(manager(), GrantProject, [{ ...fields, name: '販路開拓事業' }]);

    const read = (id: string) => manager().findOneByOrFail(GrantProject, { id });
    const [theBuilders, ours] = [await read(byBuilder.id as string), await read(stored.id)];
    expect(written(ours)).toEqual(written(theBuilders));
    expect(ours).toMatchObject({ overview: '', policyArea: null, version: 1 });
    expect(stored).toEqual(ours);
  });

  it('writes each value as its column stores it, and returns it as a read would', async () => {
    const town = await app.given.municipality();
    const report = await app.given.report(await app.given.project(town.department), { complete: false });
    const line = {
      reportId: report.id,
      name: '商談会',
      budgetAmount: 11_500,
      budgetGrantAmount: 5_750,
      actualAmount: null,
    };
    await manager().insert(BudgetLine, { ...line, position: 0 });
    const [stored] = await insertStored(manager(), BudgetLine, [{ ...line, position: 1 }]);

    const [theBuilders, ours] = await manager().find(BudgetLine, {
      where: { reportId: report.id },
      order: { position: 'ASC' },
    });
    expect({ ...written(ours), position: 0 }).toEqual(written(theBuilders));
    expect(stored).toEqual(ours);
    expect(ours).toMatchObject({ budgetAmount: 11_500, actualAmount: null, actualGrantAmount: null, summary: '' });
  });

  it('writes more rows than one statement may bind values for, in order', async () => {
    const town = await app.given.municipality();
    const report = await app.given.report(await app.given.project(town.department), { complete: false });
    // Nine values a line: 8,000 lines are 72,000 values, above PostgreSQL's 65,535 a statement.
    const lines = Array.from({ length: 8_000 }, (_, position) => ({
      reportId: report.id,
      position,
      name: `事業${position}`,
      summary: '',
      results: '',
      budgetAmount: position,
      budgetGrantAmount: null,
      actualAmount: null,
      actualGrantAmount: null,
    }));
    await insertRows(manager(), BudgetLine, lines);

    const stored = await manager().find(BudgetLine, { where: { reportId: report.id }, order: { position: 'ASC' } });
    expect(stored).toHaveLength(8_000);
    expect(stored.map(({ name, budgetAmount }) => [name, budgetAmount])).toEqual(
      lines.map(({ name, budgetAmount }) => [name, budgetAmount]),
    );
  });
});
