import { fieldLabel } from './field-labels';

describe('fieldLabel', () => {
  it('names the fields of the report form as the national form does', () => {
    expect(fieldLabel('/budgetLines/2/actualGrantAmount')).toBe('④3行目のうち交付金');
    expect(fieldLabel('/typedTotals/budgetAmount')).toBe('④合計(予算額)');
    expect(fieldLabel('/kpiResults/0/latestAsOf')).toBe('⑤指標①の最新値の時点');
    expect(fieldLabel('/kpiResults/1/yearlyActuals/0/value')).toBe('⑤指標②の年度別実績');
    expect(fieldLabel('/project/kpis/3/target')).toBe('⑤指標④の目標値');
    expect(fieldLabel('/project/overview')).toBe('③全体概要');
    expect(fieldLabel('/comment', { '/comment': '差戻しの理由' })).toBe('差戻しの理由');
  });
});
