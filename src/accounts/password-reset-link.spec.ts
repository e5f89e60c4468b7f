import { HttpStatus } from '@nestjs/common';
import { type PasswordReset } from './password-reset.entity';
import { type ResetLinkUnusableException, usableReset } from './password-reset-link';

describe('a password reset link', () => {
  const now = new Date('2026-11-30T00:00:00Z');
  const reset = (changes: Partial<PasswordReset> = {}) =>
    ({ tokenHash: 'hash', usedAt: null, expiresAt: new Date('2026-11-30T01:00:00Z'), ...changes }) as PasswordReset;
  const active = { deactivatedAt: null };
  const problemOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      const refusal = error as ResetLinkUnusableException;
      return { problem: refusal.problem, status: refusal.getStatus() };
    }
    return null;
  };

  it('works until it expires, once, for an account that can sign in', () => {
    expect(usableReset(reset(), active, now)).toEqual(reset());
  });

  it('is unknown (404) when it names nothing, or a reset whose mail was never written', () => {
    expect(problemOf(() => usableReset(null, null, now))).toEqual({ problem: 'unknown', status: HttpStatus.NOT_FOUND });
    expect(problemOf(() => usableReset(reset({ tokenHash: null }), active, now))).toEqual({
      problem: 'unknown',
      status: HttpStatus.NOT_FOUND,
    });
  });

  it('is gone (410) once ended, once expired, or when the account was deactivated, saying which', () => {
    expect(problemOf(() => usableReset(reset({ usedAt: now }), active, now))).toEqual({
      problem: 'ended',
      status: HttpStatus.GONE,
    });
    expect(problemOf(() => usableReset(reset({ expiresAt: now }), active, now))).toEqual({
      problem: 'expired',
      status: HttpStatus.GONE,
    });
    expect(problemOf(() => usableReset(reset(), { deactivatedAt: now }, now))).toEqual({
      problem: 'deactivated',
      status: HttpStatus.GONE,
    });
  });

  it('gives the deactivation as the reason while the account is deactivated, though the deactivation ended the link', () => {
    expect(problemOf(() => usableReset(reset({ usedAt: now }), { deactivatedAt: now }, now))).toEqual({
      problem: 'deactivated',
      status: HttpStatus.GONE,
    });
  });
});
