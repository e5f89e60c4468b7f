import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BadRequestException } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import {
  guessablePassword,
  guessablePasswordMessage,
  PasswordInput,
  passwordProblem,
  refuseGuessablePassword,
} from './password-policy';

class NewAccount {
  displayName: string;
  @PasswordInput()
  password: string;
}

class NewPasswordOfKnownAccount {
  @PasswordInput({ ofKnownAccount: true })
  password: string;
}

const refusals = (value: object, type: new () => object = NewAccount) =>
  validateSync(plainToInstance(type, value)).flatMap((error) => Object.values(error.constraints ?? {}));

describe('guessablePassword: refuses what guessing tries first, whatever its length', () => {
  it('refuses one character repeated', () => {
    expect(guessablePassword('aaaaaaaaaa')).toBe('repeat');
    expect(guessablePassword('abcabcabcabc')).toBe('repeat');
  });

  it('refuses a sequence of letters or digits and a run of keys', () => {
    expect(guessablePassword('abcdefghij')).toBe('sequence');
    expect(guessablePassword('1234567890')).toBe('common');
    expect(guessablePassword('qwertyuiop')).toBe('common');
    expect(guessablePassword('asdfghjkl;')).toBe('keyboard');
  });

  it('refuses a common password, also with digits or l33t added', () => {
    expect(guessablePassword('password123')).toBe('common');
    expect(guessablePassword('password1234')).toBe('common');
    expect(guessablePassword('Passw0rd!!')).toBe('common');
    expect(guessablePassword('iloveyou12')).toBe('common');
  });

  it('refuses a date', () => {
    expect(guessablePassword('2024-12-31a')).toBe('date');
  });

  it('refuses the person’s own address or name made the password', () => {
    const personal = ['tanaka.taro@city.example.lg.jp', 'Tanaka Taro'];
    expect(guessablePassword('tanaka.taro@city.example.lg.jp', personal)).toBe('personal');
    expect(guessablePassword('tanaka.taro2024', personal)).toBe('personal');
    expect(guessablePassword('tanaka.taro2024')).toBeNull();
  });

  it('reads the first 32 characters of a long one: a long repeat is refused, a long passphrase taken', () => {
    expect(guessablePassword('1'.repeat(256))).toBe('repeat');
    expect(guessablePassword(`correct horse battery staple ${'1'.repeat(200)}`)).toBeNull();
  });

  it('accepts a passphrase of several words, and a random string', () => {
    expect(guessablePassword('correct horse battery staple')).toBeNull();
    expect(guessablePassword('a passphrase chosen with the invitation')).toBeNull();
    expect(guessablePassword('xK9#mQ2$vL')).toBeNull();
  });
});

describe('PasswordInput: every request that sets a password', () => {
  it('says why a guessable password is refused and what to choose instead', () => {
    expect(refusals({ displayName: '旭川 太郎', password: 'aaaaaaaaaa' })).toEqual([
      'password is too easy to guess: it repeats characters or words. Choose a longer one, e.g. several unrelated words',
    ]);
  });

  it('refuses the name given beside it as the password', () => {
    expect(refusals({ displayName: 'asahikawa taro', password: 'asahikawataro' })).toEqual([
      guessablePasswordMessage('password', 'personal'),
    ]);
  });

  it('estimates a refused password once, wording the message with the reason found', () => {
    const estimates = jest.spyOn(ZxcvbnFactory.prototype, 'check');
    try {
      expect(refusals({ displayName: 'asahikawa taro', password: 'asahikawataro' })).toEqual([
        guessablePasswordMessage('password', 'personal'),
      ]);
      expect(estimates).toHaveBeenCalledTimes(1);
    } finally {
      estimates.mockRestore();
    }
  });

  it('asks for the length first, and only for it, of a short one', () => {
    expect(refusals({ password: 'aaaa' })).toEqual(['password must be at least 10 characters']);
  });

  it('accepts a passphrase', () => {
    expect(refusals({ displayName: '旭川 太郎', password: 'a brand new passphrase' })).toEqual([]);
  });

  it('of a known account (a change, a reset), checks the length only, leaving the estimate to the service', () => {
    expect(refusals({ password: 'aaaa' }, NewPasswordOfKnownAccount)).toEqual([
      'password must be at least 10 characters',
    ]);
    expect(refusals({ password: 'aaaaaaaaaa' }, NewPasswordOfKnownAccount)).toEqual([]);
  });
});

describe('refuseGuessablePassword: a password changed or reset, judged with the account the server knows', () => {
  const account = { email: 'tanaka.taro@city.example.lg.jp', displayName: 'Tanaka Taro' };
  const refusal = (password: string) => {
    try {
      refuseGuessablePassword('newPassword', password, account);
      return null;
    } catch (error) {
      return error instanceof BadRequestException ? error.getResponse() : error;
    }
  };

  it('refuses the account’s own address or name, in the words and at the field a request’s refusal has', () => {
    const message = guessablePasswordMessage('newPassword', 'personal');
    expect(refusal('tanaka.taro@city.example.lg.jp')).toEqual({
      message,
      details: [{ path: '/newPassword', message }],
    });
    expect(refusal('tanaka.taro2024')).toEqual(expect.objectContaining({ message }));
  });

  it('refuses what any password is refused for, and accepts a passphrase', () => {
    expect(refusal('aaaaaaaaaa')).toEqual(
      expect.objectContaining({ message: guessablePasswordMessage('newPassword', 'repeat') }),
    );
    expect(refusal('correct horse battery staple')).toBeNull();
  });
});

describe('passwordProblem: a password set outside a request', () => {
  it('names the value refused and why', () => {
    expect(passwordProblem('DEMO_PASSWORD', 'short')).toBe('DEMO_PASSWORD must be at least 10 characters');
    expect(passwordProblem('The password', 'admin@example.jp', ['admin@example.jp'])).toBe(
      guessablePasswordMessage('The password', 'personal'),
    );
    expect(passwordProblem('The password', 'correct horse battery staple')).toBeNull();
  });
});
