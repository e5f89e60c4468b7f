import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisClient } from '../infra/redis/redis-client';

/** What to do with a form: carry it out, send the browser where the same form sent earlier went, or say it is busy. */
export type SubmissionTurn = { kind: 'run' } | { kind: 'repeat'; location: string } | { kind: 'busy' };

/** How long a repeat waits for the first to end: a save with its notifications takes well under a second. */
const WAIT_MS = 10_000;
const POLL_MS = 100;
/** A first that never ends (a process killed mid-request) frees its form after this. */
const PENDING_MS = 60_000;
/** How long a carried-out form is remembered: a page kept open over lunch and sent again is still the same send. */
const DONE_SECONDS = 24 * 60 * 60;
const PENDING = 'pending';
const DONE = 'done ';

/**
 * Which forms are being or have been carried out, in Redis so that every app process sees them (a double click's two
 * requests may reach two processes). Redis being down must not stop the forms: the guard is then simply off.
 */
@Injectable()
export class FormSubmissions {
  private readonly logger = new Logger(FormSubmissions.name);

  constructor(private readonly redis: RedisClient) {}

  async begin(key: string): Promise<SubmissionTurn> {
    try {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        if (await this.redis.set(key, PENDING, 'PX', PENDING_MS, 'NX')) return { kind: 'run' };
        const state = await this.redis.get(key);
        if (state?.startsWith(DONE)) return { kind: 'repeat', location: state.slice(DONE.length) };
        // Gone meanwhile: the first failed and let go, so this one is tried in its turn.
        if (state === null) continue;
        if (Date.now() >= deadline) return { kind: 'busy' };
        await sleep(POLL_MS);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not check the form for a repeat; carrying it out');
      return { kind: 'run' };
    }
  }

  /** The form was carried out and sent the browser to `location`: a repeat goes there too. */
  async done(key: string, location: string): Promise<void> {
    await this.redis.set(key, `${DONE}${location}`, 'EX', DONE_SECONDS).catch(() => undefined);
  }

  /** The form was not carried out (refused, shown again with errors): sending it again tries again. */
  async release(key: string): Promise<void> {
    await this.redis.del(key).catch(() => undefined);
  }
}
