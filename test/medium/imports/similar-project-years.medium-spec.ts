import { ImportMode, ProjectChoiceKind } from '../../../src/imports/import-model';
import { GrantProject } from '../../../src/projects/grant-project.entity';
import { type ImportSettings, ImportsService } from '../../../src/imports/imports.service';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { type GivenMunicipality } from '../support/given';
import { asahikawaSheet } from '../support/import-sheets';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const STORED_NAME = 'ものづくり企業のデザイン力向上による持続可能な都市創造プロジェクト';
/** Report No.4 of the seed as another spelling of the stored project: 創造 → 創出. */
const FILE_NAME = 'ものづくり企業のデザイン力向上による持続可能な都市創出プロジェクト';
const DESIGN = 3;

function seedNamed(name: string) {
  return asahikawaSheet((text) => {
    expect(text).toContain(STORED_NAME);
    return text.replace(STORED_NAME, name);
  });
}

describe('Imports: a project spelled otherwise that already has a report of the year is never silently duplicated', () => {
  let app: MediumApp;
  let imports: ImportsService;

  beforeAll(async () => {
    app = await createMediumApp();
    imports = app.get(ImportsService);
  });

  afterAll(() => app?.close());

  const settings = (town: GivenMunicipality, choice?: ProjectChoiceKind, projectId?: string): ImportSettings => ({
    departmentId: town.department.id,
    mode: ImportMode.Draft,
    projectChoices: choice ? [{ reportIndex: DESIGN, choice, projectId }] : [],
  });

  const issues = (report: { errors: { code: string; message: string }[]; warnings: { code: string }[] }) => [
    ...report.errors.map((issue) => issue.code),
    ...report.warnings.map((issue) => issue.code),
  ];

  describe('a stored project with a published R4 report of its own', () => {
    let town: GivenMunicipality;
    let projectId: string;

    beforeAll(async () => {
      town = await app.given.municipality();
      const project = await app.given.project(town.department, { name: STORED_NAME, projectNumber: '4' });
      projectId = project.id;
      await app.given.report(project, {
        status: ReportStatus.Published,
        fiscalYear: 2022,
        proposedBy: town.planner.id,
        approvedBy: town.approver.id,
      });
    });

    it('is named in the question with that report and its status', async () => {
      const checked = await imports.dryRun(town.owner.actor, seedNamed(FILE_NAME), settings(town));
      const report = checked.reports[DESIGN];
      expect(report.candidate).toMatchObject({
        projectId,
        reportOfYear: { status: ReportStatus.Published, statusLabel: '公表済', name: STORED_NAME },
      });
      expect(report.errors.map((issue) => issue.message)).toEqual([
        `登録済みの事業「${STORED_NAME}」 (No.4)と名称が近い事業です。この事業にはR4年度の報告(公表済、事業名「${STORED_NAME}」)がすでにあります。同じ事業として紐づけるか、新しい事業として登録するかを選んでください。`,
      ]);
    });

    it('refuses a link as a second report of the year, saying which one is there', async () => {
      const checked = await imports.dryRun(
        town.owner.actor,
        seedNamed(FILE_NAME),
        settings(town, ProjectChoiceKind.Link, projectId),
      );
      expect(checked.canConfirm).toBe(false);
      expect(checked.reports[DESIGN].errors.map((issue) => [issue.code, issue.message])).toEqual([
        [
          'report_exists',
          `R4年度の「${STORED_NAME}」の報告はすでに登録されています(公表済)。取込みでは上書きしません。変更は報告の画面で行ってください。`,
        ],
      ]);
    });

    it('warns before a new project would make a second report of the same year', async () => {
      const checked = await imports.dryRun(
        town.owner.actor,
        seedNamed(FILE_NAME),
        settings(town, ProjectChoiceKind.New),
      );
      expect(issues(checked.reports[DESIGN])).toContain('similar_project_has_year');
      expect(checked.reports[DESIGN].warnings.find((issue) => issue.code === 'similar_project_has_year')).toMatchObject(
        {
          path: `/reports/${DESIGN}/project/name`,
          message: `新しい事業として登録します。名称が近い登録済みの事業「${STORED_NAME}」 (No.4)にはR4年度の報告(公表済、事業名「${STORED_NAME}」)がすでにあります。同じ事業なら、同じ年度の報告が2つになります。別の事業であることを確かめてください。`,
        },
      );
    });

    it('does not warn about a year the similar project has no report of', async () => {
      const other = await app.given.municipality();
      const project = await app.given.project(other.department, { name: STORED_NAME, projectNumber: '4' });
      await app.given.report(project, { fiscalYear: 2021 });
      const checked = await imports.dryRun(
        other.owner.actor,
        seedNamed(FILE_NAME),
        settings(other, ProjectChoiceKind.New),
      );
      expect(checked.reports[DESIGN].candidate).toMatchObject({ reportOfYear: null });
      expect(issues(checked.reports[DESIGN])).not.toContain('similar_project_has_year');
      expect(checked.canConfirm).toBe(true);
    });
  });

  it('refuses a published report imported again after its project was renamed', async () => {
    const town = await app.given.municipality();
    const project = await app.given.project(town.department, { name: STORED_NAME, projectNumber: '4' });
    await app.given.report(project, {
      status: ReportStatus.Published,
      proposedBy: town.planner.id,
      approvedBy: town.approver.id,
    });
    await app.dataSource.getRepository(GrantProject).update({ id: project.id }, { name: '改名した事業名' });

    const checked = await imports.dryRun(town.admin.actor, seedNamed(STORED_NAME), {
      ...settings(town),
      mode: ImportMode.Published,
      publishedOn: '2023-09-29',
    });

    expect(checked.canConfirm).toBe(false);
    expect(checked.reports[DESIGN].project).toMatchObject({ action: 'link', projectId: project.id });
    expect(checked.reports[DESIGN].errors.map((issue) => [issue.code, issue.message])).toEqual([
      [
        'report_exists',
        `R4年度の「改名した事業名」の報告(事業名「${STORED_NAME}」)はすでに登録されています(公表済)。取込みでは上書きしません。変更は報告の画面で行ってください。`,
      ],
    ]);
  });

  it('refuses the same report pasted again, whichever way the question was answered the first time', async () => {
    const town = await app.given.municipality();
    const project = await app.given.project(town.department, { name: STORED_NAME, projectNumber: '4' });
    const linked = settings(town, ProjectChoiceKind.Link, project.id);
    const first = await imports.dryRun(town.owner.actor, seedNamed(FILE_NAME), linked);
    await imports.confirm(town.owner.actor, seedNamed(FILE_NAME), linked, first.checksum);

    for (const again of [settings(town), settings(town, ProjectChoiceKind.New)]) {
      const checked = await imports.dryRun(town.owner.actor, seedNamed(FILE_NAME), again);
      const report = checked.reports[DESIGN];
      expect(checked.canConfirm).toBe(false);
      expect(report.candidate).toBeNull();
      expect(report.project).toMatchObject({ action: 'link', projectId: project.id });
      expect(report.errors.map((issue) => [issue.code, issue.message])).toEqual([
        [
          'report_exists',
          `R4年度の「${STORED_NAME}」の報告(事業名「${FILE_NAME}」)はすでに登録されています(作成中)。取込みでは上書きしません。変更は報告の画面で行ってください。`,
        ],
      ]);
    }
  });
});
