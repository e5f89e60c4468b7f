import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailDelivery } from './email-delivery.entity';
import { FailedDeliveries } from './failed-deliveries';
import { Inbox } from './inbox';
import { Mailer } from './mailer';
import { NotificationDelivery } from './notification-delivery';
import { Notification } from './notification.entity';
import { NotificationPreference } from './notification-preference.entity';
import { FailedDeliveriesController, InboxController } from './notifications.controller';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { NOTIFICATION_QUEUES } from './queues';
import { Recipients } from './recipients';
import { ReviewDeadlines } from './review-deadlines';

@Module({
  imports: [
    TypeOrmModule.forFeature([OutboxEvent, Notification, EmailDelivery, NotificationPreference]),
    BullModule.registerQueue(...NOTIFICATION_QUEUES.map((name) => ({ name }))),
  ],
  controllers: [InboxController, FailedDeliveriesController],
  providers: [Inbox, FailedDeliveries, NotificationDelivery, Recipients, ReviewDeadlines, Mailer],
  exports: [BullModule, Inbox, FailedDeliveries, NotificationDelivery, Recipients, ReviewDeadlines, Mailer],
})
export class NotificationsModule {}
