import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { AttemptCounters } from '../infra/redis/attempt-counters';

/** Who is guessing: the account whose password is tried and the client address trying it. */
export interface PasswordGuess {
  account: string;
  address: string;
}

export class TooManyAttemptsException extends HttpException {
  constructor(retryAfterSeconds: number) {
    super(
      {
        message: `Too many failed password attempts for this account or from this address. Try again in ${retryAfterSeconds} seconds.`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * Limits password guesses (sign-in and the current password on a password change) per account and per client
 * address, in Redis so every app process shares the counts. Each attempt is counted before its password is checked;
 * a correct password takes it back, so only failures count and a user who knows their password is never slowed down.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    private readonly counters: AttemptCounters,
    private readonly config: AppConfig,
  ) {}

  /**
   * Runs `verify` (the password check) as one attempt, or throws TooManyAttemptsException without running it when
   * the account or the address has used up its failures. Returns what `verify` returned.
   */
  async attempt(guess: PasswordGuess, verify: () => Promise<boolean>): Promise<boolean> {
    const account = `login-failures:account:${guess.account}`;
    const address = `login-failures:address:${guess.address}`;
    const counted = await this.admit(account, address);
    let correct: boolean;
    try {
      correct = await verify();
    } catch (error) {
      // Not a wrong password but a fault: it must not count against the user.
      if (counted) await this.giveBack(address, account);
      throw error;
    }
    if (correct && counted) {
      await this.forgetAccount(guess.account);
      await this.giveBack(address);
    }
    return correct;
  }

  /** The account's failures are forgotten (its password was just reset by the holder of its mailbox). */
  async forgetAccount(account: string): Promise<void> {
    await this.counters.clear(`login-failures:account:${account}`).catch((error: Error) => this.unavailable(error));
  }

  /** Whether the attempt was counted: false when Redis is down, in which case sign-in stays possible. */
  private async admit(account: string, address: string): Promise<boolean> {
    let wait: number;
    try {
      wait = await this.counters.admit(
        [
          { key: account, limit: this.config.loginMaxFailures },
          { key: address, limit: this.config.loginMaxFailuresPerIp },
        ],
        this.config.loginFailureWindowSeconds,
      );
    } catch (error) {
      this.unavailable(error as Error);
      return false;
    }
    if (wait > 0) throw new TooManyAttemptsException(wait);
    return true;
  }

  private async giveBack(...keys: string[]): Promise<void> {
    await this.counters.giveBack(keys).catch((error: Error) => this.unavailable(error));
  }

  private unavailable(error: Error): void {
    // The outage is visible in /health and the logs; refusing every sign-in would make it worse.
    this.logger.warn(`Login throttling unavailable: ${error.message}`);
  }
}
