import { EFFECT_LEVEL_LABELS } from '../../src/reports/report/assessment';
import { ASAHIKAWA_R4_REPORTS, type SeedReport, type YearMonthValue } from '../fixtures/seed-reports';
import { type Cast, dueInDays } from './organization-scenario';
import { type TestApp } from './test-app';

export function isoYearMonth(value: YearMonthValue | null): string | null {
  return value ? `${value.year}-${String(value.month).padStart(2, '0')}` : null;
}

/** The enum value whose Japanese label is the published wording. */
export function byLabel<T extends string>(labels: Record<T, string>, label: string): T {
  const found = (Object.entries(labels) as [T, string][]).find(([, text]) => text === label);
  if (!found) throw new Error(`No value is labelled "${label}"`);
  return found[0];
}

export function projectRequest(seed: SeedReport, departmentId: string) {
  return {
    departmentId,
    projectNumber: String(seed.number),
    name: seed.projectName,
    grantTypeCode: 'promotion',
    planStartFiscalYear: seed.planStartFiscalYear,
    planEndFiscalYear: seed.planEndFiscalYear,
    overview: seed.overview,
    kpis: seed.kpis.map((kpi) => ({
      position: kpi.position,
      name: kpi.name,
      baseline: kpi.baseline,
      target: kpi.target,
      unit: kpi.unit,
      targetYearMonth: isoYearMonth(kpi.targetYearMonth),
    })),
  };
}

/**
 * A seed report moved to `fiscalYear` of a plan `start`–`end`: its KPIs aimed at the plan's last month and measured
 * at the end of its year, or this year's March for a year still to come.
 */
export function seedInYear(seed: SeedReport, start: number, fiscalYear: number, end: number): SeedReport {
  const measured = { year: Math.min(fiscalYear + 1, new Date().getFullYear()), month: 3 };
  return {
    ...seed,
    fiscalYear,
    planStartFiscalYear: start,
    planEndFiscalYear: end,
    actualAsOfLabel: `${measured.year}-03`,
    kpis: seed.kpis.map((kpi) => ({ ...kpi, targetYearMonth: { year: end + 1, month: 3 }, latestAsOf: measured })),
  };
}

export const SEED_EFFECT_REASON = 'KPIの達成状況に加え、事業の定性的な成果と課題も踏まえて判断した。';

export function reportUpdate(seed: SeedReport, version: number) {
  return {
    version,
    // As the owner would type it: 和暦, e.g. "R5.3."
    actualAsOf: seed.actualAsOfLabel.replace('実績', ''),
    budgetLines: seed.budgetLines,
    typedTotals: seed.publishedTotals,
    kpiResults: seed.kpis.map((kpi) => ({
      position: kpi.position,
      latestValue: kpi.latestValue,
      latestAsOf: isoYearMonth(kpi.latestAsOf),
    })),
    effectLevel: byLabel(EFFECT_LEVEL_LABELS, seed.effectLevel),
    effectNarrative: seed.effectNarrative,
    // Municipalities often judge more cautiously than the KPI-based suggestion; a reason is then required.
    effectLevelReason: SEED_EFFECT_REASON,
  };
}

/** Enters a published seed report through the API, as its owning department would. */
export async function enterSeedReport(
  t: TestApp,
  token: string,
  organizationId: string,
  departmentId: string,
  seed: SeedReport,
) {
  const auth = { Authorization: `Bearer ${token}` };
  // Each report entered gets a project of its own, a seed entered again included (another year of it, a report of it
  // in each state): registering it again is meant.
  const project = await t
    .http()
    .post(`/api/v1/organizations/${organizationId}/projects`)
    .set(auth)
    .send({ ...projectRequest(seed, departmentId), confirmSimilarProject: true })
    .expect(201);
  const draft = await t
    .http()
    .post(`/api/v1/organizations/${organizationId}/reports`)
    .set(auth)
    .send({ projectId: project.body.id, fiscalYear: seed.fiscalYear })
    .expect(201);
  const saved = await t
    .http()
    .patch(`/api/v1/organizations/${organizationId}/reports/${draft.body.id}`)
    .set(auth)
    .send(reportUpdate(seed, draft.body.version))
    .expect(200);
  return saved.body;
}

/**
 * Takes a submitted report through its review to a proposed policy, by the API: planning accepts it and asks expert A,
 * who accepts and gives an opinion; planning consolidates the panel's evaluation and proposes `decision` (to continue,
 * unless told).
 */
export async function reviewAndPropose(
  t: TestApp,
  cast: Cast,
  reportId: string,
  seed: SeedReport,
  decision = 'continue',
): Promise<void> {
  const path = (rest: string) => `/api/v1/organizations/${cast.organizationId}/reports/${reportId}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  await t
    .http()
    .post(path('/accept'))
    .set(as('planner'))
    .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(14) })
    .expect(200);
  const [assignment] = (await t.http().get(path('/assignments')).set(as('expertA')).expect(200)).body;
  await t
    .http()
    .post(path(`/assignments/${assignment.id}/respond`))
    .set(as('expertA'))
    .send({ accept: true, conflictOfInterest: 'none' })
    .expect(200);
  await t
    .http()
    .put(path(`/assignments/${assignment.id}/opinion`))
    .set(as('expertA'))
    .send({ rating: 'effective', opinion: '中間目標を達成しており有効である。', opinionSubmittedAtRead: null })
    .expect(200);
  await t
    .http()
    .post(path('/evaluate'))
    .set(as('planner'))
    .send({ rating: 'effective', opinion: seed.panelOpinion })
    .expect(200);
  await t.http().post(path('/propose')).set(as('planner')).send({ decision, reason: seed.policyReason }).expect(200);
}

/**
 * A seed report entered by the owner and taken through submission, review (reviewAndPropose) and the approver's
 * approval: decided with `decision`, not published.
 */
export async function decideSeedReport(t: TestApp, cast: Cast, seed: SeedReport, decision = 'continue') {
  const report = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, seed);
  const path = (rest: string) => `/api/v1/organizations/${cast.organizationId}/reports/${report.id}${rest}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  await t.http().post(path('/submit')).set(as('owner')).expect(200);
  await reviewAndPropose(t, cast, report.id, seed, decision);
  await t.http().post(path('/approve')).set(as('approver')).expect(200);
  return report;
}

/** Reports in the two states most routes act on, and the rows under them; see underReview. */
export interface ReviewScenario {
  /** The first seed report as a draft of its department. */
  draft: { id: string; project: { id: string } };
  /** The second, submitted and accepted with expert A asked, who took the assignment and asked a question. */
  reviewed: { id: string };
  assignmentId: string;
  questionId: string;
  /** The FY2023 cycle. */
  cycleId: string;
}

/** 旭川市's first two seed reports, one left a draft and one taken under review, by the API; and a cycle. */
export async function underReview(t: TestApp, cast: Cast): Promise<ReviewScenario> {
  const organization = `/api/v1/organizations/${cast.organizationId}`;
  const as = (who: string) => ({ Authorization: `Bearer ${cast.tokens[who]}` });
  const [draftSeed, reviewedSeed] = ASAHIKAWA_R4_REPORTS;
  const draft = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, draftSeed);
  const reviewed = await enterSeedReport(t, cast.tokens.owner, cast.organizationId, cast.departmentId, reviewedSeed);
  await t.http().post(`${organization}/reports/${reviewed.id}/submit`).set(as('owner')).expect(200);
  await t
    .http()
    .post(`${organization}/reports/${reviewed.id}/accept`)
    .set(as('planner'))
    .send({ experts: [cast.userIds.expertA], dueDate: dueInDays(30) })
    .expect(200);
  const [assignment] = (await t.http().get(`${organization}/reports/${reviewed.id}/assignments`).set(as('expertA')))
    .body;
  await t
    .http()
    .post(`${organization}/reports/${reviewed.id}/assignments/${assignment.id}/respond`)
    .set(as('expertA'))
    .send({ accept: true, conflictOfInterest: 'none' })
    .expect(200);
  const question = await t
    .http()
    .post(`${organization}/reports/${reviewed.id}/questions`)
    .set(as('expertA'))
    .send({ body: '代替策はありますか。' })
    .expect(201);
  const cycle = await t
    .http()
    .post(`${organization}/cycles`)
    .set(as('admin'))
    .send({ fiscalYear: 2023, submissionDueDate: '2024-05-31' })
    .expect(201);
  return { draft, reviewed, assignmentId: assignment.id, questionId: question.body.id, cycleId: cycle.body.id };
}
