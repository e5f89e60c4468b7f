import Redis from 'ioredis';
import { ConfigError } from '../config/app-config';

/**
 * Fails start-up with one actionable line when Redis is unreachable: without it the queues' clients retry
 * forever and the process would hang silently after the migrations.
 */
export async function assertRedisReachable(redisUrl: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const { host } = new URL(redisUrl);
    throw new ConfigError(
      `Cannot connect to Redis at ${host} (${(error as Error).message}). Start it (e.g. \`redis-server --daemonize yes\`), or set REDIS_URL to a reachable server.`,
    );
  } finally {
    client.disconnect();
  }
}
