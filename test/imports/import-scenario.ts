import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYearMonth } from '../../src/common/japanese-era';
import { Role } from '../../src/access/role';
import { type SeedReport } from '../fixtures/seed-reports';
import { isoYearMonth } from '../support/report-scenario';
import { addUser, seedOrganization, signIn, type TestApp } from '../support/test-app';

/** The published documents, as kept in the repository for the demo data. */
export function seedText(file: 'asahikawa-r4-results-report.txt' | 'kushiro-r4-grant-kpi-results.txt'): string {
  return readFileSync(join(__dirname, '../../src/demo/seeds', file), 'utf8');
}

const TITLE = '地方創生関連交付金事業及び企業版ふるさと納税活用事業に係る事業実施結果報告';
const ICT_PARK = '青少年ICTパークプロジェクト';

/** Replaces text that must be there: a changed seed would otherwise make this scenario silently meaningless. */
function replaced(text: string, from: string | RegExp, to: string): string {
  expect(text).toMatch(from);
  return text.replace(from, to);
}

/**
 * The ICT park project's R2 report as it would have been written: the first year of a plan that then ended in R4,
 * with the lower target of that plan (27 instead of 32), built from the published R4 report of the same project.
 */
export function ictParkR2Report(): string {
  const asahikawa = seedText('asahikawa-r4-results-report.txt');
  let text = asahikawa.slice(asahikawa.lastIndexOf(TITLE));
  expect(text).toContain(ICT_PARK);
  text = replaced(text, '(R3年度の実施年数)', '(R2年度の実施年数)');
  text = replaced(text, 'R2年度～R6年度 (3年度目)', 'R2年度～R4年度 (初年度)');
  text = replaced(text, '④市予算事業(令和4年度)', '④市予算事業(令和2年度)');
  text = replaced(text, '(R5.3実績)', '(R3.3実績)');
  text = replaced(
    text,
    /指標①\t情報通信業就職者数\t0\t32\t人\tR7\.3\t6 \(R5\.3\)/,
    '指標①\t情報通信業就職者数\t0\t27\t人\tR5.3\t6 (R3.3)',
  );
  return text.replace(/R7\.3/g, 'R5.3').replace(/\(R5\.3\)/g, '(R3.3)');
}

export interface Municipality {
  organizationId: string;
  departments: Record<'economy' | 'tourism', string>;
  tokens: Record<'admin' | 'owner' | 'otherOwner' | 'planning' | 'expert', string>;
}

/** A municipality with two departments, an owner of each, a planning user and an expert, all signed in. */
export async function municipality(t: TestApp, code: string, name: string): Promise<Municipality> {
  const { organizationId } = await seedOrganization(t, code, name);
  const admin = await signIn(t, `admin@${code}.example.jp`);
  const department = async (departmentName: string) =>
    (
      await t
        .http()
        .post(`/api/v1/organizations/${organizationId}/departments`)
        .set({ Authorization: `Bearer ${admin}` })
        .send({ name: departmentName })
        .expect(201)
    ).body.id as string;
  const departments = { economy: await department('経済部'), tourism: await department('観光スポーツ交流部') };
  const people: [keyof Municipality['tokens'], Role, string?][] = [
    ['owner', Role.ProjectOwner, departments.economy],
    ['otherOwner', Role.ProjectOwner, departments.tourism],
    ['planning', Role.PlanningDivision],
    ['expert', Role.ExternalExpert],
  ];
  const tokens = { admin } as Municipality['tokens'];
  for (const [person, role, departmentId] of people) {
    const email = `${person.toLowerCase()}@${code}.example.jp`;
    await addUser(t, organizationId, email, role, departmentId);
    tokens[person] = await signIn(t, email);
  }
  return { organizationId, departments, tokens };
}

/** The 公表日 published history is given in these tests (the seed texts carry none): in the autumn after R4 ended. */
export const PUBLISHED_ON = '2023-09-29';

export const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Brings reports in as already published, as a municipality brings its earlier years: the dry run, then the
 * confirmation of exactly what it checked. Returns both answers (the dry run's lists what was read).
 */
export async function importAsPublished(
  t: TestApp,
  organizationId: string,
  token: string,
  document: { text: string; sourceName: string; departmentId: string; publishedOn?: string },
  // Both are the import API's answers as JSON.
): Promise<{ checked: any; imported: any }> {
  const api = `/api/v1/organizations/${organizationId}`;
  const body = { publishedOn: PUBLISHED_ON, ...document, mode: 'published' };
  const checked = (await t.http().post(`${api}/imports/dry-run`).set(as(token)).send(body).expect(200)).body;
  const imported = (
    await t
      .http()
      .post(`${api}/imports`)
      .set(as(token))
      .send({ ...body, checksum: checked.checksum })
      .expect(201)
  ).body;
  return { checked, imported };
}

/** Every published field of a seed report, as the report API shows it. */
export function expectReportToMatchSeed(view: any, seed: SeedReport): void {
  expect({
    projectNumber: view.project.projectNumber,
    name: view.project.name,
    planStartFiscalYear: view.project.planStartFiscalYear,
    planEndFiscalYear: view.project.planEndFiscalYear,
    overview: view.project.overview,
    fiscalYear: view.fiscalYear,
    planYearLabel: view.planYearLabel,
    actualAsOf: view.actualAsOf,
    budgetLines: view.budgetLines,
    typedTotals: view.totals.typed,
    computedTotals: view.totals.computed,
    kpis: view.kpis.map((kpi: any) => ({
      position: kpi.definition.position,
      name: kpi.definition.name,
      baseline: kpi.definition.baseline,
      target: kpi.definition.target,
      unit: kpi.definition.unit,
      targetYearMonth: kpi.definition.targetYearMonth,
      latestValue: kpi.latestValue,
      latestAsOf: kpi.latestAsOf,
    })),
    effectLevel: view.effect.levelLabel,
    effectNarrative: view.effect.narrative,
    panelRating: view.evaluation.ratingLabel,
    panelOpinion: view.evaluation.opinion,
    policy: view.policy.formText,
    policyReason: view.policy.reason,
  }).toEqual({
    projectNumber: String(seed.number),
    name: seed.projectName,
    planStartFiscalYear: seed.planStartFiscalYear,
    planEndFiscalYear: seed.planEndFiscalYear,
    overview: seed.overview,
    fiscalYear: seed.fiscalYear,
    // The form states it as (2年度) or (3年度目); the system names it one way.
    planYearLabel: seed.planYearLabel.endsWith('目') ? seed.planYearLabel : `${seed.planYearLabel}目`,
    actualAsOf: isoYearMonth(parseYearMonth(seed.actualAsOfLabel.replace('実績', ''))),
    budgetLines: seed.budgetLines,
    typedTotals: seed.publishedTotals,
    computedTotals: seed.publishedTotals,
    kpis: seed.kpis.map((kpi) => ({
      position: kpi.position,
      name: kpi.name,
      baseline: kpi.baseline,
      target: kpi.target,
      unit: kpi.unit,
      targetYearMonth: isoYearMonth(kpi.targetYearMonth),
      latestValue: kpi.latestValue,
      latestAsOf: isoYearMonth(kpi.latestAsOf),
    })),
    effectLevel: seed.effectLevel,
    effectNarrative: seed.effectNarrative,
    panelRating: seed.panelRating,
    panelOpinion: seed.panelOpinion,
    policy: seed.policy,
    policyReason: seed.policyReason,
  });
}
