import type { GrantProject } from '../../projects/grant-project.entity';
import { KpiDirection } from '../../projects/kpi-direction';
import { correctionPlan, planForYear, planOf } from './report-plan';

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
  // Made after the report's copy was taken: 指標① from 120 to 150 for 2023 on, the period to 2026 from 2024 on.
  const target = { effectiveFiscalYear: 2023, changes: [{ path: '/kpis/0/target', before: 120, after: 150 }] };
  const extension = { effectiveFiscalYear: 2024, changes: [{ path: '/planEndFiscalYear', before: 2024, after: 2026 }] };
  const amended = project({ name: '地域産品の販路拡大(改称)', planEndFiscalYear: 2026, kpis: [kpi(150)] });

  it('is the project as it is now when no amendment was made since the copy was taken', () => {
    expect(planForYear(amended, 2023, [])).toEqual(planOf(amended));
  });

  it('is the project as it is now when every amendment since applies from the report’s year or before', () => {
    expect(planForYear(amended, 2024, [target, extension])).toEqual(planOf(amended));
    expect(planForYear(amended, 2023, [{ ...target, effectiveFiscalYear: 2022 }])).toEqual(planOf(amended));
  });

  it('takes every amendment for its year and undoes those that apply only from a later year, the rest as now', () => {
    expect(planForYear(amended, 2023, [target, extension])).toEqual({ ...planOf(amended), planEndFiscalYear: 2024 });
    expect(planForYear(amended, 2023, [extension, target])).toEqual({ ...planOf(amended), planEndFiscalYear: 2024 });
    expect(planForYear(amended, 2022, [target, extension])).toEqual({
      ...planOf(amended),
      planEndFiscalYear: 2024,
      kpis: planOf(project({})).kpis,
    });
  });

  it('keeps a field a later-year amendment changed once an amendment for the report’s year set it again', () => {
    const raised = { effectiveFiscalYear: 2024, changes: [{ path: '/kpis/0/target', before: 120, after: 200 }] };
    const lowered = { effectiveFiscalYear: 2023, changes: [{ path: '/kpis/0/target', before: 200, after: 150 }] };

    expect(planForYear(amended, 2023, [raised, lowered]).kpis[0].target).toBe(150);
    expect(planForYear(amended, 2023, [lowered, raised]).kpis[0].target).toBe(120);
  });

  it('leaves out a KPI a later-year amendment added and keeps one it removed', () => {
    const second = { ...kpi(30), position: 2, name: '来訪者数' };
    const added = {
      effectiveFiscalYear: 2024,
      changes: Object.entries(planOf(project({ kpis: [kpi(150), second] })).kpis[1]).map(
        ([field, value]: [string, unknown]) => ({ path: `/kpis/1/${field}`, before: null, after: value }),
      ),
    };
    const removed = {
      effectiveFiscalYear: 2024,
      changes: added.changes.map(({ path, before, after }) => ({ path, before: after, after: before })),
    };

    expect(planForYear(project({ kpis: [kpi(150), second] }), 2023, [added]).kpis).toEqual(planOf(amended).kpis);
    expect(planForYear(amended, 2023, [removed]).kpis).toEqual(planOf(project({ kpis: [kpi(150), second] })).kpis);
  });
  it('undoes a later-year change of a KPI by its number, also after a KPI before it was removed for its year', () => {
    const third = (target: number) => ({ ...kpi(target), position: 3, name: '新規出店数' });
    const raised = { effectiveFiscalYear: 2024, changes: [{ path: '/kpis/2/target', before: 10, after: 20 }] };
    const removed = {
      effectiveFiscalYear: 2023,
      changes: [
        { path: '/kpis/1/name', before: '来訪者数', after: null },
        { path: '/kpis/1/position', before: 2, after: null },
      ],
    };

    expect(
      planForYear(project({ kpis: [kpi(120), third(20)] }), 2023, [raised, removed]).kpis.map(
        ({ position, target }) => [position, target],
      ),
    ).toEqual([
      [1, 120],
      [3, 10],
    ]);
  });

  describe('correctionPlan (the plan a report being corrected takes from its project)', () => {
    // The edition corrected: 指標① at 120 and the period to 2024, as published for 2022.
    const edition = planOf(project({ name: '旧事業名' }));
    const renamed = project({ name: '地域産品の販路拡大(改称)', planEndFiscalYear: 2026, kpis: [kpi(150)] });

    it('keeps the edition’s period and KPIs when nothing was amended since it started, whatever the project has now', () => {
      expect(correctionPlan(renamed, edition, 2022, [], null)).toEqual({
        ...planOf(renamed),
        ...periodAndKpisOf(edition),
      });
    });

    it('takes what the amendments made since set for its year, in order, and none that applies only later', () => {
      const corrected = { effectiveFiscalYear: 2021, changes: [{ path: '/kpis/0/target', before: 120, after: 140 }] };
      const again = { effectiveFiscalYear: 2022, changes: [{ path: '/kpis/0/target', before: 140, after: 150 }] };

      expect(correctionPlan(renamed, edition, 2022, [corrected, extension, again], null)).toEqual({
        ...planOf(renamed),
        planEndFiscalYear: 2024,
        kpis: planOf(project({ kpis: [kpi(150)] })).kpis,
      });
    });

    it('adds and removes a KPI as an amendment for its year does, and leaves alone one its year does not have', () => {
      const second = { ...kpi(30), position: 2, name: '来訪者数' };
      const changesOfSecond = Object.entries(planOf(project({ kpis: [kpi(120), second] })).kpis[1]).map(
        ([field, value]: [string, unknown]) => ({ path: `/kpis/1/${field}`, before: null, after: value }),
      );
      const added = { effectiveFiscalYear: 2022, changes: changesOfSecond };
      const removed = {
        effectiveFiscalYear: 2022,
        changes: changesOfSecond.map((change) => ({ ...change, after: null })),
      };
      const renamedLater = { effectiveFiscalYear: 2022, changes: [{ path: '/kpis/1/name', before: 'a', after: 'b' }] };

      expect(correctionPlan(renamed, edition, 2022, [added], null).kpis.map(({ position }) => position)).toEqual([
        1, 2,
      ]);
      expect(correctionPlan(renamed, edition, 2022, [added, removed], null).kpis).toEqual(edition.kpis);
      expect(correctionPlan(renamed, edition, 2022, [renamedLater], null).kpis).toEqual(edition.kpis);
    });

    it('takes of ①③ what its owner changed through the project since it started, and keeps the edition’s for the rest', () => {
      // Renamed and its ③ rewritten for a later year while the report was published; then, correcting, ③ mended again.
      const atStart = project({ name: '地域産品の販路拡大(改称)', overview: '来年度からの事業概要' });
      const started = { plan: { ...edition, overview: '公表した年度の事業概要' }, project: atStart };
      const mended = project({ name: '地域産品の販路拡大(改称)', overview: '訂正した事業概要' });

      expect(correctionPlan(atStart, started.plan, 2022, [], started)).toMatchObject({
        name: '旧事業名',
        overview: '公表した年度の事業概要',
      });
      expect(correctionPlan(mended, started.plan, 2022, [], started)).toMatchObject({
        name: '旧事業名',
        overview: '訂正した事業概要',
      });
    });
  });
});

function periodAndKpisOf({ planStartFiscalYear, planEndFiscalYear, kpis }: ReturnType<typeof planOf>) {
  return { planStartFiscalYear, planEndFiscalYear, kpis };
}
