import { OrganizationsModule } from '../organizations/organizations.module';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ReviewLinksModule } from '../review-links/review-links.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { ReportsModule } from '../reports/reports.module';
import { User } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { AccountMail } from './account-mail';
import { AlternateInvitations } from './alternate-invitations';
import { DeclineConfirmationMail } from './decline-confirmation-mail';
import { DigestMail } from './digest-mail';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { EmailDelivery } from './email-delivery.entity';
import { FailedDeliveries } from './failed-deliveries';
import { FailedEvents } from './failed-events';
import { FailedEventsController } from './failed-events.controller';
import { Inbox } from './inbox';
import { InvitationMail } from './invitation-mail';
import { ExpertLinks } from './expert-links';
import { ReviewLinkMail } from './review-link-mail';
import { Mailer } from './mailer';
import { NotificationDelivery } from './notification-delivery';
import { Notification } from './notification.entity';
import { NotificationPreference } from './notification-preference.entity';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationUsersRepository } from './notification-users.repository';
import { FailedDeliveriesController } from './failed-deliveries.controller';
import { InboxController } from './inbox.controller';
import { NotificationsRepository } from './notifications.repository';
import { PasswordResetMail } from './password-reset-mail';
import { NOTIFICATION_QUEUES } from './queues';
import { Recipients } from './recipients';
import { ReviewDeadlines } from './review-deadlines';

/** Exported as provided: the background processors (bootstrap/workers.module.ts) and the pages use them. */
const SERVICES = [
  NotificationsRepository,
  EmailDeliveriesRepository,
  NotificationPreferencesRepository,
  NotificationUsersRepository,
  Inbox,
  FailedDeliveries,
  FailedEvents,
  NotificationDelivery,
  DigestMail,
  InvitationMail,
  PasswordResetMail,
  AccountMail,
  ExpertLinks,
  ReviewLinkMail,
  DeclineConfirmationMail,
  Recipients,
  ReviewDeadlines,
  AlternateInvitations,
  Mailer,
];

@Module({
  imports: [
    OrganizationsModule,
    ReportsModule,
    UsersModule,
    InvitationsModule,
    AccountsModule,
    ReviewLinksModule,
    TypeOrmModule.forFeature([Notification, EmailDelivery, NotificationPreference, User]),
    BullModule.registerQueue(...NOTIFICATION_QUEUES.map((name) => ({ name }))),
  ],
  controllers: [InboxController, FailedDeliveriesController, FailedEventsController],
  providers: SERVICES,
  exports: [BullModule, ...SERVICES],
})
export class NotificationsModule {}
