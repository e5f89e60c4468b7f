import { createHash, randomBytes } from 'node:crypto';

/**
 * Links that work once as a password (an invitation, a password reset) carry such a token: 32 random bytes,
 * base64url.
 */
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a leaked table gives no usable link. Unsalted is enough for 256 random bits. */
export function secretTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
