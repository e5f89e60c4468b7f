import { applyDecorators, BadRequestException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { IsString, MinLength, ValidateBy, type ValidationArguments } from 'class-validator';
import { MaxTextLength } from '../common/input-fields';

/** Length over complexity rules (NIST SP 800-63B): long passphrases, no forced character classes. */
export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 256;

/**
 * zxcvbn's score 3 is about 10^8 guesses: out of reach of guessing through sign-in (throttled), which is the attack a
 * password of ours faces; NIST SP 800-63B asks for refusing what a list of common or expected values holds.
 */
const MIN_SCORE = 3;

/** Why a password is refused, in the words the API gives; the pages translate them. */
export const GUESSABLE_REASONS = {
  repeat: 'repeats characters or words',
  sequence: 'is a sequence such as abcd or 1234',
  keyboard: 'is a run of keys on the keyboard',
  common: 'is, or is close to, a commonly used password',
  personal: 'contains your name or e-mail address',
  date: 'is mostly a date or a year',
  other: 'is made of too few unpredictable parts',
} as const;
export type GuessableReason = keyof typeof GUESSABLE_REASONS;

const REASON_OF_WARNING: Record<string, GuessableReason> = {
  simpleRepeat: 'repeat',
  extendedRepeat: 'repeat',
  sequences: 'sequence',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  userInputs: 'personal',
  dates: 'date',
  recentYears: 'date',
};

/**
 * The estimate reads this many characters: it runs on the event loop before any token is checked, and its cost grows
 * fast with length (256 digits take over a second, 64 about 70 ms, 32 about 30 ms); a password whose first 32
 * characters are hard to guess is.
 */
const ESTIMATED_LENGTH = 32;

// Loaded on first use: the dictionaries cost start-up time that most commands never need.
let estimator: ZxcvbnFactory | undefined;
const strength = () =>
  (estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: ESTIMATED_LENGTH }));

/**
 * Why a password of the allowed length is too easy to guess (common passwords, repeats, sequences, keyboard runs,
 * dates, or the person's own name or address given as `personal`); null when it is not. Offline: the lists ship
 * with the library.
 */
export function guessablePassword(password: string, personal: readonly string[] = []): GuessableReason | null {
  const words = personal
    .flatMap((value) => [value, value.split('@')[0], ...value.split(/[@\s._-]+/)])
    .filter((word) => word.length >= 3);
  const result = strength().check(password, words);
  if (result.score >= MIN_SCORE) return null;
  return REASON_OF_WARNING[result.feedback.warning ?? ''] ?? 'other';
}

export function guessablePasswordMessage(property: string, reason: GuessableReason): string {
  return `${property} is too easy to guess: it ${GUESSABLE_REASONS[reason]}. Choose a longer one, e.g. several unrelated words`;
}

/** A password set outside a request (the CLI, the demo), named `name` in the answer: what is wrong with it, or null. */
export function passwordProblem(name: string, password: string, personal: readonly string[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `${name} must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `${name} must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const reason = guessablePassword(password, personal);
  return reason && guessablePasswordMessage(name, reason);
}

/**
 * Refuses (400, at `/${property}`) a password set for an account the request does not describe (a change, a reset):
 * judged as PasswordInput judges one, with the account's own name and address, which only the server knows there.
 */
export function refuseGuessablePassword(
  property: string,
  password: string,
  account: { email: string; displayName: string },
): void {
  const problem = passwordProblem(property, password, [account.email, account.displayName]);
  if (problem)
    throw new BadRequestException({ message: problem, details: [{ path: `/${property}`, message: problem }] });
}

/** The person's own name and address in the request beside the password, which a password must not be made of. */
function personalInputs(args: ValidationArguments): string[] {
  const { email, displayName } = args.object as Record<string, unknown>;
  return [email, displayName].filter((value): value is string => typeof value === 'string');
}

const guessableIn = (args: ValidationArguments) =>
  typeof args.value === 'string' && args.value.length >= PASSWORD_MIN_LENGTH
    ? guessablePassword(args.value, personalInputs(args))
    : null;

// The estimate is the costly part: the message is worded with the reason validate found, kept by the object validated.
const refusedFor = new WeakMap<object, GuessableReason>();

/**
 * A password a person sets: every request that sets one takes it through this. `ofKnownAccount` is for a request that
 * does not carry the person's name and address (a change, a reset): only the length is checked here, and the service
 * judges the rest once with the account's own (refuseGuessablePassword).
 */
export const PasswordInput = ({ ofKnownAccount = false } = {}) =>
  applyDecorators(
    ApiProperty({
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      description: 'Refused when easy to guess: a common password, repeats, sequences, keyboard runs, dates, own name.',
    }),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, { message: `$property must be at least ${PASSWORD_MIN_LENGTH} characters` }),
    MaxTextLength(PASSWORD_MAX_LENGTH),
    ...(ofKnownAccount
      ? []
      : [
          ValidateBy(
            {
              name: 'notGuessable',
              validator: {
                validate: (_value: unknown, args) => {
                  const reason = guessableIn(args!);
                  if (reason) refusedFor.set(args!.object, reason);
                  return reason === null;
                },
              },
            },
            { message: (args) => guessablePasswordMessage(args.property, refusedFor.get(args.object) ?? 'other') },
          ),
        ]),
  );
