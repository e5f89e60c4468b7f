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

  // 201/400 is 50.25 %: binary floating point holds 502.49999… thousandths and would show 50.2.
  it.each([
    [201 / 400, 50.3],
    [0.0125, 1.3],
    [1.0005, 100.1],
    [0.99949, 99.9],
    [-0.5025, -50.3],
    [-0.00049, 0],
    [1e21, 1e23],
  ])('rounds half up in decimal (四捨五入, away from zero): %p is %p percent', (rate, percent) => {
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
