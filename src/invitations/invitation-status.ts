import { HttpException, HttpStatus } from '@nestjs/common';
import { type Invitation } from './invitation.entity';

export type InvitationStatus = 'pending' | 'expired' | 'accepted' | 'declined' | 'revoked' | 'superseded';

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: '回答待ち',
  expired: '期限切れ',
  accepted: '承諾済み',
  declined: '辞退',
  revoked: '取消し',
  superseded: '別の招待で参加済み',
};

export function invitationStatus(
  invitation: Pick<Invitation, 'acceptedAt' | 'declinedAt' | 'revokedAt' | 'supersededAt' | 'expiresAt'>,
  now = new Date(),
): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.declinedAt) return 'declined';
  if (invitation.revokedAt) return 'revoked';
  if (invitation.supersededAt) return 'superseded';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

/** Still waiting for an answer, expired or not: the administrator may send it again or revoke it. */
export function isUnanswered(status: InvitationStatus): boolean {
  return status === 'pending' || status === 'expired';
}

/**
 * Why a link cannot be used; an unknown link is a 404, one that was valid once is gone (410), as is one replaced by a
 * mail sent again (resent) and one whose department was retired (廃止) with no successor.
 */
export type UnusableReason = Exclude<InvitationStatus, 'pending'> | 'unknown' | 'resent' | 'department_retired';

const MESSAGES: Record<UnusableReason, string> = {
  unknown: 'This invitation link is not valid. Check that the whole link from the e-mail was used.',
  resent:
    'This invitation was sent again, so the link in this earlier mail no longer works: open the link in the newest invitation mail.',
  expired: 'This invitation has expired. Ask the administrator who invited you to invite you again.',
  revoked: "This invitation was withdrawn by the organization's administrator.",
  accepted: 'This invitation has already been accepted: an invitation link works once. Sign in instead.',
  declined: 'This invitation was declined. Ask the administrator for a new one if that was a mistake.',
  superseded:
    'This address joined the organization through another invitation, so this one is no longer open. Sign in instead.',
  department_retired:
    'The department this invitation gives a role in was retired, with no department to carry on its work: ask the administrator who invited you for a new invitation. You may decline this one (POST /invitations/decline), so that it is no longer open.',
};

export class InvitationUnusableException extends HttpException {
  constructor(readonly reason: UnusableReason) {
    super(MESSAGES[reason], reason === 'unknown' ? HttpStatus.NOT_FOUND : HttpStatus.GONE);
  }
}

/** The invitation behind a link, if it can still be answered. */
export function usable(invitation: Invitation | null, now = new Date()): Invitation {
  if (!invitation) throw new InvitationUnusableException('unknown');
  const status = invitationStatus(invitation, now);
  if (status !== 'pending') throw new InvitationUnusableException(status);
  return invitation;
}

/** Refuses the link of an earlier mail (replaced when it was sent again): open the newest, or what became of it since. */
export function replacedLinkRefusal(invitation: Invitation, now = new Date()): InvitationUnusableException {
  const status = invitationStatus(invitation, now);
  return new InvitationUnusableException(status === 'pending' ? 'resent' : status);
}
