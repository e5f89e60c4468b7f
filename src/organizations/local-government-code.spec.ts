import { isValidLocalGovernmentCode } from './local-government-code';

describe('isValidLocalGovernmentCode', () => {
  it.each(['012041', '012068', '131016', '011002'])('accepts the real code %s', (code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(true);
  });

  // The check digit is the last digit of 11 − remainder: a weighted sum divisible by 11 gives 1, remainder 1 gives 0.
  it.each([
    ['110001', '埼玉県'],
    ['012131', '苫小牧市'],
    ['011011', '札幌市中央区'],
    ['012050', '室蘭市'],
  ])('accepts %s (%s)', (code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(true);
  });

  it.each(['012040', '110000', '012130', '011010', '01204', '0120411', 'abcdef', ''])('rejects %s', (code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(false);
  });
});
