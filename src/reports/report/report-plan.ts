import { isDeepStrictEqual } from 'node:util';
import type { FieldChange } from '../../common/document-diff';
import type { Department } from '../../organizations/department.entity';
import type { GrantProject } from '../../projects/grant-project.entity';
import type { GrantType } from '../../projects/grant-type.entity';
import type { KpiDefinition } from '../../projects/kpi-definition.entity';
import { kpisBySlot } from '../../projects/kpi-label';
import type { PlanAmendment } from '../../projects/plan-amendment.entity';
import { type PlannedKpi, plannedKpisOf } from '../../projects/planned-kpi';
import type { ReportPlan } from './report-plan.entity';

export type PlanContent = Omit<ReportPlan, 'reportId' | 'report' | 'createdAt' | 'updatedAt'>;

/** What the project is now, as a report's plan copy: the project loaded with its KPIs, department and grant type. */
export function planOf(project: GrantProject): PlanContent {
  return {
    organizationId: project.organizationId,
    projectNumber: project.projectNumber,
    name: project.name,
    departmentId: project.departmentId,
    departmentName: project.department?.name ?? '',
    grantTypeCode: project.grantTypeCode,
    grantTypeLabel: project.grantType?.label ?? null,
    planStartFiscalYear: project.planStartFiscalYear,
    planEndFiscalYear: project.planEndFiscalYear,
    overview: project.overview,
    jointApplicationNote: project.jointApplicationNote,
    partnerMunicipalities: [...project.partnerMunicipalities],
    policyArea: project.policyArea,
    kpis: plannedKpisOf(project.kpis),
  };
}

/** What a plan amendment (計画変更) says that a plan copy needs: the year it applies from and the fields it changed. */
export type AmendmentOfPlan = Pick<PlanAmendment, 'effectiveFiscalYear' | 'changes'>;

/**
 * The project's plan for a report of `fiscalYear`, as a copy that follows the project takes it: the project as it is
 * now, less what the amendments made since the copy was taken (`amendments`, oldest first) changed only from a later
 * year. Such a change is undone unless a later amendment that applies by the report's year set the same field again:
 * the report has every amendment that applies to its year, however many landed meanwhile, and none that applies later.
 */
export function planForYear(
  project: GrantProject,
  fiscalYear: number,
  amendments: readonly AmendmentOfPlan[],
): PlanContent {
  const now = planOf(project);
  const settled = new Set<string>();
  const undone: FieldChange[] = [];
  for (const { effectiveFiscalYear, changes } of [...amendments].reverse())
    if (effectiveFiscalYear <= fiscalYear) changes.forEach(({ path }) => settled.add(path));
    else undone.push(...changes.filter(({ path }) => !settled.has(path)));
  if (undone.length === 0) return now;
  // Newest first, so a field changed by two later-year amendments ends as it was before the first.
  return withPlanValues(
    now,
    undone.map(({ path, before }) => ({ path, value: before })),
  );
}

/** The fields of a plan that no amendment dates: a project holds each as it is now, for every year. */
const UNDATED_FIELDS = [
  'projectNumber',
  'name',
  'grantTypeCode',
  'overview',
  'jointApplicationNote',
  'partnerMunicipalities',
  'policyArea',
] as const satisfies readonly (keyof GrantProject & keyof PlanContent)[];

/** Where a correction started: its copy then (its edition's plan) and its project as it was then. */
export interface CorrectionStart {
  plan: PlanContent;
  project: GrantProject;
}

/**
 * The plan of a report being corrected (訂正), brought up to date with its project. A correction corrects its year's
 * published edition, so it keeps that edition's period and KPIs (its copy, taken anew when the correction started)
 * but for what the amendments made since (`amendments`, oldest first) set for its year: one that applies by its year
 * changes its year's plan, one that applies only from a later year is the later years' (and an amendment made before
 * the correction started was not that edition's). Of the rest, never amended by year, it takes what its owner changed
 * through the project since the correction started (so ①③ can be corrected through the project) and keeps the
 * edition's for the others: an edit made while the report was published (a later year's ③) is not this year's. A
 * correction started before its project was kept (`started` null) takes the project's as it is now.
 */
export function correctionPlan(
  project: GrantProject,
  copy: PlanContent,
  fiscalYear: number,
  amendments: readonly AmendmentOfPlan[],
  started: CorrectionStart | null,
): PlanContent {
  const { planStartFiscalYear, planEndFiscalYear, kpis } = copy;
  const unchanged = started
    ? UNDATED_FIELDS.filter((field) => isDeepStrictEqual(project[field], started.project[field]))
    : [];
  const kept: Partial<PlanContent> = Object.fromEntries(unchanged.map((field) => [field, started!.plan[field]]));
  if (unchanged.includes('grantTypeCode')) kept.grantTypeLabel = started!.plan.grantTypeLabel;
  return withPlanValues(
    { ...planOf(project), ...kept, planStartFiscalYear, planEndFiscalYear, kpis },
    amendments
      .filter(({ effectiveFiscalYear }) => effectiveFiscalYear <= fiscalYear)
      .flatMap(({ changes }) => changes.map(({ path, after }) => ({ path, value: after }))),
  );
}

/**
 * `plan` with its period and KPIs set, in order, to the values amendments' changes name (each change's value before or
 * after it, at its path). Amendments name KPIs by slot, as kpisBySlot keys them: a KPI left without a position is
 * gone (one an amendment added, undone, or one it removed), one given a position is there.
 */
function withPlanValues(plan: PlanContent, values: readonly { path: string; value: unknown }[]): PlanContent {
  const planned: Record<string, unknown> = structuredClone({
    planStartFiscalYear: plan.planStartFiscalYear,
    planEndFiscalYear: plan.planEndFiscalYear,
    kpis: kpisBySlot(plan.kpis),
  });
  for (const { path, value } of values) {
    const keys = path.split('/').slice(1);
    const parent = keys.slice(0, -1).reduce((node, key) => (node[key] ??= {}) as Record<string, unknown>, planned);
    parent[keys.at(-1)!] = value;
  }
  // A field set on a KPI its year does not have (an amendment's to a slot added only later) leaves it unplaced too.
  const kpis = Object.values(planned.kpis as Record<string, PlannedKpi>)
    .filter((kpi) => typeof kpi.position === 'number')
    .sort((a, b) => a.position - b.position);
  return { ...plan, ...(planned as Pick<PlanContent, 'planStartFiscalYear' | 'planEndFiscalYear'>), kpis };
}

/** A grant type without its own label in the plan copy is shown by its code. */
export function plannedGrantTypeLabel(plan: Pick<PlanContent, 'grantTypeCode' | 'grantTypeLabel'>): string {
  return plan.grantTypeLabel ?? plan.grantTypeCode;
}

/**
 * The project as it stood in the report's year: its identity (id, version, organization) from the live project, every
 * planned field from the report's copy. Views, exports and rates read a report's project through this.
 * `responsibleNow`: the report is not on the published record, so its department is the project's as it is now (the
 * one that acts on it), with `project.department` loaded; a published report keeps the department of its copy.
 */
export function projectAsPlanned(project: GrantProject, plan: PlanContent, responsibleNow = false): GrantProject {
  const kpis: KpiDefinition[] = plan.kpis.map((kpi: PlannedKpi) => ({
    ...kpi,
    id: `${project.id}:${kpi.position}`,
    projectId: project.id,
  }));
  const department = responsibleNow
    ? project.department
    : ({ id: plan.departmentId, organizationId: plan.organizationId, name: plan.departmentName } as Department);
  const grantType: GrantType = {
    code: plan.grantTypeCode,
    label: plannedGrantTypeLabel(plan),
    sortOrder: 0,
  };
  return {
    ...project,
    projectNumber: plan.projectNumber,
    name: plan.name,
    departmentId: responsibleNow ? project.departmentId : plan.departmentId,
    department,
    grantTypeCode: plan.grantTypeCode,
    grantType,
    planStartFiscalYear: plan.planStartFiscalYear,
    planEndFiscalYear: plan.planEndFiscalYear,
    overview: plan.overview,
    jointApplicationNote: plan.jointApplicationNote,
    partnerMunicipalities: plan.partnerMunicipalities,
    policyArea: plan.policyArea,
    kpis,
  };
}
