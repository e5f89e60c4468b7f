import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { SESSION_CLEANUP_QUEUE, SessionCleanupProcessor, SessionCleanupScheduler } from './auth/session-cleanup.worker';

/**
 * Every background processor, in one list. Imported by the API process when RUN_WORKER=true (default)
 * and by `npm run start:worker`, so workers can be scaled apart from the API.
 */
@Module({
  imports: [AuthModule, BullModule.registerQueue({ name: SESSION_CLEANUP_QUEUE })],
  providers: [SessionCleanupProcessor, SessionCleanupScheduler],
})
export class WorkersModule {}
