import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisClient } from '../infra/redis/redis-client';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisClient,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async ping(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const started = Date.now();
      await this.redis.ping();
      return indicator.up({ responseTimeMs: Date.now() - started });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
