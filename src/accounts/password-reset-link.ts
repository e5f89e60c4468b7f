import { HttpException, HttpStatus } from '@nestjs/common';
import { type PasswordReset } from './password-reset.entity';

/** Why a reset link cannot be used; an unknown link is a 404, one that was valid once is gone (410). */
export type ResetLinkProblem = 'unknown' | 'expired' | 'used' | 'deactivated';

const MESSAGES: Record<ResetLinkProblem, string> = {
  unknown: 'This password reset link is not valid. Check that the whole link from the e-mail was used.',
  expired: 'This password reset link has expired. Ask for a new one on the sign-in page.',
  used: 'This password reset link was used already (a link works once). Ask for a new one if needed.',
  deactivated: 'This account has been deactivated by an administrator. Ask the administrator of your organization.',
};

export class ResetLinkUnusableException extends HttpException {
  constructor(readonly problem: ResetLinkProblem) {
    super(MESSAGES[problem], problem === 'unknown' ? HttpStatus.NOT_FOUND : HttpStatus.GONE);
  }
}

/** The reset behind a link, if a password can still be set with it. */
export function usableReset(
  reset: PasswordReset | null,
  account: { deactivatedAt: Date | null } | null | undefined,
  now = new Date(),
): PasswordReset {
  if (!reset || !reset.tokenHash || !account) throw new ResetLinkUnusableException('unknown');
  if (reset.usedAt) throw new ResetLinkUnusableException('used');
  if (reset.expiresAt <= now) throw new ResetLinkUnusableException('expired');
  if (account.deactivatedAt) throw new ResetLinkUnusableException('deactivated');
  return reset;
}
