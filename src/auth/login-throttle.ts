import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config';
import { RedisClient } from '../infra/redis/redis-client';

/**
 * Counts failed log-ins per (account, client address) in Redis so every app process shares the count.
 * Only failures count: a user who signs in correctly is never slowed down.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const key = this.key(email, ip);
    try {
      const [failures, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
      if (Number(failures ?? 0) >= this.config.loginMaxFailures) {
        throw new HttpException(
          {
            message: `Too many failed sign-in attempts. Try again in ${Math.max(ttl, 1)} seconds.`,
            retryAfterSeconds: Math.max(ttl, 1),
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // Redis down: sign-in stays possible; the outage is visible in /health and the logs.
      this.logger.warn(`Login throttling unavailable: ${(error as Error).message}`);
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const key = this.key(email, ip);
    await this.redis
      .multi()
      .incr(key)
      .expire(key, this.config.loginFailureWindowSeconds, 'NX')
      .exec()
      .catch((error: Error) => this.logger.warn(`Could not record a failed login: ${error.message}`));
  }

  async clear(email: string, ip: string): Promise<void> {
    await this.redis.del(this.key(email, ip)).catch(() => undefined);
  }

  private key(email: string, ip: string): string {
    return `login-failures:${email}:${ip}`;
  }
}
