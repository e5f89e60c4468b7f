import { formatNumber } from './number-format';

describe('formatNumber', () => {
  it('writes thousands separators', () => {
    expect(formatNumber(9048)).toBe('9,048');
    expect(formatNumber(-1234567)).toBe('-1,234,567');
  });

  it('keeps every decimal a value was entered with, so close values read apart', () => {
    expect(formatNumber(0.1255)).toBe('0.1255');
    expect(formatNumber(0.1256)).toBe('0.1256');
    expect(formatNumber(1234.56789)).toBe('1,234.56789');
  });

  it('writes a sum computed in floating point as the decimal it stands for', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('writes whole numbers without decimals', () => {
    expect(formatNumber(32)).toBe('32');
    expect(formatNumber(0)).toBe('0');
  });
});
