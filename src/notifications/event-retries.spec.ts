import { type MinimalJob } from 'bullmq';
import { loadConfig } from '../infra/config/app-config';
import { eventBackoff, eventJobRetries, usedAllAttempts } from './event-retries';

/** The waits between the attempts of an event's job, in seconds, as its worker computes them. */
async function waits(env: Record<string, string> = {}): Promise<number[]> {
  const options = eventJobRetries(loadConfig(env));
  const job = { opts: options } as MinimalJob;
  const seconds: number[] = [];
  for (let failures = 1; failures < options.attempts!; failures++)
    seconds.push((await eventBackoff(failures, undefined, undefined, job)) / 1000);
  return seconds;
}

describe('The retries of a notification event', () => {
  it('double from a second up to five minutes, and go on for about an hour', async () => {
    const byDefault = await waits();
    expect(byDefault.slice(0, 10)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
    expect(Math.max(...byDefault)).toBe(300);
    const total = byDefault.reduce((sum, wait) => sum + wait, 0);
    // Well past the 15 s the queue's defaults give a job, and past half an hour.
    expect(total / 60).toBeGreaterThan(50);
    expect(total / 60).toBeLessThan(70);
  });

  it('follow NOTIFICATION_EVENT_MAX_ATTEMPTS and NOTIFICATION_EVENT_MAX_BACKOFF_MS', async () => {
    expect(await waits({ NOTIFICATION_EVENT_MAX_ATTEMPTS: '4', NOTIFICATION_EVENT_MAX_BACKOFF_MS: '3000' })).toEqual([
      1, 2, 3,
    ]);
  });

  it('end with the last attempt the job was given', () => {
    const job = (attemptsMade: number) => ({ attemptsMade, opts: { attempts: 3 } });
    expect([2, 3, 4].map((made) => usedAllAttempts(job(made)))).toEqual([false, true, true]);
  });
});
