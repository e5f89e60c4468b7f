import { ImportMode } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { asahikawaSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const source = () => asahikawaSheet();

/** The Asahikawa R4 sheet numbers its five projects No.1 to No.5; the municipality registered a No.1 by hand. */
describe('Imports: a new project given a number another project holds', () => {
  let app: MediumApp;
  let imports: ImportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
  });

  afterAll(() => app?.close());

  it('is warned of in the dry run, naming the project that holds the number; the others are not', async () => {
    const town = await app.given.municipality();
    await app.given.project(town.department, { projectNumber: '1', name: '手で登録した移住促進事業' });

    const checked = await imports.dryRun(town.owner.actor, source(), {
      departmentId: town.department.id,
      mode: ImportMode.Draft,
    });

    const taken = checked.reports.map((report) =>
      report.warnings.filter((issue) => issue.code === 'project_number_taken').map((issue) => issue.message),
    );
    expect(taken).toEqual([
      [
        '新しく登録する事業の番号「No.1」は、登録済みの事業「手で登録した移住促進事業」も使っています。同じ番号の事業が2つになります。番号を確かめてください。',
      ],
      [],
      [],
      [],
      [],
    ]);
  });
});
