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
 * KEYS[1] is there while a window of repeats is open, KEYS[2] counts the repeats it folded. A repeat while the window
 * is open is counted and gets -1; otherwise the window opens (ARGV[1] seconds) and the call gets the repeats folded
 * since the last one it let through, which are then cleared. The count outlives its window (ARGV[2] seconds), so a
 * repeat hours later still says how many went before it.
 */
const FOLD = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return -1
end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
local folded = tonumber(redis.call('GET', KEYS[2]) or '0')
redis.call('DEL', KEYS[2])
return folded
`;

/** How long the count of folded repeats waits for the next repeat to carry it. */
const FOLDED_COUNT_SECONDS = 7 * 24 * 3600;

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

  /**
   * An event that may repeat within the window: null for a repeat while the window is open (counted only); otherwise
   * how many repeats were folded since the last event let through (0 for none), and a new window opens.
   */
  async fold(key: string, windowSeconds: number): Promise<number | null> {
    const folded = Number(
      await this.redis.eval(FOLD, 2, `${key}:window`, `${key}:folded`, windowSeconds, FOLDED_COUNT_SECONDS),
    );
    return folded < 0 ? null : folded;
  }

  async giveBack(keys: string[]): Promise<void> {
    await this.redis.eval(GIVE_BACK, keys.length, ...keys);
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
