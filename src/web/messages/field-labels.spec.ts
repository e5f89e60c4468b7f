import { AUDIT_ACTIONS } from '../../audit/audit-actions';
import { AUDIT_ACTION_LABELS, auditActionLabel, fieldLabel } from './field-labels';

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

// AuditEvent.action takes only the declared AUDIT_ACTIONS, so the compiler holds every written action to that list;
// this holds the list to the pages.
describe('AUDIT_ACTION_LABELS', () => {
  it.each(AUDIT_ACTIONS)('names %s in Japanese', (action) => {
    expect(AUDIT_ACTION_LABELS[action]).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('names nothing the log cannot write, and no two actions alike, so the action filter reads unambiguously', () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(new Set(Object.values(AUDIT_ACTION_LABELS)).size).toBe(AUDIT_ACTIONS.length);
  });

  it('shows an action the log no longer writes by its stored name rather than nothing', () => {
    expect(auditActionLabel('report.imported')).toBe('報告の取込み');
    expect(auditActionLabel('report.retired_action')).toBe('report.retired_action');
  });
});
