import { isLikelyTwin } from './similar-projects';

describe('isLikelyTwin', () => {
  const stored = {
    projectNumber: '2',
    name: 'とかち農業交流拠点施設整備事業',
    planStartFiscalYear: 2024,
    planEndFiscalYear: 2026,
  };

  it('is a twin of the same number and name, widths and spaces aside, whose plan period shares a year', () => {
    expect(isLikelyTwin({ ...stored, projectNumber: '２', name: 'とかち農業交流拠点　施設整備事業 ' }, stored)).toBe(
      true,
    );
    expect(isLikelyTwin({ ...stored, planStartFiscalYear: 2026, planEndFiscalYear: 2028 }, stored)).toBe(true);
    expect(isLikelyTwin({ ...stored, projectNumber: null }, { ...stored, projectNumber: null })).toBe(true);
  });

  it('is not one of another number (a blank one included), another name or a plan period of its own', () => {
    expect(isLikelyTwin({ ...stored, projectNumber: '3' }, stored)).toBe(false);
    expect(isLikelyTwin({ ...stored, projectNumber: null }, stored)).toBe(false);
    expect(isLikelyTwin({ ...stored, name: 'とかち農業交流拠点施設整備事業(第2期)' }, stored)).toBe(false);
    expect(isLikelyTwin({ ...stored, planStartFiscalYear: 2027, planEndFiscalYear: 2029 }, stored)).toBe(false);
  });
});
