import { HttpException, HttpStatus } from '@nestjs/common';
import { type PasswordReset } from './password-reset.entity';

/** Why a reset link cannot be used; an unknown link is a 404, one that was valid once is gone (410). */
/**
 * `ended`: the link was used, or ended with another link's use or the account's deactivation; which of them is not
 * kept, so the answer says only that it is no longer valid.
 */
export type ResetLinkProblem = 'unknown' | 'expired' | 'ended' | 'deactivated';

const MESSAGES: Record<ResetLinkProblem, string> = {
  unknown: 'This password reset link is not valid. Check that the whole link from the e-mail was used.',
  expired: 'This password reset link has expired. Ask for a new one on the sign-in page.',
  ended:
    'This password reset link is no longer valid: a link works once, and every open link ends when a password is set or the account is deactivated. Ask for a new one if needed.',
  deactivated: 'This account has been deactivated by an administrator. Ask the administrator of your organization.',
};

export class ResetLinkUnusableException extends HttpException {
  constructor(readonly problem: ResetLinkProblem) {
    super(MESSAGES[problem], problem === 'unknown' ? HttpStatus.NOT_FOUND : HttpStatus.GONE);
  }
}

/** What keeps a mailed single-use link (a reset, a change of address) from being used now; null when nothing does. */
export function linkProblem(
  link: { tokenHash: string | null; usedAt: Date | null; expiresAt: Date } | null,
  account: { deactivatedAt: Date | null } | null | undefined,
  now = new Date(),
): ResetLinkProblem | null {
  if (!link || !link.tokenHash || !account) return 'unknown';
  // The holder of the link has the account's mailbox: while the account is deactivated, that is the reason to give.
  if (account.deactivatedAt) return 'deactivated';
  if (link.usedAt) return 'ended';
  if (link.expiresAt <= now) return 'expired';
  return null;
}

/** The reset behind a link, if a password can still be set with it. */
export function usableReset(
  reset: PasswordReset | null,
  account: { deactivatedAt: Date | null } | null | undefined,
  now = new Date(),
): PasswordReset {
  const problem = linkProblem(reset, account, now);
  if (problem) throw new ResetLinkUnusableException(problem);
  return reset!;
}
