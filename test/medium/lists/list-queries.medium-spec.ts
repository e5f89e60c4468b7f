import { Role } from '../../../src/access/role';
import { todayInJapan } from '../../../src/common/dates';
import { type GrantProject } from '../../../src/projects/grant-project.entity';
import { KpiDefinition } from '../../../src/projects/kpi-definition.entity';
import { ProjectsRepository } from '../../../src/projects/projects.repository';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
import { ReportListItem } from '../../../src/reports/reports.controller';
import { ReportStatus } from '../../../src/reports/rules/report-status';
import { UsersService } from '../../../src/users/users.service';
import type { GivenMunicipality } from '../support/given';
import { createMediumApp, type MediumApp } from '../support/medium-app';

const today = todayInJapan();

/**
 * Lists that scale to a real year: the board's reports, the 国提出事業 and an organization's users are searched,
 * filtered and sorted by the repositories' queries — the pages only pass on what the URL asks for.
 */
describe('Search, filters and sort of the lists, in the repository queries', () => {
  let app: MediumApp;
  let reports: ReportsRepository;
  let projects: ProjectsRepository;
  let users: UsersService;

  beforeAll(async () => {
    app = await createMediumApp();
    reports = app.get(ReportsRepository);
    projects = app.get(ProjectsRepository);
    users = app.get(UsersService);
  });

  afterAll(() => app?.close());

  /**
   * A town whose 経済部 has projects No.2, No.10 and No.12 and whose 観光部 has one without a number. Names and
   * departments begin with kana or kanji whose order is the same in every collation (kana first, then by kanji).
   */
  async function townWithProjects(): Promise<{
    city: GivenMunicipality;
    tourism: { id: string };
    byNumber: Record<string, GrantProject>;
  }> {
    const city = await app.given.municipality();
    const tourism = await app.given.department(city.organization, '観光部');
    const byNumber = {
      '10': await app.given.project(city.department, {
        projectNumber: '10',
        name: '産業振興事業',
        planStartFiscalYear: 2019,
        planEndFiscalYear: 2021,
      }),
      '2': await app.given.project(city.department, {
        projectNumber: '2',
        name: '観光DX推進事業',
        grantTypeCode: 'digital_garden_city',
        planStartFiscalYear: 2021,
        planEndFiscalYear: 2099,
      }),
      '12': await app.given.project(city.department, {
        projectNumber: '12',
        name: '移住促進(100%_還元)事業',
        planStartFiscalYear: 2098,
        planEndFiscalYear: 2099,
      }),
      none: await app.given.project(tourism, { projectNumber: null, name: 'アウトドア観光推進事業' }),
    };
    return { city, tourism, byNumber };
  }

  describe('the reports of a list (ReportsRepository.listWithAttention)', () => {
    async function listed(city: GivenMunicipality, filters = {}, sort?: 'number' | 'name' | 'department' | 'updated') {
      const entries = await reports.listWithAttention(city.planner.actor, filters, today, sort);
      return entries.map(({ report }) => report.project.projectNumber ?? report.project.name);
    }

    async function townWithReports() {
      const town = await townWithProjects();
      const made: Record<string, string> = {};
      for (const [key, project] of Object.entries(town.byNumber)) {
        made[key] = (await app.given.report(project, { status: key === '2' ? ReportStatus.Submitted : undefined })).id;
      }
      return { ...town, reportIds: made };
    }

    it('finds a project by a part of its name, or by its number exactly, with or without "No."', async () => {
      const { city } = await townWithReports();

      expect(await listed(city, { q: '観光' }, 'number')).toEqual(['2', 'アウトドア観光推進事業']);
      expect(await listed(city, { q: 'No.2' })).toEqual(['2']);
      expect(await listed(city, { q: '12' })).toEqual(['12']);
      expect(await listed(city, { q: '100%_' })).toEqual(['12']);
      expect(await listed(city, { q: '%' })).toEqual(['12']);
    });

    it('lists only the reports of the projects asked for (a page of projects)', async () => {
      const { city, byNumber } = await townWithReports();

      expect(await listed(city, { projectIds: [byNumber['10'].id, byNumber.none.id] }, 'number')).toEqual([
        '10',
        'アウトドア観光推進事業',
      ]);
      expect(await listed(city, { projectIds: [] })).toEqual([]);
    });

    it('reads what is typed and what is written under NFKC, and finds a name by every word typed', async () => {
      const { city } = await townWithReports();
      const ict = await app.given.project(city.department, {
        projectNumber: '5',
        name: '青少年ICTパークプロジェクト～eスポーツをきっかけにIT人材の育成',
      });
      // As a spreadsheet import may bring it: half-width katakana.
      const craft = await app.given.project(city.department, {
        projectNumber: '7',
        name: 'ものづくり企業のﾃﾞｻﾞｲﾝ力向上プロジェクト',
      });
      await app.given.report(ict);
      await app.given.report(craft);

      expect(await listed(city, { q: 'ICT' })).toEqual(['5']);
      expect(await listed(city, { q: 'ＩＣＴ' })).toEqual(['5']);
      expect(await listed(city, { q: 'ｅスポーツ' })).toEqual(['5']);
      expect(await listed(city, { q: 'ｄｘ' })).toEqual(['2']);
      expect(await listed(city, { q: 'ﾌﾟﾛｼﾞｪｸﾄ' }, 'number')).toEqual(['5', '7']);
      expect(await listed(city, { q: 'デザイン' })).toEqual(['7']);
      expect(await listed(city, { q: 'ものづくり デザイン' })).toEqual(['7']);
      expect(await listed(city, { q: 'デザイン　ものづくり' })).toEqual(['7']);
      expect(await listed(city, { q: 'ものづくり 観光' })).toEqual([]);
      expect(await listed(city, { q: 'ＮＯ．５' })).toEqual(['5']);
      expect(await listed(city, { q: ' 　' }, 'number')).toEqual(['2', '5', '7', '10', '12', 'アウトドア観光推進事業']);
    });

    it("matches the name and grant as the report's year planned them, and the department responsible now, as the list shows them", async () => {
      const { city, tourism, byNumber } = await townWithReports();
      await app.dataSource.query('UPDATE grant_projects SET name = $1, department_id = $2 WHERE id = $3', [
        '観光DX・スマートシティ推進事業',
        tourism.id,
        byNumber['2'].id,
      ]);

      expect(await listed(city, { q: '観光DX推進' })).toEqual(['2']);
      expect(await listed(city, { q: 'スマートシティ' })).toEqual([]);
      // Not yet published: the project's department acts on the report (組織改編), and the list names it.
      expect(await listed(city, { departmentId: city.department.id }, 'number')).toEqual(['10', '12']);
      expect(await listed(city, { departmentId: tourism.id }, 'number')).toEqual(['2', 'アウトドア観光推進事業']);
      expect(await listed(city, { grantTypeCode: 'digital_garden_city' })).toEqual(['2']);
      const [shown] = await reports.listWithAttention(city.planner.actor, { q: 'No.2' }, today);
      expect(ReportListItem.from(shown.report)).toMatchObject({
        projectId: byNumber['2'].id,
        projectNumber: '2',
        projectName: '観光DX推進事業',
        departmentName: '観光部',
        grantTypeCode: 'digital_garden_city',
      });
    });

    it('filters by state and by fiscal year', async () => {
      const { city, byNumber } = await townWithReports();
      await app.given.report(byNumber['10'], { fiscalYear: 2021 });

      expect(await listed(city, { status: ReportStatus.Submitted })).toEqual(['2']);
      expect(await listed(city, { fiscalYear: 2021 })).toEqual(['10']);
    });

    it('sorts each year by number as people count (2 before 10), by name, department or latest change', async () => {
      const { city, reportIds } = await townWithReports();
      await app.dataSource.query(`UPDATE result_reports SET updated_at = now() + interval '1 hour' WHERE id = $1`, [
        reportIds['12'],
      ]);

      expect(await listed(city, {}, 'number')).toEqual(['2', '10', '12', 'アウトドア観光推進事業']);
      expect(await listed(city, {}, 'name')).toEqual(['アウトドア観光推進事業', '10', '12', '2']);
      expect(await listed(city, {}, 'department')).toEqual(['2', '10', '12', 'アウトドア観光推進事業']);
      expect((await listed(city, {}, 'updated'))[0]).toBe('12');
    });

    it('still shows each person only the reports they may see', async () => {
      const { city } = await townWithReports();

      const entries = await reports.listWithAttention(city.owner.actor, { q: '観光' }, today, 'number');

      expect(entries.map(({ report }) => report.project.projectNumber)).toEqual(['2']);
    });
  });

  describe('the 国提出事業 (ProjectsRepository.list)', () => {
    const numbers = (found: GrantProject[]) => found.map((project) => project.projectNumber ?? project.name);

    it('finds by every word of the name, or by number, in either width, and filters by department and grant', async () => {
      const { city, tourism } = await townWithProjects();
      const actor = city.planner.actor;

      expect(numbers(await projects.list(actor, { q: '観光' }, 'number'))).toEqual(['2', 'アウトドア観光推進事業']);
      expect(numbers(await projects.list(actor, { q: 'no.10' }))).toEqual(['10']);
      expect(numbers(await projects.list(actor, { q: 'ＤＸ　観光' }))).toEqual(['2']);
      expect(numbers(await projects.list(actor, { q: 'ＤＸ アウトドア' }))).toEqual([]);
      expect(numbers(await projects.list(actor, { q: 'Ｎｏ．１０' }))).toEqual(['10']);
      expect(numbers(await projects.list(actor, { departmentId: tourism.id }))).toEqual(['アウトドア観光推進事業']);
      expect(numbers(await projects.list(actor, { grantTypeCode: 'digital_garden_city' }))).toEqual(['2']);
    });

    it('filters by where the plan period stands in a fiscal year: running, not begun, over', async () => {
      const { city } = await townWithProjects();
      const list = async (state: 'ongoing' | 'upcoming' | 'ended') =>
        numbers(await projects.list(city.planner.actor, { period: { state, fiscalYear: 2022 } }, 'number'));

      expect(await list('ongoing')).toEqual(['2', 'アウトドア観光推進事業']);
      expect(await list('upcoming')).toEqual(['12']);
      expect(await list('ended')).toEqual(['10']);
    });

    it('sorts by the newest plan (the default), number, name or department, KPIs in order within each', async () => {
      const { city } = await townWithProjects();
      const actor = city.planner.actor;

      expect(numbers(await projects.list(actor, {}))).toEqual(['12', '2', 'アウトドア観光推進事業', '10']);
      expect(numbers(await projects.list(actor, {}, 'number'))).toEqual(['2', '10', '12', 'アウトドア観光推進事業']);
      expect(numbers(await projects.list(actor, {}, 'name'))).toEqual(['アウトドア観光推進事業', '10', '12', '2']);
      expect(numbers(await projects.list(actor, {}, 'department'))).toEqual([
        '2',
        '10',
        '12',
        'アウトドア観光推進事業',
      ]);
      expect((await projects.list(actor, {}, 'name'))[0].kpis!.map((kpi) => kpi.position)).toEqual([1]);
    });

    it('pages a list in its order, each project once with all its KPIs, with how many match in all', async () => {
      const { city, byNumber } = await townWithProjects();
      const actor = city.planner.actor;
      await app.dataSource.getRepository(KpiDefinition).insert({
        projectId: byNumber['2'].id,
        position: 2,
        name: '成約件数',
        baseline: 10,
        target: 20,
        unit: '件',
        targetYearMonth: '2025-03',
      });
      const page = (number: number, filters = {}) =>
        projects.listPage(actor, filters, 'number', { page: number, pageSize: 3 });

      const [first, total] = await page(1);
      const [second] = await page(2);
      const [filtered, matching] = await page(1, { departmentId: city.department.id });

      expect(total).toBe(4);
      expect(numbers(first)).toEqual(['2', '10', '12']);
      expect(first[0].kpis!.map((kpi) => kpi.position)).toEqual([1, 2]);
      expect(numbers(second)).toEqual(['アウトドア観光推進事業']);
      expect([numbers(filtered), matching]).toEqual([['2', '10', '12'], 3]);
      expect(await page(3)).toEqual([[], 4]);
    });

    it("offers a choice of the projects each person may see, in the list's order, without reading their KPIs", async () => {
      const { city } = await townWithProjects();

      const planners = await projects.choicesFor(city.planner.actor);
      const owners = await projects.choicesFor(city.owner.actor);

      expect(numbers(planners)).toEqual(['12', '2', 'アウトドア観光推進事業', '10']);
      expect(planners.every((project) => project.kpis === undefined)).toBe(true);
      expect(numbers(owners)).toEqual(['12', '2', '10']);
    });
  });

  describe("an organization's users (MembershipsRepository.withUsersIn, through UsersService.listMembers)", () => {
    async function staffed() {
      const organization = await app.given.organization();
      const economy = await app.given.department(organization, '経済部');
      const tourism = await app.given.department(organization, '観光部');
      const person = (name: string, roles: Role[], department = economy) =>
        app.given.user({ organization, roles, department, name });
      const people = {
        sato: await person('Sato', [Role.ProjectOwner, Role.Administrator]),
        abe: await person('Abe', [Role.ProjectOwner], tourism),
        kato: await person('Kato', [Role.ExternalExpert]),
      };
      return { organization, economy, tourism, people };
    }
    const names = (members: { displayName: string }[]) => members.map((member) => member.displayName);

    it('finds by the words of the name or the e-mail address, in either width', async () => {
      const { organization, people } = await staffed();

      expect(names(await users.listMembers(organization.id, { q: 'at' }))).toEqual(['Sato', 'Kato']);
      expect(names(await users.listMembers(organization.id, { q: people.abe.email.slice(0, 6) }))).toEqual(['Abe']);
      expect(await users.listMembers(organization.id, { q: '%' })).toEqual([]);
      expect(names(await users.listMembers(organization.id, { q: 'ＳＡＴＯ　ｅｘａｍｐｌｅ' }))).toEqual(['Sato']);
      expect(await users.listMembers(organization.id, { q: 'sato kato' })).toEqual([]);
    });

    it('filters by a role or department held here, and keeps every membership of who matches', async () => {
      const { organization, tourism } = await staffed();

      const administrators = await users.listMembers(organization.id, { role: Role.Administrator });
      expect(names(administrators)).toEqual(['Sato']);
      expect(administrators[0].memberships!.map((membership) => membership.role).sort()).toEqual([
        Role.Administrator,
        Role.ProjectOwner,
      ]);
      expect(names(await users.listMembers(organization.id, { departmentId: tourism.id }))).toEqual(['Abe']);
      expect(
        names(await users.listMembers(organization.id, { role: Role.Administrator, departmentId: tourism.id })),
      ).toEqual([]);
    });

    it('filters by whether the account is in use or deactivated', async () => {
      const { organization, people } = await staffed();
      await app.dataSource.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [people.kato.id]);

      expect(names(await users.listMembers(organization.id, { isActive: false }))).toEqual(['Kato']);
      expect(names(await users.listMembers(organization.id, { isActive: true }))).toEqual(['Sato', 'Abe']);
    });

    it('sorts by who joined first (the default), by name or by e-mail address', async () => {
      const { organization } = await staffed();

      expect(names(await users.listMembers(organization.id))).toEqual(['Sato', 'Abe', 'Kato']);
      expect(names(await users.listMembers(organization.id, {}, 'name'))).toEqual(['Abe', 'Kato', 'Sato']);
      expect(names(await users.listMembers(organization.id, {}, 'email'))).toEqual(['Abe', 'Kato', 'Sato']);
    });

    it("never lists another organization's users", async () => {
      const { organization } = await staffed();
      const other = await staffed();

      const listed = await users.listMembers(organization.id, { q: 'a' });

      expect(listed.map((member) => member.id)).not.toContain(other.people.sato.id);
      expect(listed).toHaveLength(3);
    });
  });
});
