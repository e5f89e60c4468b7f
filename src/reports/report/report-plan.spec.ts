import type { GrantProject } from '../../projects/grant-project.entity';
import { KpiDirection } from '../../projects/kpi-direction';
import { planForYear, planOf } from './report-plan';

describe('planForYear (the plan a report open for editing takes from its project)', () => {
  const kpi = (target: number) => ({
    id: 'kpi-1',
    projectId: 'project-1',
    position: 1,
    name: '商談件数',
    baseline: 100,
    target,
    unit: '件',
    targetYearMonth: '2025-03',
    direction: KpiDirection.HigherIsBetter,
  });
  const project = (changes: Partial<GrantProject>): GrantProject =>
    ({
      id: 'project-1',
      organizationId: 'organization-1',
      departmentId: 'department-1',
      department: { id: 'department-1', organizationId: 'organization-1', name: '経済部' },
      projectNumber: '1',
      name: '地域産品の販路拡大',
      grantTypeCode: 'promotion',
      grantType: { code: 'promotion', label: '推進交付金', sortOrder: 1 },
      planStartFiscalYear: 2022,
      planEndFiscalYear: 2024,
      overview: '販路を広げる',
      jointApplicationNote: null,
      partnerMunicipalities: [],
      policyArea: null,
      kpis: [kpi(120)],
      version: 1,
      ...changes,
    }) as GrantProject;
  // The report's copy, taken when the project planned 2022–2024 with a target of 120.
  const copy = planOf(project({}));
  const amended = project({
    name: '地域産品の販路拡大(改称)',
    planEndFiscalYear: 2026,
    kpis: [kpi(150)],
  });

  it('is the project as it is now when the project was never amended', () => {
    expect(planForYear(amended, copy, 2023, null)).toEqual(planOf(amended));
  });

  it('is the project as it is now when its latest amendment applies from the report’s year or before', () => {
    expect(planForYear(amended, copy, 2023, 2023)).toEqual(planOf(amended));
    expect(planForYear(amended, copy, 2023, 2022)).toEqual(planOf(amended));
  });

  it('keeps the copy’s period and KPIs when the latest amendment applies only from a later year, the rest as now', () => {
    expect(planForYear(amended, copy, 2023, 2024)).toEqual({
      ...planOf(amended),
      planEndFiscalYear: 2024,
      kpis: copy.kpis,
    });
  });
});
