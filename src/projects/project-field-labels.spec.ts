import { projectFieldLabel } from './project-field-labels';

describe('projectFieldLabel', () => {
  it("names a project's fields and its KPIs' as the national form does", () => {
    expect(projectFieldLabel('/name')).toBe('①国提出事業名');
    expect(projectFieldLabel('/planEndFiscalYear')).toBe('②実施計画期間(最終年度)');
    expect(projectFieldLabel('/kpis/0/target')).toBe('⑤指標①の目標値');
    expect(projectFieldLabel('/kpis/1')).toBe('⑤指標②');
    expect(projectFieldLabel('/partnerMunicipalities/0')).toBe('連携市町村');
  });
});
