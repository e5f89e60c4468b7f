import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SessionCleanupProcessor, SessionCleanupScheduler } from '../auth/session-cleanup.worker';
import { DigestProcessor, DigestScheduler, EmailDeliveryProcessor, NotificationEventsProcessor, OutboxRelay } from '../notifications/notification-workers';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReviewDeadlinesProcessor } from '../notifications/review-deadlines';

/**
 * Every background processor, in one list. Imported by the API process when RUN_WORKER=true (default)
 * and by `npm run start:worker`, so workers can be scaled apart from the API.
 */
@Module({
  imports: [AuthModule, NotificationsModule],
  providers: [
    SessionCleanupProcessor,
    SessionCleanupScheduler,
    OutboxRelay,
    NotificationEventsProcessor,
    EmailDeliveryProcessor,
    ReviewDeadlinesProcessor,
    DigestProcessor,
    DigestScheduler,
  ],
})
export class WorkersModule {}
