import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AUDIT_CHECKPOINTS_QUEUE } from '../audit/audit-checkpoint.queue';
import { AuditCheckpointProcessor } from '../audit/audit-checkpoint.processor';
import { AuditCheckpointScheduler } from '../audit/audit-checkpoint.scheduler';
import { AuditSealing } from '../audit/audit-sealing';
import { AuthModule } from '../auth/auth.module';
import { DenialFoldsProcessor } from '../auth/denial-folds.processor';
import { SessionCleanupProcessor } from '../auth/session-cleanup.processor';
import { SessionCleanupScheduler } from '../auth/session-cleanup.scheduler';
import { DigestProcessor } from '../notifications/digest.processor';
import { DigestScheduler } from '../notifications/digest.scheduler';
import { EmailDeliveryProcessor } from '../notifications/email-delivery.processor';
import { FailedEventSweep } from '../notifications/failed-event-sweep';
import { NotificationEventsProcessor } from '../notifications/notification-events.processor';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxRelay } from '../notifications/outbox-relay';
import { ReviewDeadlinesProcessor } from '../notifications/review-deadlines.processor';
import { OrganizationsModule } from '../organizations/organizations.module';
import { ReportsModule } from '../reports/reports.module';

/**
 * Every background processor, in one list. Imported by the API process when RUN_WORKER=true (default)
 * and by `npm run start:worker`, so workers can be scaled apart from the API.
 */
@Module({
  imports: [
    AuthModule,
    NotificationsModule,
    // The digest names the municipality of each item.
    OrganizationsModule,
    ReportsModule,
    BullModule.registerQueue({ name: AUDIT_CHECKPOINTS_QUEUE }),
  ],
  providers: [
    SessionCleanupProcessor,
    SessionCleanupScheduler,
    DenialFoldsProcessor,
    OutboxRelay,
    NotificationEventsProcessor,
    FailedEventSweep,
    EmailDeliveryProcessor,
    ReviewDeadlinesProcessor,
    DigestProcessor,
    DigestScheduler,
    AuditCheckpointProcessor,
    AuditCheckpointScheduler,
    AuditSealing,
  ],
})
export class WorkersModule {}
