import type { Department } from '../../organizations/department.entity';
import type { GrantProject } from '../../projects/grant-project.entity';
import type { GrantType } from '../../projects/grant-type.entity';
import type { KpiDefinition } from '../../projects/kpi-definition.entity';
import type { PlannedKpi, ReportPlan } from './report-plan.entity';

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
    kpis: [...(project.kpis ?? [])]
      .sort((a, b) => a.position - b.position)
      .map(({ position, name, baseline, target, unit, targetYearMonth, direction }) => ({
        position,
        name,
        baseline,
        target,
        unit,
        targetYearMonth,
        direction,
      })),
  };
}

/**
 * The project's plan for a report of `fiscalYear`, as a copy that follows the project takes it: the project as it is
 * now — unless its latest plan amendment (計画変更, of `latestAmendmentYear`) applies only from a later year. The
 * project then holds that later year's plan period and KPIs, so the report keeps those of its own copy and takes the
 * rest (names, ③, department, grant type, partner towns).
 */
export function planForYear(
  project: GrantProject,
  copy: PlanContent,
  fiscalYear: number,
  latestAmendmentYear: number | null,
): PlanContent {
  const now = planOf(project);
  if (latestAmendmentYear === null || latestAmendmentYear <= fiscalYear) return now;
  const { planStartFiscalYear, planEndFiscalYear, kpis } = copy;
  return { ...now, planStartFiscalYear, planEndFiscalYear, kpis };
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
