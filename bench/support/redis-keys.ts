import Redis from 'ioredis';
import { type AppConfig } from '../../src/infra/config/app-config';

/**
 * Deletes a throw-away app's keys (its REDIS_PREFIX), on a connection of its own (the app's is closed); none when
 * Redis is down, since then nothing is left that a later run could see.
 */
export async function deleteRedisKeys(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redisUrl, { lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    // SCAN, not KEYS: a benchmark leaves many thousands of queue keys, and KEYS would block Redis while it lists them.
    for await (const keys of redis.scanStream({ match: `${config.redisPrefix}:*`, count: 1000 }))
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  } catch {
    // Redis is down.
  } finally {
    redis.disconnect();
  }
}
