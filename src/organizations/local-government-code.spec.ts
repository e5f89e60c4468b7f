import { isValidLocalGovernmentCode } from './local-government-code';

describe('isValidLocalGovernmentCode', () => {
  it.each(['012041', '012068', '131016', '011002'])('accepts the real code %s', (code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(true);
  });

  it.each(['012040', '01204', '0120411', 'abcdef', ''])('rejects %s', (code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(false);
  });
});
