import { MAX_FISCAL_YEAR } from '../common/era-input';
import { MAX_NAME_LENGTH, MAX_UNIT_LENGTH } from '../common/text-limits';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EFFECT_LEVEL_LABELS, PANEL_RATING_LABELS, POLICY_DECISION_LABELS } from '../reports/report/assessment';
import { ASAHIKAWA_R4_REPORTS, KUSHIRO_R4_PROJECTS, type YearMonthValue } from '../../test/fixtures/seed-reports';
import { ImportLayout, ImportMode, type ParseOptions } from './import-model';
import { parseImport } from './import-parser';
import { rowsFromText } from './source-rows';

const seed = (file: string) => readFileSync(join(__dirname, '../demo/seeds', file), 'utf8');
const options: ParseOptions = {
  mode: ImportMode.Published,
  layout: ImportLayout.Auto,
  grantTypes: [
    { code: 'promotion', label: '地方創生推進交付金' },
    { code: 'base_development', label: '地方創生拠点整備交付金' },
    { code: 'telework', label: '地方創生テレワーク交付金' },
  ],
  defaultGrantTypeCode: 'promotion',
};
const iso = (value: YearMonthValue | null) => (value ? `${value.year}-${String(value.month).padStart(2, '0')}` : null);

describe('parseImport', () => {
  it('reads the five Asahikawa reports exactly as published', () => {
    const { layout, reports } = parseImport([rowsFromText(seed('asahikawa-r4-results-report.txt'))], options);
    expect(layout).toBe('result_report');
    expect(reports).toHaveLength(ASAHIKAWA_R4_REPORTS.length);
    reports.forEach((report, index) => {
      const expected = ASAHIKAWA_R4_REPORTS[index];
      expect({
        number: report.project.projectNumber,
        name: report.project.name,
        period: [report.project.planStartFiscalYear, report.project.planEndFiscalYear, report.statedPlanYear],
        fiscalYear: report.fiscalYear,
        overview: report.project.overview,
        budgetLines: report.budgetLines,
        totals: report.typedTotals,
        kpis: report.project.kpis.map(({ position, name, baseline, target, unit, targetYearMonth }) => ({
          position,
          name,
          baseline,
          target,
          unit,
          targetYearMonth,
        })),
        latest: report.kpiResults.map(({ latestValue, latestAsOf }) => [latestValue, latestAsOf]),
        effect: [report.effectLevel && EFFECT_LEVEL_LABELS[report.effectLevel], report.effectNarrative],
        evaluation: [report.panelRating && PANEL_RATING_LABELS[report.panelRating], report.panelOpinion],
        policy: [report.policyDecision && POLICY_DECISION_LABELS[report.policyDecision].formText, report.policyReason],
      }).toEqual({
        number: String(expected.number),
        name: expected.projectName,
        period: [expected.planStartFiscalYear, expected.planEndFiscalYear, Number.parseInt(expected.planYearLabel, 10)],
        fiscalYear: expected.fiscalYear,
        overview: expected.overview,
        budgetLines: expected.budgetLines,
        totals: expected.publishedTotals,
        kpis: expected.kpis.map(({ position, name, baseline, target, unit, targetYearMonth }) => ({
          position,
          name,
          baseline,
          target,
          unit,
          targetYearMonth: iso(targetYearMonth),
        })),
        latest: expected.kpis.map((kpi) => [kpi.latestValue, iso(kpi.latestAsOf)]),
        effect: [expected.effectLevel, expected.effectNarrative],
        evaluation: [expected.panelRating, expected.panelOpinion],
        policy: [expected.policy, expected.policyReason],
      });
      expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    });
  });

  it('leaves out the 訂正履歴 that an export of a corrected report writes after ⑧', () => {
    const history = ['訂正履歴', '第2版 2026年12月5日 訂正（④の誤記）', '第1版 2023年6月30日 公表'].join('\n');
    const { reports } = parseImport(
      [rowsFromText(`${seed('asahikawa-r4-results-report.txt').trimEnd()}\n${history}\n`)],
      options,
    );
    expect(reports.at(-1)!.policyReason).toBe(ASAHIKAWA_R4_REPORTS.at(-1)!.policyReason);
    expect(reports.at(-1)!.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('reads the Kushiro table: sections, grant types, KPIs and actuals per fiscal year', () => {
    const { layout, reports } = parseImport([rowsFromText(seed('kushiro-r4-grant-kpi-results.txt'))], {
      ...options,
      mode: ImportMode.Draft,
    });
    expect(layout).toBe('kpi_table');
    expect(
      reports.map((report) => ({
        section: report.section,
        grantTypeCode: report.project.grantTypeCode,
        name: report.project.name,
        overview: report.project.overview,
        kpis: report.project.kpis.map((kpi, index) => ({
          name: kpi.name,
          target: kpi.target,
          unit: kpi.unit,
          targetYearMonth: kpi.targetYearMonth,
          actuals: Object.fromEntries(
            report.kpiResults[index].yearlyActuals.map((actual) => [actual.fiscalYear, actual.value]),
          ),
        })),
      })),
    ).toEqual(
      KUSHIRO_R4_PROJECTS.map((project) => ({
        section: project.section,
        grantTypeCode: options.grantTypes.find((type) => type.label === (project.grantType ?? '地方創生推進交付金'))!
          .code,
        name: project.name,
        overview: project.overview,
        kpis: project.kpis.map((kpi) => ({
          name: kpi.name,
          target: kpi.target,
          unit: kpi.unit,
          targetYearMonth: iso(kpi.targetYearMonth),
          actuals: kpi.actuals,
        })),
      })),
    );
    expect(
      reports.map((report) => [
        report.fiscalYear,
        report.project.planStartFiscalYear,
        report.project.planEndFiscalYear,
      ]),
    ).toEqual([
      [2022, 2019, 2022],
      [2022, 2020, 2022],
      [2022, 2021, 2022],
      [2022, 2022, 2022],
      [2022, 2022, 2022],
      [2022, 2022, 2024],
    ]);
  });

  it('joins a budget cell broken across lines without quotes, and reads cells Excel quoted', () => {
    const text = [
      'No\t①国提出事業名\t\t②実施計画期間 (R4年度の実施年数)',
      '1\t試しの事業\t\tR4年度～R6年度 (初年度)',
      '③全体概要',
      '"一行目',
      '二行目"',
      '④市予算事業(令和4年度)',
      '事業名\t概要\t主な事業実績\t予算額 (うち交付金見込)\t実績額 (R5.3実績)',
      '事業A\t概要A\t実績の前半',
      '実績の後半\t1,000 (500)\t900 (450)',
      '合計 (うち交付金対象)\t\t\t1,000 (500)\t900 (450)',
    ].join('\n');
    const [report] = parseImport([rowsFromText(text)], { ...options, mode: ImportMode.Draft }).reports;
    expect(report.project.overview).toBe('一行目\n二行目');
    expect(report.budgetLines).toEqual([
      {
        name: '事業A',
        summary: '概要A',
        results: '実績の前半\n実績の後半',
        budgetAmount: 1000,
        budgetGrantAmount: 500,
        actualAmount: 900,
        actualGrantAmount: 450,
      },
    ]);
    expect(report.issues.filter((issue) => issue.code === 'total_mismatch')).toEqual([]);
  });

  it('reads a report without KPIs whose 指標① row holds only ⑥, as an export writes it', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const ictPark = asahikawa.slice(asahikawa.lastIndexOf('地方創生関連交付金事業及び'));
    const withoutKpis = ictPark
      .replace(/指標①\t情報通信業就職者数\t0\t32\t人\tR7\.3\t6 \(R5\.3\)\t/, '指標①\t\t\t\t\t\t\t')
      .replace(/指標②\t[^\n]*\n/, '')
      .replace(/指標③\t[^\n]*\n/, '');
    expect(withoutKpis).not.toContain('情報通信業就職者数');
    const [report] = parseImport([rowsFromText(withoutKpis)], options).reports;
    expect(report.project.kpis).toEqual([]);
    expect(report.effectNarrative).toMatch(/^大雪カムイミタラDMOが主体となり/);
    expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('asks nothing of ⑦⑧ left blank in a report read as a draft, which takes none of them', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const ictPark = asahikawa.slice(asahikawa.lastIndexOf('地方創生関連交付金事業及び'));
    const blank = ictPark
      .replace(/(事業の評価\t\t外部有識者からの意見\(案\)[^\n]*\n)[^\n]*/, '$1\t\t')
      .replace(/(今後の方針\t\t今後の方針の理由[^\n]*\n)[^\n]*/, '$1\t\t');
    expect(blank).not.toContain('総合戦略のKPI達成に有効であった');

    const [draft] = parseImport([rowsFromText(blank)], { ...options, mode: ImportMode.Draft }).reports;
    const [published] = parseImport([rowsFromText(blank)], options).reports;

    const aboutSevenAndEight = (issue: { path: string }) => /panel|policy/.test(issue.path);
    expect(draft.issues.filter(aboutSevenAndEight)).toEqual([]);
    expect(published.issues.filter(aboutSevenAndEight).map((issue) => issue.path)).toEqual([
      '/panelRating',
      '/panelOpinion',
      '/policyDecision',
      '/policyReason',
    ]);
  });

  it('reads a line named 「合計特殊出生率…」 as a line, and an overview naming a 事業実施結果報告 as the overview', () => {
    const text = [
      'No\t①国提出事業名\t\t②実施計画期間 (R4年度の実施年数)',
      '1\t試しの事業\t\tR4年度～R6年度 (初年度)',
      '③全体概要',
      '前年度の事業実施結果報告を踏まえて改善する。',
      '④市予算事業(令和4年度)',
      '事業名\t概要\t主な事業実績\t予算額 (うち交付金見込)\t実績額 (R5.3実績)',
      '合計特殊出生率向上事業\t概要\t実績\t1,000 (500)\t900 (450)',
      '合計(うち交付金対象)\t\t\t1,000 (500)\t900 (450)',
    ].join('\n');
    const [report] = parseImport([rowsFromText(text)], { ...options, mode: ImportMode.Draft }).reports;
    expect(report.project.overview).toBe('前年度の事業実施結果報告を踏まえて改善する。');
    expect(report.budgetLines.map(({ name }) => name)).toEqual(['合計特殊出生率向上事業']);
    expect(report.typedTotals).toMatchObject({ budgetAmount: 1000, actualAmount: 900 });
    expect(report.issues.filter((issue) => issue.code === 'total_mismatch')).toEqual([]);
  });

  it('reads lines with no 実績額 yet as lines of their own, not as a cell broken across them', () => {
    const text = [
      'No\t①国提出事業名\t\t②実施計画期間 (R4年度の実施年数)',
      '1\t試しの事業\t\tR4年度～R6年度 (初年度)',
      '④市予算事業(令和4年度)',
      '事業名\t概要\t主な事業実績\t予算額 (うち交付金見込)\t実績額 (R5.3実績)',
      '予算A\t\t\t100 (50)',
      '予算B\t\t\t200 (100)',
      '予算C\t\t\t300 (150)',
    ].join('\n');
    const [report] = parseImport([rowsFromText(text)], { ...options, mode: ImportMode.Draft }).reports;
    expect(
      report.budgetLines.map(({ name, budgetAmount, actualAmount }) => [name, budgetAmount, actualAmount]),
    ).toEqual([
      ['予算A', 100, null],
      ['予算B', 200, null],
      ['予算C', 300, null],
    ]);
    expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('warns of an empty 目標年月 under its heading, naming the KPI and the column', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const row = '指標①\t本事業を活用した商談成立数\t0\t120\t件\tR6.3月\t';
    expect(asahikawa).toContain(row);
    const [report] = parseImport(
      [rowsFromText(asahikawa.replace(row, '指標①\t本事業を活用した商談成立数\t0\t120\t件\t\t'))],
      options,
    ).reports;
    expect(report.project.kpis[0].targetYearMonth).toBeNull();
    expect(report.issues.filter((issue) => issue.path.endsWith('/targetYearMonth'))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'missing_value',
        path: '/project/kpis/0/targetYearMonth',
        message:
          '⑤指標①「本事業を活用した商談成立数」の目標年月が空欄です。「R7.3」のように目標の年月を入力してください。',
      }),
    ]);
  });

  it('refuses a unit longer than the project form takes, so that the project imported can be saved again', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const row = '指標①\t本事業を活用した商談成立数\t0\t120\t件\t';
    expect(asahikawa).toContain(row);
    const unit = '件'.repeat(MAX_UNIT_LENGTH + 1);
    const [report] = parseImport(
      [rowsFromText(asahikawa.replace(row, `指標①\t本事業を活用した商談成立数\t0\t120\t${unit}\t`))],
      options,
    ).reports;
    expect(report.issues.filter((issue) => issue.code === 'too_long')).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: '/project/kpis/0/unit',
        message: `⑤指標①の単位が51文字あります。取り込めるのは50文字までです。50文字以内にしてください。`,
      }),
    ]);
  });

  it('refuses a plan or a year past fiscal 2100, the last the API takes, though the era reader reads on', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const period = 'R3年度～R5年度 (2年度)';
    expect(asahikawa).toContain(period);
    const [report] = parseImport([rowsFromText(asahikawa.replace(period, 'R3年度～R90年度 (2年度)'))], options).reports;
    expect(report.project.planEndFiscalYear).toBe(2108);
    expect(report.issues.filter((issue) => issue.path === '/project/planEndFiscalYear')).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'R90年度は取り込める年度(平成元年度から2100年度まで)の外です。年度を確かめてください。',
      }),
    ]);
  });

  it('refuses in a KPI table, too, a name longer than the project form takes', () => {
    const kushiro = seed('kushiro-r4-grant-kpi-results.txt');
    const name = '釧路市ビジネスサポートセンターk-Bizを核とした「しごと創生」事業';
    expect(kushiro).toContain(name);
    const long = `${name}${'あ'.repeat(MAX_NAME_LENGTH)}`;
    const [report] = parseImport([rowsFromText(kushiro.replace(name, long))], {
      ...options,
      mode: ImportMode.Draft,
    }).reports;
    expect(report.issues.filter((issue) => issue.code === 'too_long')).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: '/project/name',
        message: `①国提出事業名が${long.length}文字あります。取り込めるのは500文字までです。500文字以内にしてください。`,
      }),
    ]);
  });

  it('points a second row of one KPI number at the row of that number it reads', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const row = '指標②\t海外展開に向けた商品サービスの開発件数';
    expect(asahikawa).toContain(row);
    const [report] = parseImport(
      [rowsFromText(asahikawa.replace(row, '指標①\t海外展開に向けた商品サービスの開発件数'))],
      options,
    ).reports;
    expect(report.project.kpis.map((kpi) => kpi.position)).toEqual([1, 3]);
    expect(report.issues.filter((issue) => issue.code === 'duplicate_in_file')).toEqual([
      expect.objectContaining({
        path: '/project/kpis/0/position',
        message: '⑤指標①の行が2つあります。指標の番号を確かめてください。',
      }),
    ]);
  });

  it('refuses a 最新値 measured in a month still to come, as the report form does', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const cell = '\t124 (R5.6月)\t';
    expect(asahikawa).toContain(cell);
    const [report] = parseImport(
      [rowsFromText(asahikawa.replace(cell, `\t124 (R${MAX_FISCAL_YEAR - 2018}.6月)\t`))],
      options,
    ).reports;
    expect(report.issues.filter((issue) => issue.path.endsWith('/latestAsOf'))).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: '/kpiResults/0/latestAsOf',
        message: `⑤指標①の最新値の時点(R${MAX_FISCAL_YEAR - 2018}.6月)が今月より後になっています。値を測った年月にしてください。`,
      }),
    ]);
  });

  it('words what it could not read in Japanese: the section, the cell as printed and how to write it', () => {
    const broken = [
      'No\t①国提出事業名\t\t②実施計画期間 (R4年度の実施年数)',
      '1\t\t\tR6年度～R4年度',
      '④市予算事業(令和4年度)',
      '事業名\t概要\t主な事業実績\t予算額 (うち交付金見込)\t実績額 (R5.13実績)',
      '事業A\t概要A\t実績\t1,000 (5,000)\t9,O48',
      '合計\t\t\tabc\t900 (450)',
      '⑤本事業における重要業績評価指標(KPI)',
      '指標名\t\t基準値\t目標値\t単位\t目標年月\t最新値\t事業効果',
      '指標①\t\tx\t\t\tR7.13\t12a4 (R5.6月)\t',
      '指標③\t訪問者数\t1\t5\t\tR7.3\t3\t',
      '⑦外部有識者からの評価',
      '事業の評価\t\t外部有識者からの意見',
      '大変よい\t\t',
    ].join('\n');
    const [report] = parseImport([rowsFromText(broken)], options).reports;
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        code: 'unreadable_value',
        path: '/kpiResults/0/latestValue',
        raw: '12a4 (R5.6月)',
        message:
          '⑤指標①の最新値「12a4 (R5.6月)」を読み取れません。「124」のように数値だけか、「124 (R5.6月)」のように数値とかっこ内にその時点を入力してください。',
      }),
    );
    // The second KPI row read is 指標③ (there is no ②): named by its number, not by its place in the sheet.
    expect(report.issues.find(({ path }) => path === '/project/kpis/1/unit')?.message).toMatch(
      /^⑤指標③「訪問者数」の単位が空欄です/,
    );
    expect(report.issues.length).toBeGreaterThan(15);
    // Outside the cells they quote, no English is left.
    for (const { message } of report.issues) expect(message.replace(/「[^」]*」/g, '')).not.toMatch(/[a-z]{2,}/);
    const unread = parseImport([rowsFromText('abc')], options).issues;
    expect(unread.map((issue) => issue.code)).toEqual(['unrecognized_layout']);
    expect(unread[0].message).toMatch(/^表の形式を読み取れませんでした。/);
  });

  it('says to leave out the unit of a number typed with one, as the pages do, with the cell and its row', () => {
    const text = seed('kushiro-r4-grant-kpi-results.txt').replace('\t1,581\t', '\t1,581件\t');
    const [report] = parseImport([rowsFromText(text)], { ...options, mode: ImportMode.Draft }).reports;
    expect(report.issues.filter((issue) => issue.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'unreadable_value',
        path: '/kpiResults/1/yearlyActuals/0/value',
        location: '11行目',
        raw: '1,581件',
        message:
          '指標②「釧路市ビジネスサポートセンターk-Bizの来所相談件数」のR元年度の実績値「1,581件」を読み取れません。数値だけを入力してください(単位は不要です)。',
      }),
    ]);
  });

  it('never throws, whatever is pasted', () => {
    const asahikawa = seed('asahikawa-r4-results-report.txt');
    const lines = asahikawa.split('\n');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 12 }), fc.boolean())),
        fc.string(),
        (edits, noise) => {
          const mutated = [...lines];
          for (const [line, text, replace] of edits) mutated.splice(line, replace ? 1 : 0, text);
          for (const text of [mutated.join('\n'), noise, `${noise}\t${mutated.slice(0, 30).join('\n')}`]) {
            const result = parseImport([rowsFromText(text)], options);
            expect(Array.isArray(result.reports)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
