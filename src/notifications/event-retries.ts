import type { BackoffStrategy, JobsOptions, MinimalJob } from 'bullmq';
import type { AppConfig } from '../infra/config/app-config';

/** The backoff of notification event jobs, which their worker computes (eventBackoff). */
const CAPPED_EXPONENTIAL = 'capped-exponential';
const FIRST_WAIT_MS = 1000;

/**
 * How a workflow event's job is retried: waits doubling from 1 s up to notificationEventMaxBackoffMs (5 min by
 * default), over notificationEventMaxAttempts attempts (20: about an hour), so that a database restart or some minutes
 * without Redis or the mail server delay the notices and lose none. Capped, not plain exponential: an outage's end is
 * noticed within minutes rather than after a wait as long as the outage. The job's `delay` takes the cap to the worker.
 */
export function eventJobRetries(config: AppConfig): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return {
    attempts: config.notificationEventMaxAttempts,
    backoff: { type: CAPPED_EXPONENTIAL, delay: config.notificationEventMaxBackoffMs },
  };
}

/** The wait before the next attempt of an event's job (the worker's setting for eventJobRetries' backoff). */
export const eventBackoff: BackoffStrategy = (attemptsMade, _type, _error, job) => {
  const backoff = job?.opts.backoff;
  const longest = typeof backoff === 'object' ? (backoff.delay ?? FIRST_WAIT_MS) : FIRST_WAIT_MS;
  return Math.min(FIRST_WAIT_MS * 2 ** (attemptsMade - 1), longest);
};

/** Whether an event's job has had its last attempt: failed, it is not retried on its own but marked on its outbox row. */
export function usedAllAttempts(job: Pick<MinimalJob, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}
