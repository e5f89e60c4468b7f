import { randomUUID } from 'node:crypto';
import { ASAHIKAWA_R4_REPORTS } from '../fixtures/seed-reports';
import { projectRequest } from '../support/report-scenario';
import { createTestApp, type TestApp } from '../support/test-app';
import { as, type Municipality, municipality, seedText } from './import-scenario';

const ASAHIKAWA = seedText('asahikawa-r4-results-report.txt');
const DESIGN = ASAHIKAWA_R4_REPORTS[3];
const STORED_NAME = 'ものづくり企業のデザイン力向上による持続可能な都市創造プロジェクト';
/** The same project as another year's report spells it: 創造 → 創出. */
const FILE_NAME = 'ものづくり企業のデザイン力向上による持続可能な都市創出プロジェクト';

/** The seed with report No.4 named as given; the other four reports keep their own, unrelated names. */
function seedNaming(name: string): string {
  expect(ASAHIKAWA).toContain(STORED_NAME);
  return ASAHIKAWA.replace(STORED_NAME, name);
}

describe('One project across the years: a name spelled slightly otherwise is proposed, never silently duplicated', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  const api = (m: Municipality, path: string) => `/api/v1/organizations/${m.organizationId}${path}`;
  const dryRun = (m: Municipality, body: object) =>
    t.http().post(api(m, '/imports/dry-run')).set(as(m.tokens.owner)).send(body);
  const confirm = (m: Municipality, body: object) =>
    t.http().post(api(m, '/imports')).set(as(m.tokens.owner)).send(body);
  const get = async (m: Municipality, path: string) =>
    (await t.http().get(api(m, path)).set(as(m.tokens.planning)).expect(200)).body;

  /** A municipality whose 経済部 registered report No.4's project by hand, as the seed names it. */
  async function withStoredProject(code: string, name: string) {
    const m = await municipality(t, code, name);
    const project = (
      await t
        .http()
        .post(api(m, '/projects'))
        .set(as(m.tokens.owner))
        .send(projectRequest(DESIGN, m.departments.economy))
        .expect(201)
    ).body;
    expect(project.name).toBe(STORED_NAME);
    return { m, project, body: { text: seedNaming(FILE_NAME), departmentId: m.departments.economy } };
  }

  describe('without a choice', () => {
    let m: Municipality;
    let project: any;
    let body: any;
    let checked: any;

    beforeAll(async () => {
      ({ m, project, body } = await withStoredProject('012041', '旭川市'));
      checked = (await dryRun(m, body).expect(200)).body;
    });

    it('proposes the stored project, with the differing characters marked in both names', () => {
      const report = checked.reports[3];
      expect(report.candidate).toEqual({
        projectId: project.id,
        projectNumber: '4',
        name: STORED_NAME,
        nameInFile: FILE_NAME,
        similarity: expect.closeTo(0.97, 2),
        sameProjectNumber: true,
        differences: {
          inName: [{ start: STORED_NAME.indexOf('造'), end: STORED_NAME.indexOf('造') + 1 }],
          inNameInFile: [{ start: FILE_NAME.indexOf('出'), end: FILE_NAME.indexOf('出') + 1 }],
        },
        choice: null,
        reportOfYear: null,
      });
      expect(report.project).toMatchObject({ action: 'create', projectId: null, name: FILE_NAME });
    });

    it('cannot be confirmed: the report is an error that says what to choose, and nothing is written', async () => {
      expect(checked.canConfirm).toBe(false);
      expect(checked.counts).toMatchObject({ reports: 5, errors: 1 });
      expect(checked.reports[3].errors).toEqual([
        expect.objectContaining({
          code: 'similar_project',
          path: '/reports/3/project/name',
          message: expect.stringContaining(
            `登録済みの事業「${STORED_NAME}」 (No.4)と名称が近い事業です。同じ事業として紐づけるか、新しい事業として登録するかを選んでください`,
          ),
        }),
      ]);
      const refused = await confirm(m, { ...body, checksum: checked.checksum }).expect(422);
      expect(refused.body.details).toEqual([expect.objectContaining({ path: '/reports/3/project/name' })]);
      expect((await get(m, '/reports')).total).toBe(0);
      expect((await get(m, '/projects')).total).toBe(1);
    });

    it('proposes nothing for unrelated names: those reports create their projects as before', () => {
      for (const index of [0, 1, 2, 4]) {
        expect(checked.reports[index].candidate).toBeNull();
        expect(checked.reports[index].project.action).toBe('create');
        expect(checked.reports[index].errors).toEqual([]);
      }
    });

    it('proposes it for two differing characters too (都市 → まち), but not for an exact match', async () => {
      const twoApart = 'ものづくり企業のデザイン力向上による持続可能なまち創造プロジェクト';
      const result = (await dryRun(m, { ...body, text: seedNaming(twoApart) }).expect(200)).body;
      expect(result.reports[3].candidate).toMatchObject({
        projectId: project.id,
        differences: { inName: [{ start: STORED_NAME.indexOf('都市'), end: STORED_NAME.indexOf('都市') + 2 }] },
      });
      const exact = (await dryRun(m, { ...body, text: ASAHIKAWA }).expect(200)).body;
      expect(exact.canConfirm).toBe(true);
      expect(exact.reports[3]).toMatchObject({ candidate: null, project: { action: 'link', projectId: project.id } });
    });

    it('validates the choices: only the proposed project can be linked, to a report of the file, once', async () => {
      const withChoices = async (projectChoices: object[]) =>
        (await dryRun(m, { ...body, projectChoices }).expect(200)).body;

      const elsewhere = await withChoices([{ reportIndex: 3, choice: 'link', projectId: randomUUID() }]);
      expect(elsewhere.canConfirm).toBe(false);
      expect(elsewhere.reports[3].errors).toEqual([
        expect.objectContaining({ code: 'invalid_project_choice', path: '/reports/3/project/name' }),
      ]);
      const unproposed = await withChoices([
        { reportIndex: 3, choice: 'new' },
        { reportIndex: 0, choice: 'link', projectId: project.id },
      ]);
      expect(unproposed.reports[0].errors).toEqual([expect.objectContaining({ code: 'invalid_project_choice' })]);
      const outside = await withChoices([
        { reportIndex: 3, choice: 'new' },
        { reportIndex: 3, choice: 'new' },
        { reportIndex: 9, choice: 'new' },
      ]);
      expect(outside.errors.map((error: any) => error.path)).toEqual([
        '/projectChoices/1/reportIndex',
        '/projectChoices/2/reportIndex',
      ]);

      const malformed = await dryRun(m, { ...body, projectChoices: [{ reportIndex: 3, choice: 'merge' }] }).expect(400);
      expect(malformed.body.details).toEqual([expect.objectContaining({ path: '/projectChoices/0/choice' })]);
      await dryRun(m, { ...body, projectChoices: [{ reportIndex: 3, choice: 'link' }] }).expect(400);
    });
  });

  describe('choosing link', () => {
    let m: Municipality;
    let project: any;
    let body: any;
    let checked: any;
    let imported: any;

    beforeAll(async () => {
      ({ m, project, body } = await withStoredProject('012025', '函館市'));
      body = { ...body, projectChoices: [{ reportIndex: 3, choice: 'link', projectId: project.id }] };
      checked = (await dryRun(m, body).expect(200)).body;
    });

    it('lets the dry run pass, linking the report and keeping its name as written in its year plan', () => {
      expect(checked.canConfirm).toBe(true);
      expect(checked.counts).toMatchObject({ reports: 5, newProjects: 4, linkedProjects: 1, errors: 0 });
      expect(checked.reports[3].candidate).toMatchObject({ projectId: project.id, choice: 'link' });
      expect(checked.reports[3].project).toMatchObject({ action: 'link', projectId: project.id, name: FILE_NAME });
      const kept = checked.reports[3].warnings.find((warning: any) => warning.code === 'kept_in_year_plan');
      expect(kept.details).toContain(`①国提出事業名 当時 ${FILE_NAME} / 現在 ${STORED_NAME}`);
    });

    it('ties the checksum to the choices: confirming other choices than the dry run checked is refused', async () => {
      const unchosen = (await dryRun(m, { ...body, projectChoices: undefined }).expect(200)).body;
      expect(unchosen.checksum).not.toBe(checked.checksum);
      await confirm(m, { ...body, checksum: unchosen.checksum }).expect(409);
      await confirm(m, {
        ...body,
        projectChoices: [{ reportIndex: 3, choice: 'new' }],
        checksum: checked.checksum,
      }).expect(409);
      expect((await get(m, '/reports')).total).toBe(0);
    });

    it('takes the choices as JSON text in an upload, with the same checksum', async () => {
      const upload = (
        await t
          .http()
          .post(api(m, '/imports/dry-run/upload'))
          .set(as(m.tokens.owner))
          .field('departmentId', m.departments.economy)
          .field('projectChoices', JSON.stringify(body.projectChoices))
          .attach('file', Buffer.from(body.text, 'utf8'), 'r4.txt')
          .expect(200)
      ).body;
      expect(upload.checksum).toBe(checked.checksum);
      expect(upload.reports[3].candidate.choice).toBe('link');
      const unreadable = await t
        .http()
        .post(api(m, '/imports/dry-run/upload'))
        .set(as(m.tokens.owner))
        .field('departmentId', m.departments.economy)
        .field('projectChoices', '[{reportIndex: 3')
        .attach('file', Buffer.from(body.text, 'utf8'), 'r4.txt')
        .expect(400);
      expect(unreadable.body.details).toContainEqual({
        path: '/projectChoices',
        message: 'projectChoices must be a list of { reportIndex, choice, projectId }',
      });
    });

    it('adds the report to the stored project, whose name stays; the report shows the name as written', async () => {
      imported = (await confirm(m, { ...body, checksum: checked.checksum }).expect(201)).body;
      expect(imported.reports[3]).toMatchObject({
        projectId: project.id,
        projectName: STORED_NAME,
        projectCreated: false,
        fiscalYear: 2022,
      });
      expect((await get(m, `/projects/${project.id}`)).name).toBe(STORED_NAME);
      expect((await get(m, '/projects')).total).toBe(5);
      const view = await get(m, `/reports/${imported.reports[3].reportId}`);
      expect(view.project).toMatchObject({ id: project.id, name: FILE_NAME });

      const audit = (await get(m, '/audit?action=import.confirmed')).items;
      expect(audit[0].details.projectChoices).toEqual([{ reportIndex: 3, choice: 'link', projectId: project.id }]);
    });
  });

  it('choosing new creates a second project under the name in the file', async () => {
    const { m, project, body } = await withStoredProject('012068', '釧路市');
    const chosen = { ...body, projectChoices: [{ reportIndex: 3, choice: 'new' }] };
    const checked = (await dryRun(m, chosen).expect(200)).body;
    expect(checked.canConfirm).toBe(true);
    expect(checked.counts).toMatchObject({ newProjects: 5, linkedProjects: 0 });
    expect(checked.reports[3]).toMatchObject({
      candidate: { projectId: project.id, choice: 'new' },
      project: { action: 'create', projectId: null, name: FILE_NAME },
    });
    const imported = (await confirm(m, { ...chosen, checksum: checked.checksum }).expect(201)).body;
    expect(imported.reports[3]).toMatchObject({ projectName: FILE_NAME, projectCreated: true });
    expect(imported.reports[3].projectId).not.toBe(project.id);
    const names = (await get(m, '/projects')).items.map((stored: any) => stored.name);
    expect(names).toHaveLength(6);
    expect(names).toEqual(expect.arrayContaining([STORED_NAME, FILE_NAME]));
  });
});
