import { AUDIT_DETAIL_NOTES, fieldLabel, kpiPlaceLabels, previousActualsLabel } from './field-labels';

describe("previousActualsLabel (⑤'s column of the year before)", () => {
  it('names the year before', () => {
    expect(previousActualsLabel(2023)).toBe('前年度実績(R4年度)');
    expect(previousActualsLabel(1990)).toBe('前年度実績(H元年度)');
  });

  it('names no year before H元, the first year an era read here names', () => {
    expect(previousActualsLabel(1989)).toBe('前年度実績');
  });
});

describe('fieldLabel', () => {
  it('names the fields of the report form as the national form does', () => {
    expect(fieldLabel('/budgetLines/2/actualGrantAmount')).toBe('④3行目のうち交付金');
    expect(fieldLabel('/typedTotals/budgetAmount')).toBe('④合計(予算額)');
    expect(fieldLabel('/kpiResults/0/latestAsOf')).toBe('⑤指標①の最新値の時点');
    expect(fieldLabel('/kpiResults/1/yearlyActuals/0/value')).toBe('⑤指標②の年度別実績');
    // A year's value in the recorded changes, keyed by its year.
    expect(fieldLabel('/kpiResults/2/yearlyActuals/2023')).toBe('⑤指標③のR5年度の実績');
    expect(fieldLabel('/project/kpis/3/target')).toBe('⑤指標④の目標値');
    expect(fieldLabel('/project/overview')).toBe('③全体概要');
    expect(fieldLabel('/comment', { '/comment': '差戻しの理由' })).toBe('差戻しの理由');
  });
});

describe("kpiPlaceLabels (a report's KPIs named by their place in its list)", () => {
  const labels = kpiPlaceLabels([{ definition: { position: 1 } }, { definition: { position: 3 } }]);

  it('names the KPI at each place by its number, also after a gap', () => {
    expect(fieldLabel('/kpiResults/0/latestValue', labels)).toBe('⑤指標①の最新値');
    expect(fieldLabel('/kpiResults/1/latestValue', labels)).toBe('⑤指標③の最新値');
    expect(fieldLabel('/kpiResults/1/latestAsOf', labels)).toBe('⑤指標③の最新値の時点');
    expect(fieldLabel('/kpiResults/1', labels)).toBe('⑤指標③');
    expect(fieldLabel('/project/kpis/1/target', labels)).toBe('⑤指標③の目標値');
  });

  it("names nothing beyond the report's KPIs", () => {
    expect(Object.keys(labels).some((path) => /\/(kpiResults|kpis)\/2/.test(path))).toBe(false);
  });
});

describe('AUDIT_DETAIL_NOTES of a department retired', () => {
  const note = AUDIT_DETAIL_NOTES['department.retired']!;

  it('names the successor as it is called now, and counts the projects moved', () => {
    const details = { name: '観光課', successorId: 's', successorName: '観光振興課', projectIds: ['a', 'b'] };
    expect(
      note(details, {
        departments: new Map([['s', '観光交流課']]),
        names: new Map(),
        reports: new Map(),
        projects: new Map(),
      }),
    ).toBe('部署名: 観光課・統合先: 観光交流課・移した事業: 2件');
    expect(note(details, { departments: new Map(), names: new Map(), reports: new Map(), projects: new Map() })).toBe(
      '部署名: 観光課・統合先: 観光振興課・移した事業: 2件',
    );
  });

  it('names only the department when nothing was handed on', () => {
    expect(
      note(
        { name: '臨時給付金室', successorId: null, projectIds: [] },
        { departments: new Map(), names: new Map(), reports: new Map(), projects: new Map() },
      ),
    ).toBe('部署名: 臨時給付金室');
  });
});
