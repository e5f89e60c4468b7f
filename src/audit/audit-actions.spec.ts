import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel } from './audit-actions';

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
