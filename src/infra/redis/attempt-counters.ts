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
 * KEYS[1] holds when the open window of repeats opened (ARGV[3]), KEYS[2] counts the repeats folded and not yet
 * written. A repeat while the window is open is counted and gets {count, window's opening, its milliseconds left};
 * otherwise the window opens (ARGV[1] seconds) and the call takes the count, as takeFolded does. The count outlives its
 * window (ARGV[2] seconds), so that a later event can still carry it if nothing else wrote it.
 */
const FOLD = `
local opened = redis.call('GET', KEYS[1])
if opened then
  local folded = redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return {folded, opened, redis.call('PTTL', KEYS[1])}
end
redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[1])
return {redis.call('GETDEL', KEYS[2]) or '0'}
`;

/** How long the count of folded repeats waits for a later event to carry it, should its window's end not write it. */
const FOLDED_COUNT_SECONDS = 7 * 24 * 3600;

/** What fold made of an event: let through with the repeats it carries, or a repeat counted within a window. */
export type Fold =
  | { repeat: false; folded: number }
  | { repeat: true; folded: number; window: { openedAt: number; closesInMs: number } };

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
   * An event that may repeat within the window: let through when no window is open (a new one opens), carrying the
   * repeats folded since the last one written; else a repeat, counted, with the count and the window it fell in.
   */
  async fold(key: string, windowSeconds: number): Promise<Fold> {
    const [folded, openedAt, closesInMs] = (await this.redis.eval(
      FOLD,
      2,
      `${key}:window`,
      `${key}:folded`,
      windowSeconds,
      FOLDED_COUNT_SECONDS,
      Date.now(),
    )) as [number | string, string?, number?];
    return openedAt === undefined
      ? { repeat: false, folded: Number(folded) }
      : {
          repeat: true,
          folded: Number(folded),
          window: { openedAt: Number(openedAt), closesInMs: Number(closesInMs) },
        };
  }

  /**
   * The repeats folded and not yet written, taken (0 for none). Taking is one GETDEL, as the next event let through
   * takes them in FOLD: whichever comes first writes the count, the other finds none.
   */
  async takeFolded(key: string): Promise<number> {
    return Number((await this.redis.getdel(`${key}:folded`)) ?? 0);
  }

  /** Puts back repeats taken but not written (the write failed), for the next taker. */
  async returnFolded(key: string, count: number): Promise<void> {
    await this.redis.multi().incrby(`${key}:folded`, count).expire(`${key}:folded`, FOLDED_COUNT_SECONDS).exec();
  }

  async giveBack(keys: string[]): Promise<void> {
    await this.redis.eval(GIVE_BACK, keys.length, ...keys);
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
