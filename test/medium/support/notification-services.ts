import { AuditLog } from '../../../src/audit/audit-log';
import { Transactions } from '../../../src/infra/database/transactions';
import { DigestMail } from '../../../src/notifications/digest-mail';
import { EmailDelivery } from '../../../src/notifications/email-delivery.entity';
import { EmailDeliveriesRepository } from '../../../src/notifications/email-deliveries.repository';
import { Inbox } from '../../../src/notifications/inbox';
import { NotificationPreference } from '../../../src/notifications/notification-preference.entity';
import { NotificationPreferencesRepository } from '../../../src/notifications/notification-preferences.repository';
import { NotificationUsersRepository } from '../../../src/notifications/notification-users.repository';
import { Notification } from '../../../src/notifications/notification.entity';
import { NotificationsRepository } from '../../../src/notifications/notifications.repository';
import { Recipients } from '../../../src/notifications/recipients';
import { OrganizationsService } from '../../../src/organizations/organizations.service';
import { ReportsRepository } from '../../../src/reports/report/reports.repository';
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
