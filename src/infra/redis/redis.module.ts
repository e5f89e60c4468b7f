import { Global, Module } from '@nestjs/common';
import { AttemptCounters } from './attempt-counters';
import { RedisClient } from './redis-client';

@Global()
@Module({ providers: [RedisClient, AttemptCounters], exports: [RedisClient, AttemptCounters] })
export class RedisModule {}
