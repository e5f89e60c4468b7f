import { formatPercent, percentOf } from './percent';

describe('percentOf', () => {
  it.each([
    [0.9033, 90.3],
    [1, 100],
    [10.3333, 1033.3],
    [0.00049, 0],
    [0.0005, 0.1],
  ])('writes the rate %p as %p percent, to one decimal', (rate, percent) => {
    expect(percentOf(rate)).toBe(percent);
  });

  it('has no percentage for a rate that cannot be computed', () => {
    expect(percentOf(null)).toBeNull();
  });
});

describe('formatPercent', () => {
  it('always shows one decimal and groups thousands', () => {
    expect(formatPercent(90)).toBe('90.0%');
    expect(formatPercent(1033.3)).toBe('1,033.3%');
  });
});
