import { FoldStoredNames1796321559081 } from '../../../migrations/1796321559081-FoldStoredNames';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { WorkflowService } from '../../../src/reports/workflow/workflow.service';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/**
 * Department names and project numbers stored in full width before they were folded when typed: the migration folds
 * the live rows as typing now does, leaves a name that would then be another department's as it is, and changes
 * nothing of what was published.
 */
describe('Migration: folding the department names and project numbers stored before', () => {
  let app: MediumApp;

  beforeAll(async () => {
    app = await createMediumApp();
  });

  afterAll(() => app?.close());

  const migrate = () => app.migrateAgain(new FoldStoredNames1796321559081());
  const nameOf = async (departmentId: string): Promise<string> =>
    (await app.dataSource.query('SELECT name FROM departments WHERE id = $1', [departmentId]))[0].name;
  const numberOf = async (projectId: string): Promise<string | null> =>
    (await app.dataSource.query('SELECT project_number FROM grant_projects WHERE id = $1', [projectId]))[0]
      .project_number;

  it('folds full widths and spaces, leaves a name that would collide, and keeps published reports as published', async () => {
    const town = await app.given.municipality();
    const other = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光　振興課');
    const digital = await app.given.department(town.organization, 'ＤＸ推進課');
    const digitalTyped = await app.given.department(town.organization, 'DX推進課');
    const childcare = await app.given.department(town.organization, '子育て　支援課');
    const childcareSpaced = await app.given.department(town.organization, '子育て  支援課');
    // The same name in another municipality is no collision: names are unique within one.
    const elsewhere = await app.given.department(other.organization, 'ＤＸ推進課');
    const numbered = await app.given.project(tourism, { projectNumber: '１２', name: '観光誘客事業' });
    const blank = await app.given.project(tourism, { projectNumber: '　', name: '番号のない事業' });
    const plain = await app.given.project(town.department, { projectNumber: '3', name: '移住促進事業' });
    const decided = await app.given.report(numbered, {
      status: ReportStatus.Decided,
      fiscalYear: 2023,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    await app.get(WorkflowService).publish(town.planner.actor, decided.id);
    const published = () =>
      Promise.all([
        app.dataSource.query('SELECT * FROM report_editions WHERE report_id = $1 ORDER BY edition', [decided.id]),
        app.dataSource.query('SELECT * FROM report_plans WHERE report_id = $1', [decided.id]),
      ]);
    const before = await published();
    expect(before[0]).toHaveLength(1);
    expect(before[1][0]).toMatchObject({ project_number: '１２', department_name: '観光　振興課' });

    await migrate();

    expect(await nameOf(tourism.id)).toBe('観光 振興課');
    expect(await nameOf(digitalTyped.id)).toBe('DX推進課');
    expect(await nameOf(digital.id)).toBe('ＤＸ推進課');
    expect(await nameOf(childcare.id)).toBe('子育て　支援課');
    expect(await nameOf(childcareSpaced.id)).toBe('子育て  支援課');
    expect(await nameOf(elsewhere.id)).toBe('DX推進課');
    expect(await numberOf(numbered.id)).toBe('12');
    expect(await numberOf(blank.id)).toBeNull();
    expect(await numberOf(plain.id)).toBe('3');
    expect(await published()).toEqual(before);

    // Run again (a second deploy), it finds nothing more to fold and still does not fail.
    await migrate();
    expect(await nameOf(digital.id)).toBe('ＤＸ推進課');
  });
});
