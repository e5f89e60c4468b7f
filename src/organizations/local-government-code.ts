/**
 * 地方公共団体コード: 5 digits plus a check digit (総務省, JIS X 0401/0402 modulus-11 rule),
 * e.g. 旭川市 012041, 釧路市 012068. Validating the check digit catches typos at entry.
 * The check digit is the last digit of 11 − (weighted sum mod 11): remainder 0 gives 1 (埼玉県 110001), 1 gives 0.
 */
export function isValidLocalGovernmentCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 5).reduce((total, digit, index) => total + digit * (6 - index), 0);
  return digits[5] === (11 - (sum % 11)) % 10;
}
