/**
 * 地方公共団体コード: 5 digits plus a check digit (JIS X 0401/0402 modulus-11 rule),
 * e.g. 旭川市 012041, 釧路市 012068. Validating the check digit catches typos at entry.
 */
export function isValidLocalGovernmentCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 5).reduce((total, digit, index) => total + digit * (6 - index), 0);
  const remainder = sum % 11;
  const expected = remainder === 0 ? 0 : remainder === 1 ? 0 : 11 - remainder;
  return digits[5] === expected % 10;
}
