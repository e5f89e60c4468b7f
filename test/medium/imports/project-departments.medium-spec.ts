import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { DepartmentRetirementService } from '../../../src/projects/department-retirement.service';
import { asahikawaSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

/** The seed's identity header with a 担当課 column, report No.1 naming `department` in it. */
const withDepartmentColumn = (department: string) =>
  asahikawaSheet((text) =>
    text
      .replace(/②実施計画期間 \(R4年度の実施年数\)/g, '②実施計画期間 (R4年度の実施年数)\t担当課')
      .replace(/^(1\t[^\t]+\t\tR3年度～R5年度 \(2年度\))/m, `$1\t${department}`),
  );

describe('Imports: the department (事業担当課) of each new project', () => {
  let app: MediumApp;
  let imports: ImportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
  });

  afterAll(() => app?.close());

  const departmentsOf = async (projectIds: string[]) => {
    const rows: { id: string; department_id: string }[] = await app.dataSource.query(
      'SELECT id, department_id FROM grant_projects WHERE id = ANY($1)',
      [projectIds],
    );
    return new Map(rows.map((row) => [row.id, row.department_id]));
  };

  it('gives each report the department chosen for it, the others the one chosen for the import', async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光スポーツ交流部');
    const settings = {
      departmentId: town.department.id,
      mode: ImportMode.Draft,
      projectDepartments: [{ reportIndex: 1, departmentId: tourism.id }],
    };
    const checked = await imports.dryRun(town.planner.actor, asahikawaSheet(), settings);
    expect(checked.reports.map((report) => report.project.departmentId)).toEqual([
      town.department.id,
      tourism.id,
      town.department.id,
      town.department.id,
      town.department.id,
    ]);
    const imported = await imports.confirm(town.planner.actor, asahikawaSheet(), settings, checked.checksum);
    const departments = await departmentsOf(imported.reports.map((report) => report.projectId));
    expect(imported.reports.map((report) => departments.get(report.projectId))).toEqual(
      checked.reports.map((report) => report.project.departmentId),
    );
  });

  it('takes the 担当課 the sheet names when a department has that name, else says so and takes the chosen one', async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光スポーツ交流部');
    const settings = { departmentId: town.department.id, mode: ImportMode.Draft };
    const named = await imports.dryRun(town.planner.actor, withDepartmentColumn('観光スポーツ交流部'), settings);
    expect(named.reports[0].project).toMatchObject({
      departmentId: tourism.id,
      departmentNameInFile: '観光スポーツ交流部',
    });
    expect(named.reports[0].project.name).toBe('ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト');

    const unknown = await imports.dryRun(town.planner.actor, withDepartmentColumn('総務部'), settings);
    expect(unknown.reports[0].project.departmentId).toBe(town.department.id);
    expect(unknown.reports[0].warnings.map((issue) => issue.code)).toContain('unknown_department');
  });

  it('takes the successor of a retired 担当課 the sheet names, saying so, and refuses the retired one as the choice', async () => {
    const town = await app.given.municipality();
    const retired = await app.given.department(town.organization, '観光課');
    const successor = await app.given.department(town.organization, '観光スポーツ交流部');
    await app.get(DepartmentRetirementService).retire(town.admin.actor, retired.id, successor.id);
    const settings = { departmentId: town.department.id, mode: ImportMode.Draft };

    const checked = await imports.dryRun(town.planner.actor, withDepartmentColumn('観光課'), settings);

    expect(checked.reports[0].project.departmentId).toBe(successor.id);
    expect(checked.reports[0].warnings).toContainEqual(
      expect.objectContaining({
        code: 'retired_department',
        message:
          '担当課「観光課」は廃止され、「観光スポーツ交流部」が事務を引き継いでいます。「観光スポーツ交流部」の事業として登録します。違う場合は担当課を選んでください。',
      }),
    );
    const refusal = await refusalOf(
      imports.dryRun(town.planner.actor, asahikawaSheet(), { ...settings, departmentId: retired.id }),
    );
    expect(refusal.message).toBe(
      'The department 「観光課」 is retired (廃止); its work went to 「観光スポーツ交流部」.',
    );
  });

  it('refuses a department that is not of the organization, naming the report', async () => {
    const town = await app.given.municipality();
    const refusal = await refusalOf(
      imports.dryRun(town.planner.actor, asahikawaSheet(), {
        departmentId: town.department.id,
        projectDepartments: [{ reportIndex: 3, departmentId: randomUUID() }],
      }),
    );
    expect(refusal).toBeInstanceOf(BadRequestException);
    expect(refusal.getResponse()).toMatchObject({
      message: expect.stringContaining('report 3'),
      details: [{ path: '/projectDepartments/0/departmentId', message: expect.stringContaining('report 3') }],
    });
  });

  it("refuses an owner's choice of another department than their own", async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光スポーツ交流部');
    const refusal = await refusalOf(
      imports.dryRun(town.owner.actor, asahikawaSheet(), {
        departmentId: town.department.id,
        projectDepartments: [{ reportIndex: 0, departmentId: tourism.id }],
      }),
    );
    expect(refusal).toBeInstanceOf(BadRequestException);
  });

  it('keeps the department of a stored project the report joins, whatever is chosen for it', async () => {
    const town = await app.given.municipality();
    const tourism = await app.given.department(town.organization, '観光スポーツ交流部');
    const stored = await app.given.project(town.department, {
      name: 'ニューノーマル時代を切り拓く地域の稼ぐ力向上プロジェクト',
    });
    const checked = await imports.dryRun(town.planner.actor, asahikawaSheet(), {
      departmentId: town.department.id,
      projectDepartments: [{ reportIndex: 0, departmentId: tourism.id }],
    });
    expect(checked.reports[0].project).toMatchObject({
      action: 'link',
      projectId: stored.id,
      departmentId: town.department.id,
    });
  });
});
