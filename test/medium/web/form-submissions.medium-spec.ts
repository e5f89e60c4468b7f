import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../src/infra/config/app-config';
import { RedisClient } from '../../../src/infra/redis/redis-client';
import { FormSubmissions } from '../../../src/web/form-submissions';

/** Whose turn a page form is, as every app process asks Redis (the repeated-submission guard's store). */
describe('Form submissions in Redis', () => {
  let redis: RedisClient;
  let submissions: FormSubmissions;

  beforeAll(async () => {
    redis = new RedisClient(loadConfig({ ...process.env, REDIS_PREFIX: `kpiv-test-${randomUUID()}` }));
    // It queues nothing while connecting (the app's is connected long before a form arrives).
    await new Promise((resolve) => redis.once('ready', resolve));
    submissions = new FormSubmissions(redis);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${redis.options.keyPrefix}*`);
    if (keys.length) await redis.del(...keys.map((key) => key.slice(redis.options.keyPrefix!.length)));
    redis.disconnect();
  });

  it('gives the first send its turn, and a later one the place the first went', async () => {
    const key = randomUUID();
    expect(await submissions.begin(key)).toEqual({ kind: 'run' });
    await submissions.done(key, '/o/1/reports/2?notice=question-asked');
    expect(await submissions.begin(key)).toEqual({ kind: 'repeat', location: '/o/1/reports/2?notice=question-asked' });
  });

  it('makes a send that arrives during the first wait for it', async () => {
    const key = randomUUID();
    await submissions.begin(key);
    const second = submissions.begin(key);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await submissions.done(key, '/next');
    expect(await second).toEqual({ kind: 'repeat', location: '/next' });
  });

  it('gives the turn to the next send when the first was not carried out', async () => {
    const key = randomUUID();
    await submissions.begin(key);
    const second = submissions.begin(key);
    await submissions.release(key);
    expect(await second).toEqual({ kind: 'run' });
  });
});
