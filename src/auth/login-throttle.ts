import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { RedisClient } from '../infra/redis/redis-client';

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
 * Admits one attempt when neither counter (KEYS: account, address) has reached its limit (ARGV 1 and 2), counting it
 * in both for ARGV[3] seconds; otherwise returns the seconds until the reached counters expire. One script, so
 * parallel requests cannot all read "below the limit" before any of them is counted.
 */
const ADMIT = `
local wait = 0
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('EXPIRE', key, ARGV[3])
      ttl = tonumber(ARGV[3]) * 1000
    end
    wait = math.max(wait, math.floor((ttl + 999) / 1000))
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[3]) end
end
return 0
`;

/** Takes an admitted attempt back from each counter in KEYS, never below zero and keeping its expiry. */
const GIVE_BACK = `
for _, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
`;

/**
 * Limits password guesses (sign-in and the current password on a password change) per account and per client
 * address, in Redis so every app process shares the counts. Each attempt is counted before its password is checked;
 * a correct password takes it back, so only failures count and a user who knows their password is never slowed down.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    private readonly redis: RedisClient,
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
      await this.redis.del(account).catch((error: Error) => this.unavailable(error));
      await this.giveBack(address);
    }
    return correct;
  }

  /** Whether the attempt was counted: false when Redis is down, in which case sign-in stays possible. */
  private async admit(account: string, address: string): Promise<boolean> {
    let wait: number;
    try {
      wait = Number(
        await this.redis.eval(
          ADMIT,
          2,
          account,
          address,
          this.config.loginMaxFailures,
          this.config.loginMaxFailuresPerIp,
          this.config.loginFailureWindowSeconds,
        ),
      );
    } catch (error) {
      this.unavailable(error as Error);
      return false;
    }
    if (wait > 0) throw new TooManyAttemptsException(wait);
    return true;
  }

  private async giveBack(...keys: string[]): Promise<void> {
    await this.redis.eval(GIVE_BACK, keys.length, ...keys).catch((error: Error) => this.unavailable(error));
  }

  private unavailable(error: Error): void {
    // The outage is visible in /health and the logs; refusing every sign-in would make it worse.
    this.logger.warn(`Login throttling unavailable: ${error.message}`);
  }
}
