import { createHash, randomBytes } from 'node:crypto';

/** What an invitation link carries: 32 random bytes, base64url. */
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored: a leaked table gives no usable link. Unsalted is enough for 256 random bits. */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
