import { newSecretToken, SECRET_TOKEN_PATTERN, secretTokenHash } from './secret-token';

describe('secret link tokens', () => {
  it('are new each time and match the pattern links are checked against', () => {
    const [first, second] = [newSecretToken(), newSecretToken()];
    expect(first).toMatch(SECRET_TOKEN_PATTERN);
    expect(second).toMatch(SECRET_TOKEN_PATTERN);
    expect(first).not.toBe(second);
  });

  it('are stored as a hash that names the token but cannot be used as one', () => {
    const token = newSecretToken();
    expect(secretTokenHash(token)).toBe(secretTokenHash(token));
    expect(secretTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretTokenHash(token)).not.toMatch(SECRET_TOKEN_PATTERN);
  });
});
