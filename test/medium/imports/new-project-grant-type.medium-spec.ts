import { ConflictException } from '@nestjs/common';
import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { asahikawaSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp, refusalOf } from '../support/medium-app';

const source = () => asahikawaSheet();

describe('Imports: the grant type of new projects is said in the dry run and taken as chosen', () => {
  let app: MediumApp;
  let imports: ImportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
  });

  afterAll(() => app?.close());

  it('names the default, 地方創生推進交付金, when none is chosen', async () => {
    const town = await app.given.municipality();
    const checked = await imports.dryRun(town.owner.actor, source(), {
      departmentId: town.department.id,
      mode: ImportMode.Draft,
    });
    expect(checked.newProjectGrantType).toEqual({ code: 'promotion', label: '地方創生推進交付金' });
    expect(checked.reports.map((report) => report.project.grantTypeCode)).toEqual(Array(5).fill('promotion'));
  });

  it('gives the chosen grant type to every new project of a file that names none', async () => {
    const town = await app.given.municipality();
    const settings = { departmentId: town.department.id, mode: ImportMode.Draft, grantTypeCode: 'base_development' };
    const checked = await imports.dryRun(town.owner.actor, source(), settings);
    expect(checked.newProjectGrantType).toEqual({ code: 'base_development', label: '地方創生拠点整備交付金' });
    // The checksum covers the choice: another grant type than the one checked is not written.
    const other = { ...settings, grantTypeCode: 'telework' };
    expect(await refusalOf(imports.confirm(town.owner.actor, source(), other, checked.checksum))).toBeInstanceOf(
      ConflictException,
    );
    const imported = await imports.confirm(town.owner.actor, source(), settings, checked.checksum);
    const rows: { grant_type_code: string }[] = await app.dataSource.query(
      'SELECT grant_type_code FROM grant_projects WHERE id = ANY($1)',
      [imported.reports.map((report) => report.projectId)],
    );
    expect(rows.map((row) => row.grant_type_code)).toEqual(Array(5).fill('base_development'));
  });
});
