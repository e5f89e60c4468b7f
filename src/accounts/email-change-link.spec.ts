import { HttpStatus } from '@nestjs/common';
import { type EmailChange } from './email-change.entity';
import { type EmailChangeLinkUnusableException, usableEmailChange } from './email-change-link';

describe('the links of a change of address', () => {
  const now = new Date('2026-11-30T00:00:00Z');
  const change = (changes: Partial<EmailChange> = {}) =>
    ({ tokenHash: 'hash', usedAt: null, expiresAt: new Date('2026-11-30T01:00:00Z'), ...changes }) as EmailChange;
  const active = { deactivatedAt: null };
  const refusalOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      const refusal = error as EmailChangeLinkUnusableException;
      return { problem: refusal.problem, status: refusal.getStatus() };
    }
    return null;
  };

  it('works until it expires, once, for an account that can sign in', () => {
    expect(usableEmailChange(change(), active, now)).toEqual(change());
  });

  it('is unknown (404) when it names nothing or its mail was never written, gone (410) once used or expired', () => {
    expect(refusalOf(() => usableEmailChange(null, null, now))).toEqual({ problem: 'unknown', status: 404 });
    expect(refusalOf(() => usableEmailChange(change({ tokenHash: null }), active, now))).toMatchObject({
      problem: 'unknown',
    });
    expect(refusalOf(() => usableEmailChange(change({ usedAt: now }), active, now))).toEqual({
      problem: 'ended',
      status: HttpStatus.GONE,
    });
    expect(refusalOf(() => usableEmailChange(change({ expiresAt: now }), active, now))).toEqual({
      problem: 'expired',
      status: HttpStatus.GONE,
    });
  });

  it('cancels with the token of the notice, not the confirmation token, and says so in its own words', () => {
    const pending = change({ cancelTokenHash: 'cancel hash' });
    expect(usableEmailChange(pending, active, now, 'cancel')).toEqual(pending);
    expect(refusalOf(() => usableEmailChange(change({ cancelTokenHash: null }), active, now, 'cancel'))).toEqual({
      problem: 'unknown',
      status: 404,
    });
    expect(() =>
      usableEmailChange(change({ cancelTokenHash: 'cancel hash', expiresAt: now }), active, now, 'cancel'),
    ).toThrow(/nothing to cancel/);
  });

  it('says the account is deactivated before anything else about the link', () => {
    expect(refusalOf(() => usableEmailChange(change({ usedAt: now }), { deactivatedAt: now }, now))).toMatchObject({
      problem: 'deactivated',
    });
  });
});
