import type { Queue } from 'bullmq';
import { AuditLog } from '../../../src/audit/audit-log';
import { AppConfig } from '../../../src/infra/config/app-config';
import { Transactions } from '../../../src/infra/database/transactions';
import { DigestMail } from '../../../src/notifications/digest-mail';
import { EmailDelivery } from '../../../src/notifications/email-delivery.entity';
import { EmailDeliveriesRepository } from '../../../src/notifications/email-deliveries.repository';
import { ExpertLinks } from '../../../src/notifications/expert-links';
import { Inbox } from '../../../src/notifications/inbox';
import { type EmailJob, NotificationDelivery } from '../../../src/notifications/notification-delivery';
import { NotificationPreference } from '../../../src/notifications/notification-preference.entity';
import { NotificationPreferencesRepository } from '../../../src/notifications/notification-preferences.repository';
import { NotificationUsersRepository } from '../../../src/notifications/notification-users.repository';
import { Notification } from '../../../src/notifications/notification.entity';
import { NotificationsRepository } from '../../../src/notifications/notifications.repository';
import { Recipients } from '../../../src/notifications/recipients';
import { OrganizationsService } from '../../../src/organizations/organizations.service';
import { OutboxRepository } from '../../../src/outbox/outbox.repository';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
import { ReminderTemplatesRepository } from '../../../src/reports/reviews/reminder-templates.repository';
import type { ReviewLinks } from '../../../src/review-links/review-links';
import { MembershipsRepository } from '../../../src/users/memberships.repository';
import { User } from '../../../src/users/user.entity';
import { UsersService } from '../../../src/users/users.service';
import type { MediumApp } from './medium-app';

/**
 * The notifications' services on a medium app's database, built by hand: their module needs the queues and Redis that
 * medium specs do without.
 */
export function notificationServices(app: MediumApp) {
  const notifications = new NotificationsRepository(app.dataSource.getRepository(Notification));
  const deliveries = new EmailDeliveriesRepository(app.dataSource.getRepository(EmailDelivery));
  const users = new NotificationUsersRepository(app.dataSource.getRepository(User));
  const recipients = new Recipients(app.get(ReportsRepository), app.get(MembershipsRepository), users);
  const digests = new DigestMail(
    app.get(Transactions),
    notifications,
    deliveries,
    users,
    app.get(OrganizationsService),
    app.get(ReportsRepository),
  );
  const inbox = new Inbox(
    notifications,
    new NotificationPreferencesRepository(app.dataSource.getRepository(NotificationPreference)),
    app.get(UsersService),
    app.get(Transactions),
    app.get(AuditLog),
  );
  return { notifications, deliveries, users, recipients, digests, inbox };
}

/**
 * The delivery of events on a medium app's database, handing the mails it writes to `mailQueue` (the worker's queue;
 * nothing is sent). No event delivered so names an assignment, so no personal review link is issued.
 */
export function notificationDelivery(
  app: MediumApp,
  services: ReturnType<typeof notificationServices>,
  mailQueue: Pick<Queue<EmailJob>, 'addBulk'>,
): NotificationDelivery {
  return new NotificationDelivery(
    mailQueue as Queue<EmailJob>,
    app.get(Transactions),
    services.notifications,
    services.deliveries,
    app.get(ReportsRepository),
    services.users,
    services.recipients,
    new ExpertLinks({} as ReviewLinks, app.get(AppConfig)),
    app.get(AppConfig),
    app.get(ReminderTemplatesRepository),
    app.get(OrganizationsService),
    app.get(OutboxRepository),
    services.digests,
  );
}
