import { HttpStatus } from '@nestjs/common';
import { type Invitation } from './invitation.entity';
import { isUnanswered, replacedLinkRefusal } from './invitation-status';

describe('the link of an earlier mail, replaced when the invitation was sent again', () => {
  const now = new Date('2026-05-15T01:30:00Z');
  const invitation = (outcome: Partial<Invitation> = {}) =>
    ({
      acceptedAt: null,
      declinedAt: null,
      revokedAt: null,
      supersededAt: null,
      expiresAt: new Date('2026-05-20T00:00:00Z'),
      ...outcome,
    }) as Invitation;

  it('is gone (410) with a message sending the reader to the newest mail while the invitation waits', () => {
    const refusal = replacedLinkRefusal(invitation(), now);
    expect(refusal.getStatus()).toBe(HttpStatus.GONE);
    expect(refusal.reason).toBe('resent');
    expect(refusal.message).toMatch(/sent again.*open the link in the newest invitation mail/);
  });

  it('says what became of the invitation since, once it was answered or has expired', () => {
    expect(replacedLinkRefusal(invitation({ acceptedAt: now }), now).reason).toBe('accepted');
    expect(replacedLinkRefusal(invitation({ revokedAt: now }), now).reason).toBe('revoked');
    expect(replacedLinkRefusal(invitation({ expiresAt: now }), now).reason).toBe('expired');
  });
});

describe('an invitation still waiting for an answer', () => {
  it('is one pending or expired: the others were answered, revoked or superseded', () => {
    expect(isUnanswered('pending')).toBe(true);
    expect(isUnanswered('expired')).toBe(true);
    for (const status of ['accepted', 'declined', 'revoked', 'superseded'] as const)
      expect(isUnanswered(status)).toBe(false);
  });
});
