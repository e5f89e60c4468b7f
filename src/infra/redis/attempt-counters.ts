import { Injectable } from '@nestjs/common';
import { RedisClient } from './redis-client';

/** A counter in Redis and how many attempts it admits within the window. */
export interface Counter {
  key: string;
  limit: number;
}

/**
 * Admits one attempt when none of the counters (KEYS) has reached its limit (ARGV 1…n), counting it in each for
 * ARGV[n + 1] seconds; otherwise returns the seconds until the reached counters expire. One script, so parallel
 * requests cannot all read "below the limit" before any of them is counted.
 */
const ADMIT = `
local window = ARGV[#KEYS + 1]
local wait = 0
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('EXPIRE', key, window)
      ttl = tonumber(window) * 1000
    end
    wait = math.max(wait, math.floor((ttl + 999) / 1000))
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, window) end
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
 * Attempts counted in Redis over a fixed window, so every app process shares the counts (password guesses, password
 * reset requests). Errors of Redis reach the caller, which decides whether an outage should refuse or admit.
 */
@Injectable()
export class AttemptCounters {
  constructor(private readonly redis: RedisClient) {}

  /** 0 when the attempt is admitted (and counted in every counter); else the seconds to wait. */
  async admit(counters: Counter[], windowSeconds: number): Promise<number> {
    return Number(
      await this.redis.eval(
        ADMIT,
        counters.length,
        ...counters.map((counter) => counter.key),
        ...counters.map((counter) => counter.limit),
        windowSeconds,
      ),
    );
  }

  async giveBack(keys: string[]): Promise<void> {
    await this.redis.eval(GIVE_BACK, keys.length, ...keys);
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
