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
  // Amendments name KPIs by slot, as kpisBySlot keys them.
  const plan: Record<string, unknown> = structuredClone({
    planStartFiscalYear: now.planStartFiscalYear,
    planEndFiscalYear: now.planEndFiscalYear,
    kpis: kpisBySlot(now.kpis),
  });
  // Newest first, so a field changed by two later-year amendments ends as it was before the first.
  for (const { path, before } of undone) {
    const keys = path.split('/').slice(1);
    const parent = keys.slice(0, -1).reduce((node, key) => (node[key] ??= {}) as Record<string, unknown>, plan);
    parent[keys.at(-1)!] = before;
  }
  // A KPI the undone amendment added is left without a position; one it removed is back.
  const kpis = Object.values(plan.kpis as Record<string, PlannedKpi>)
    .filter((kpi) => kpi.position !== null)
    .sort((a, b) => a.position - b.position);
  return { ...now, ...(plan as Pick<PlanContent, 'planStartFiscalYear' | 'planEndFiscalYear'>), kpis };
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
