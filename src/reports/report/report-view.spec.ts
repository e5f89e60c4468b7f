import { type GrantProject } from '../../projects/grant-project.entity';
import { KpiDirection } from '../../projects/kpi-direction';
import { ReportStatus } from '../rules/report-status';
import { EffectLevel, PolicyDecision } from './assessment';
import { type AssessmentChoice, type AssessmentScale } from './assessment-choices';
import { buildReportView, reportSubmission } from './report-view';
import { type ResultReport } from './result-report.entity';

const project = {
  id: 'project-1',
  organizationId: 'org-1',
  departmentId: 'department-1',
  department: { name: '経済部' },
  projectNumber: '1',
  name: '地域の稼ぐ力向上プロジェクト',
  grantTypeCode: 'promotion',
  grantType: { code: 'promotion', label: '地方創生推進交付金' },
  planStartFiscalYear: 2021,
  planEndFiscalYear: 2023,
  overview: '販路拡大の取組を進める。',
  partnerMunicipalities: [],
  version: 1,
  kpis: [
    {
      position: 1,
      name: '商談成立数',
      baseline: 0,
      target: 120,
      unit: '件',
      targetYearMonth: '2024-03',
      direction: KpiDirection.HigherIsBetter,
    },
    {
      position: 2,
      name: '廃棄される食品の量',
      baseline: 1234.5,
      target: 1000,
      unit: 't',
      targetYearMonth: '2024-03',
      direction: KpiDirection.LowerIsBetter,
    },
  ],
} as unknown as GrantProject;

/** A draft with everything submission asks for: its lines, each KPI's latest value, ⑥ as suggested, explained. */
const complete = {
  id: 'report-1',
  organizationId: 'org-1',
  fiscalYear: 2022,
  status: ReportStatus.Draft,
  version: 3,
  actualAsOf: '2023-03',
  budgetLines: [
    {
      position: 1,
      name: '市場開拓',
      summary: '物産展への出展',
      results: '出展 12回',
      budgetAmount: 9048,
      budgetGrantAmount: 4524,
      actualAmount: 5198,
      actualGrantAmount: 2599,
    },
  ],
  typedBudgetTotal: null,
  typedBudgetGrantTotal: null,
  typedActualTotal: null,
  typedActualGrantTotal: null,
  kpiResults: [
    { position: 1, latestValue: 60, latestAsOf: '2023-03', isReference: false, yearlyActuals: [] },
    { position: 2, latestValue: 1100, latestAsOf: '2023-03', isReference: false, yearlyActuals: [] },
  ],
  effectLevel: null,
  effectNarrative: '商談成立数は目標の半ばに達した。',
  acknowledgedWarnings: [],
  editions: [],
} as unknown as ResultReport;
complete.effectLevel = buildReportView(complete, project).effect.suggested!.level;

const drafts: [string, ResultReport][] = [
  ['with everything submission asks for', complete],
  ['without ④ lines', { ...complete, budgetLines: [] }],
  [
    'without a KPI’s latest value',
    { ...complete, kpiResults: complete.kpiResults!.filter(({ position }) => position === 1) },
  ],
  ['without ⑥', { ...complete, effectLevel: null, effectNarrative: ' ' }],
  [
    'with ⑥ other than suggested and no reason',
    { ...complete, effectLevel: EffectLevel.NotEffective, effectLevelReason: '' },
  ],
  [
    'after a year decided 発展 and no response to it',
    {
      ...complete,
      previousDecision: { fiscalYear: 2021, decision: PolicyDecision.Expand, reason: '拡充する。' },
    },
  ],
  ['with typed totals that disagree, unacknowledged', { ...complete, typedBudgetTotal: 1 }],
];

describe('reportSubmission', () => {
  it.each(drafts)('says of a draft %s what the read model says of it', (_name, draft) => {
    expect(reportSubmission(draft, project)).toEqual(buildReportView(draft, project).submission);
  });

  it('finds the complete draft ready and each other one lacking something', () => {
    const [[, ready], ...lacking] = drafts.map(([name, draft]) => [name, reportSubmission(draft, project)] as const);
    expect(ready).toEqual({ ready: true, problems: [] });
    for (const [name, submission] of lacking) {
      expect({ name, ready: submission.ready }).toEqual({ name, ready: false });
    }
  });
});

describe('the suggested ⑥ level, named as the organization’s own form names the levels', () => {
  const option = (key: string, kind: EffectLevel, label: string, retired = false) =>
    ({ key, kind, label, formText: label, retired }) as AssessmentChoice<AssessmentScale.EffectLevel>;
  const unexplained = { ...complete, effectLevel: EffectLevel.NotEffective, effectLevelReason: '' };
  const suggestedIn = (effectLevelChoices: AssessmentChoice<AssessmentScale.EffectLevel>[]) => {
    const view = buildReportView({ ...unexplained, effectLevelChoices }, project);
    return {
      label: view.effect.suggested!.levelLabel,
      problem: view.submission.problems.find(({ path }) => path === '/effectLevelReason')?.message,
    };
  };

  it('in the national wording where the organization has none of its own', () => {
    expect(suggestedIn([])).toEqual({
      label: '地方創生に効果があった',
      problem: '⑥: say why you chose another level than the suggested 「地方創生に効果があった」',
    });
  });

  it('in the organization’s wording of that level, every active option of it, in the form’s order', () => {
    const own = [
      option('a', EffectLevel.VeryEffective, '非常に効果的'),
      option('b', EffectLevel.Effective, '効果あり'),
      option('c', EffectLevel.Effective, '旧・効果あり', true),
      option('d', EffectLevel.NotEffective, '効果なし'),
      option('e', EffectLevel.Effective, '一定の効果あり'),
    ];
    expect(suggestedIn(own)).toEqual({
      label: '効果あり、一定の効果あり',
      problem: '⑥: say why you chose another level than the suggested 「効果あり、一定の効果あり」',
    });
  });

  it('in the national wording where the organization retired every option of that level', () => {
    const own = [
      option('b', EffectLevel.Effective, '効果あり', true),
      option('d', EffectLevel.NotEffective, '効果なし'),
    ];
    expect(suggestedIn(own).label).toBe('地方創生に効果があった');
  });
});
