import { ASAHIKAWA_R4_REPORTS } from '../../fixtures/seed-reports';
import { ImportMode, ProjectChoiceKind } from '../../../src/imports/import-model';
import { ImportsService } from '../../../src/imports/imports.service';
import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { type GivenMunicipality } from '../support/given';
import { asahikawaCopies } from '../support/import-sheets';
import { createMediumApp, type MediumApp } from '../support/medium-app';

/** 300 reports: the five Asahikawa reports 60 times, each copy's projects stored before under the copy's number. */
const COPIES = 60;
const REPORTS = COPIES * ASAHIKAWA_R4_REPORTS.length;
const storedName = (name: string, copy: number) => `${name} (${copy})`;
/** The second batch spells every project otherwise: 新 before the name, one character in 30 to 60. */
const fileName = (name: string, copy: number) => `新${storedName(name, copy)}`;
/** What compareTexts counts: characters by code point, without spacing. */
const comparedLength = (name: string) => [...name].filter((character) => character.trim() !== '').length;

describe('Imports: a large second batch against as many stored projects, each spelled a little otherwise', () => {
  let app: MediumApp;
  let imports: ImportsService;
  let town: GivenMunicipality;
  /** The stored project of each report of the file, by the report's index. */
  const expected: GrantProject[] = [];

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
    town = await app.given.municipality();
    for (let copy = 1; copy <= COPIES; copy++)
      for (const seed of ASAHIKAWA_R4_REPORTS)
        expected.push(
          await app.given.project(town.department, {
            name: storedName(seed.projectName, copy),
            projectNumber: String(seed.number),
          }),
        );
  });

  afterAll(() => app?.close());

  const dryRun = (projectChoices: { reportIndex: number; choice: ProjectChoiceKind; projectId?: string }[] = []) =>
    imports.dryRun(town.planner.actor, asahikawaCopies(COPIES, fileName), {
      departmentId: town.department.id,
      mode: ImportMode.Draft,
      projectChoices,
    });

  it('proposes for every report the stored project of its own copy, with the one character marked', async () => {
    const checked = await dryRun();
    expect(checked.reports).toHaveLength(REPORTS);
    expect(checked.canConfirm).toBe(false);
    checked.reports.forEach((report, index) => {
      const project = expected[index];
      const nameInFile = `新${project.name}`;
      expect(report.candidate).toMatchObject({
        projectId: project.id,
        name: project.name,
        nameInFile,
        sameProjectNumber: true,
        differences: { inName: [], inNameInFile: [{ start: 0, end: 1 }] },
        choice: null,
        reportOfYear: null,
      });
      expect(report.candidate!.similarity).toBeCloseTo(1 - 1 / comparedLength(nameInFile), 3);
      expect(report.errors.map((issue) => issue.code)).toEqual(['similar_project']);
    });
  });

  it('links every report to its proposal when chosen, creating no project', async () => {
    const choices = expected.map((project, reportIndex) => ({
      reportIndex,
      choice: ProjectChoiceKind.Link,
      projectId: project.id,
    }));
    const checked = await dryRun(choices);
    expect(checked.canConfirm).toBe(true);
    expect(checked.counts).toMatchObject({ reports: REPORTS, newProjects: 0, linkedProjects: REPORTS, errors: 0 });
    expect(checked.reports.map((report) => report.project.projectId)).toEqual(expected.map((project) => project.id));
    expect(checked.reports.map((report) => report.candidate?.choice)).toEqual(
      choices.map(() => ProjectChoiceKind.Link),
    );
  });
});
