import { HttpException, HttpStatus } from '@nestjs/common';
import { type EmailChange } from './email-change.entity';
import { linkProblem, type ResetLinkProblem } from './password-reset-link';

/** The two links of a change: the one to the new address confirms it, the one in the notice to the old cancels it. */
export type EmailChangeLinkKind = 'confirm' | 'cancel';

const DEACTIVATED =
  'This account has been deactivated by an administrator. Ask the administrator of your organization.';

const MESSAGES: Record<EmailChangeLinkKind, Record<ResetLinkProblem, string>> = {
  confirm: {
    unknown: 'This address confirmation link is not valid. Check that the whole link from the e-mail was used.',
    expired: 'This address confirmation link has expired. Ask for the change again in the account settings.',
    ended:
      'This address confirmation link is no longer valid: a link works once, and ends when a later change is asked for or the account is deactivated. Ask for the change again if needed.',
    deactivated: DEACTIVATED,
  },
  cancel: {
    unknown: 'This cancellation link is not valid. Check that the whole link from the e-mail was used.',
    expired: 'This change of address expired unconfirmed: the address was not changed, and there is nothing to cancel.',
    ended:
      'This change of address is no longer waiting: it was confirmed, cancelled or replaced by a later request. If the address changed without your asking, ask the administrator of your organization.',
    deactivated: DEACTIVATED,
  },
};

/** Why a link of a change of address cannot be used: as for reset links, unknown is a 404, once valid a 410. */
export class EmailChangeLinkUnusableException extends HttpException {
  constructor(
    readonly problem: ResetLinkProblem,
    readonly kind: EmailChangeLinkKind = 'confirm',
  ) {
    super(MESSAGES[kind][problem], problem === 'unknown' ? HttpStatus.NOT_FOUND : HttpStatus.GONE);
  }
}

/** The change behind a link of the kind, if it can still be confirmed or cancelled with it. */
export function usableEmailChange(
  change: EmailChange | null,
  account: { deactivatedAt: Date | null } | null | undefined,
  now = new Date(),
  kind: EmailChangeLinkKind = 'confirm',
): EmailChange {
  const link = change && { ...change, tokenHash: kind === 'confirm' ? change.tokenHash : change.cancelTokenHash };
  const problem = linkProblem(link, account, now);
  if (problem) throw new EmailChangeLinkUnusableException(problem, kind);
  return change!;
}
