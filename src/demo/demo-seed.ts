import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditActor, SYSTEM_ACTOR } from '../audit/audit-log';
import { AuditTrail } from '../audit/audit-trail';
import { OrganizationActor } from '../access/actor';
import { ROLE_LABELS } from '../access/role';
import { ImportMode } from '../imports/import-model';
import { DryRunView } from '../imports/imports.dto';
import { ImportsService } from '../imports/imports.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { ProjectsService } from '../projects/projects.service';
import { Role } from '../access/role';
import { UsersService } from '../users/users.service';
import { partnershipFor, parsePartnershipProjects } from './partnership-projects';
import { parsePolicyAreas, policyAreaFor } from './policy-areas';

/** The published documents the demo loads (copies of ../shared/seeds). */
const SEEDS = join(__dirname, 'seeds');

/**
 * Every entry the seed writes carries this request id: it tells the seed's municipalities from real ones, since no
 * HTTP request can bear it (incoming request ids allow no colon) and every version of the seed imported under it.
 */
const SEED_REQUEST_ID = 'seed:demo';
const SEED_ACTOR: AuditActor = { ...SYSTEM_ACTOR, requestId: SEED_REQUEST_ID };

interface DemoPerson {
  key: string;
  role: Role;
  displayName: string;
  department?: string;
  /** The same expert sits on both municipalities' panels. */
  email?: string;
}

interface DemoMunicipality {
  code: string;
  name: string;
  domain: string;
  departments: string[];
  people: DemoPerson[];
  /**
   * publishedOn: for published history, the day it stands as published (公表日). projectDepartments: the department
   * of a report's project (by its place in the file) where not `department`: the seeds name none.
   */
  seed: {
    file: string;
    department: string;
    mode: ImportMode;
    publishedOn?: string;
    projectDepartments?: Record<number, string>;
  };
}

const SHARED_EXPERT: DemoPerson = {
  key: 'expert',
  role: Role.ExternalExpert,
  displayName: '有識者 (デモ)',
  email: 'expert@panel.example.jp',
};

const MUNICIPALITIES: DemoMunicipality[] = [
  {
    code: '012041',
    name: '旭川市',
    domain: 'asahikawa.example.jp',
    departments: ['経済部', '観光スポーツ交流部'],
    people: [
      { key: 'admin', role: Role.Administrator, displayName: '旭川市 システム管理者 (デモ)' },
      { key: 'planning', role: Role.PlanningDivision, displayName: '旭川市 企画政策課 (デモ)' },
      { key: 'approver', role: Role.PlanningDivision, displayName: '旭川市 企画政策課 承認者 (デモ)' },
      { key: 'owner', role: Role.ProjectOwner, displayName: '旭川市 経済部 (デモ)', department: '経済部' },
      {
        key: 'owner-tourism',
        role: Role.ProjectOwner,
        displayName: '旭川市 観光スポーツ交流部 (デモ)',
        department: '観光スポーツ交流部',
      },
      SHARED_EXPERT,
    ],
    // Past years are published history; only an administrator may load them. The text carries no date of
    // publication: a day in the autumn after R4 ended stands in for it.
    seed: {
      file: 'asahikawa-r4-results-report.txt',
      department: '経済部',
      mode: ImportMode.Published,
      publishedOn: '2023-09-29',
      // No.2, 新・大雪圏域観光振興プロジェクト: the tourism department's own, so its demo owner has a project.
      projectDepartments: { 1: '観光スポーツ交流部' },
    },
  },
  {
    code: '012068',
    name: '釧路市',
    domain: 'kushiro.example.jp',
    departments: ['産業振興部'],
    people: [
      { key: 'admin', role: Role.Administrator, displayName: '釧路市 システム管理者 (デモ)' },
      { key: 'planning', role: Role.PlanningDivision, displayName: '釧路市 企画課 (デモ)' },
      { key: 'approver', role: Role.PlanningDivision, displayName: '釧路市 企画課 承認者 (デモ)' },
      { key: 'owner', role: Role.ProjectOwner, displayName: '釧路市 産業振興部 (デモ)', department: '産業振興部' },
      SHARED_EXPERT,
    ],
    // The KPI table has no ⑥–⑧: its reports become drafts to complete in the workflow.
    seed: { file: 'kushiro-r4-grant-kpi-results.txt', department: '産業振興部', mode: ImportMode.Draft },
  },
];

/** A refusal to load the demo, with a message for the operator. */
export class DemoRefused extends Error {}

export interface DemoUser {
  organization: string;
  email: string;
  role: string;
  created: boolean;
}

export interface DemoSummary {
  users: DemoUser[];
  /** True when an account was created with the given password (so it must be shown if generated). */
  passwordUsed: boolean;
  imports: ({ organization: string; file: string } & (
    { outcome: 'imported'; reports: number; warnings: number } | { outcome: 'already loaded' }
  ))[];
  projectsUpdated: number;
}

/**
 * Loads the real seeds and a user for every role, into municipalities of its own only. Once a municipality's seed is
 * loaded, running it again leaves that municipality as its users made it: only what a newer version adds is created.
 */
@Injectable()
export class DemoSeed {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly imports: ImportsService,
    private readonly projects: ProjectsService,
    private readonly audit: AuditTrail,
  ) {}

  async run(password: string): Promise<DemoSummary> {
    const summary: DemoSummary = { users: [], passwordUsed: false, imports: [], projectsUpdated: 0 };
    // All checked before anything is written, so a refusal leaves every municipality as it was.
    const loaded = new Set<string>();
    for (const municipality of MUNICIPALITIES) {
      const organization = await this.organizations.findByCode(municipality.code);
      if (!organization) continue;
      const actions = await this.audit.actionsOfRequest(organization.id, SEED_REQUEST_ID);
      if (actions.length === 0)
        throw new DemoRefused(
          `${organization.name} (${municipality.code}) exists and was not created by the demo seed: demo data and ` +
            'demo accounts are never loaded into a municipality in real use. Load the demo into a database of its own.',
        );
      if (actions.includes('import.confirmed')) loaded.add(municipality.code);
    }
    for (const municipality of MUNICIPALITIES) {
      if (loaded.has(municipality.code)) {
        summary.imports.push({
          organization: municipality.name,
          file: municipality.seed.file,
          outcome: 'already loaded',
        });
        continue;
      }
      const organization =
        (await this.organizations.findByCode(municipality.code)) ??
        (await this.organizations.create(municipality.name, municipality.code, SEED_ACTOR));
      const departments = await this.departments(organization.id, municipality.departments);
      let adminId = '';
      for (const person of municipality.people) {
        const user = await this.member(organization.id, municipality, person, departments, password, summary);
        if (person.role === Role.Administrator) adminId = user;
      }
      const actor: OrganizationActor = {
        userId: adminId,
        sessionId: 'seed-demo',
        organizationId: organization.id,
        roles: [Role.Administrator],
        departmentIds: [],
        requestId: SEED_REQUEST_ID,
        ipAddress: '',
      };
      const checked = await this.importSeed(actor, municipality, departments, summary);
      if (municipality.code === '012041') summary.projectsUpdated += await this.linkPolicyAreasAndTowns(actor, checked);
    }
    return summary;
  }

  private async departments(organizationId: string, names: string[]): Promise<Map<string, string>> {
    const existing = await this.organizations.listDepartments(organizationId);
    const ids = new Map(existing.map((department) => [department.name, department.id]));
    for (const name of names)
      if (!ids.has(name))
        ids.set(name, (await this.organizations.createDepartment(organizationId, name, SEED_ACTOR)).id);
    return ids;
  }

  private async member(
    organizationId: string,
    municipality: DemoMunicipality,
    person: DemoPerson,
    departments: Map<string, string>,
    password: string,
    summary: DemoSummary,
  ): Promise<string> {
    const email = person.email ?? `${person.key}@${municipality.domain}`;
    const departmentId = person.department ? departments.get(person.department)! : null;
    const existing = await this.users.findForSignIn(email);
    const memberships = existing ? await this.users.membershipsIn(organizationId, existing.id) : [];
    const holds = memberships.some(
      (membership) => membership.role === person.role && membership.departmentId === departmentId,
    );
    const userId = holds
      ? existing!.id
      : (
          await this.users.addMember(
            organizationId,
            { email, displayName: person.displayName, password },
            [{ role: person.role, departmentId }],
            SEED_ACTOR,
          )
        ).id;
    if (!existing) summary.passwordUsed = true;
    summary.users.push({
      organization: municipality.name,
      email,
      role: `${ROLE_LABELS[person.role]}${person.department ? ` (${person.department})` : ''}`,
      created: !existing,
    });
    return userId;
  }

  /** Dry run, then confirm; a seed whose reports are all there already is left alone. */
  private async importSeed(
    actor: OrganizationActor,
    municipality: DemoMunicipality,
    departments: Map<string, string>,
    summary: DemoSummary,
  ): Promise<DryRunView> {
    const source = { name: municipality.seed.file, bytes: readFileSync(join(SEEDS, municipality.seed.file)) };
    const { mode, publishedOn, department, projectDepartments = {} } = municipality.seed;
    const settings = {
      departmentId: departments.get(department)!,
      mode,
      publishedOn,
      projectDepartments: Object.entries(projectDepartments).map(([reportIndex, name]) => ({
        reportIndex: Number(reportIndex),
        departmentId: departments.get(name)!,
      })),
    };
    const checked = await this.imports.dryRun(actor, source, settings);
    const errors = checked.reports.flatMap((report) => report.errors);
    const entry = {
      organization: municipality.name,
      file: municipality.seed.file,
      reports: checked.reports.length,
      warnings: checked.counts.warnings,
    };
    if (checked.canConfirm) {
      await this.imports.confirm(actor, source, settings, checked.checksum);
      summary.imports.push({ ...entry, outcome: 'imported' });
    } else if (errors.length > 0 && errors.every((error) => error.code === 'report_exists')) {
      summary.imports.push({ organization: entry.organization, file: entry.file, outcome: 'already loaded' });
    } else {
      const problems = [...checked.errors, ...errors].map((error) => `${error.path}: ${error.message}`);
      throw new Error(`${municipality.seed.file} could not be loaded:\n${problems.join('\n')}`);
    }
    return checked;
  }

  /** 施策 from the 経済部 policy document and partner towns from the partnership table, where a project matches. */
  private async linkPolicyAreasAndTowns(actor: OrganizationActor, checked: DryRunView): Promise<number> {
    const areas = parsePolicyAreas(readFileSync(join(SEEDS, 'asahikawa-r6-economic-dept-policy.txt'), 'utf8'));
    const partnership = parsePartnershipProjects(
      readFileSync(join(SEEDS, 'asahikawa-regional-partnership-projects.txt'), 'utf8'),
    );
    const projects = await this.projects.list(actor, {});
    let updated = 0;
    for (const report of checked.reports) {
      const project = projects.find((candidate) => candidate.name === report.project.name);
      if (!project) continue;
      const text = [report.project.name, report.project.overview, ...report.budgetLines.map((line) => line.name)].join(
        '\n',
      );
      const policyArea = policyAreaFor(report.budgetLines, areas);
      const partnerMunicipalities = partnershipFor(text, partnership)?.towns ?? [];
      if (project.policyArea === policyArea && project.partnerMunicipalities.join() === partnerMunicipalities.join())
        continue;
      await this.projects.update(actor, project.id, { version: project.version, policyArea, partnerMunicipalities });
      updated++;
    }
    return updated;
  }
}
