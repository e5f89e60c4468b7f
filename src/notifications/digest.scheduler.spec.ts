import { type Queue } from 'bullmq';
import { type AppConfig } from '../infra/config/app-config';
import { DigestScheduler } from './digest.scheduler';

describe('DigestScheduler', () => {
  it('sends the digest at DIGEST_TIME in Japan, not at that hour on the server’s clock (UTC)', async () => {
    const upsertJobScheduler = jest.fn();
    const queue = { upsertJobScheduler } as unknown as Queue;
    await new DigestScheduler(queue, { digestTime: '08:05' } as AppConfig).onApplicationBootstrap();
    expect(upsertJobScheduler).toHaveBeenCalledWith(
      'daily-digest',
      { pattern: '5 8 * * *', tz: 'Asia/Tokyo' },
      { name: 'digest' },
    );
  });
});
