import { HttpException, HttpStatus } from '@nestjs/common';
import { type EmailChange } from './email-change.entity';
import { linkProblem, type ResetLinkProblem } from './password-reset-link';

const MESSAGES: Record<ResetLinkProblem, string> = {
  unknown: 'This address confirmation link is not valid. Check that the whole link from the e-mail was used.',
  expired: 'This address confirmation link has expired. Ask for the change again in the account settings.',
  ended:
    'This address confirmation link is no longer valid: a link works once, and ends when a later change is asked for. Ask for the change again if needed.',
  deactivated: 'This account has been deactivated by an administrator. Ask the administrator of your organization.',
};

/** Why a link to confirm a new address cannot be used: as for reset links, unknown is a 404, once valid a 410. */
export class EmailChangeLinkUnusableException extends HttpException {
  constructor(readonly problem: ResetLinkProblem) {
    super(MESSAGES[problem], problem === 'unknown' ? HttpStatus.NOT_FOUND : HttpStatus.GONE);
  }
}

/** The change behind a link, if the address can still be changed with it. */
export function usableEmailChange(
  change: EmailChange | null,
  account: { deactivatedAt: Date | null } | null | undefined,
  now = new Date(),
): EmailChange {
  const problem = linkProblem(change, account, now);
  if (problem) throw new EmailChangeLinkUnusableException(problem);
  return change!;
}
