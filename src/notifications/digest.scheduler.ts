import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../infra/config/app-config';
import { NOTIFICATION_DIGESTS_QUEUE } from './queues';

@Injectable()
export class DigestScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(NOTIFICATION_DIGESTS_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [hour, minute] = this.config.digestTime.split(':').map(Number);
    await this.queue.upsertJobScheduler(
      'daily-digest',
      { pattern: `${minute} ${hour} * * *`, tz: 'Asia/Tokyo' },
      { name: 'digest' },
    );
  }
}
