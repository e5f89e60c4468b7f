import { Injectable } from '@nestjs/common';
import { japaneseDate } from '../common/dates';
import { fiscalYearLabel } from '../common/era-input';
import { textOf } from '../common/text';
import { AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReportsRepository } from '../reports/report/reports.repository';
import { deterministicUuid } from './deterministic-id';
import { DeliveryStatus } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { renderNotificationMail } from './mail-content';
import { assignmentsPage } from './notification-catalogue';
import { NotificationDelivery } from './notification-delivery';
import { NotificationUsersRepository } from './notification-users.repository';
import { reviewCalendarAttachments } from './review-calendar';

/**
 * 辞退を受け付けました: no one is told of their own act, but the due date an expert's invitation put in their calendar
 * would stay there once they decline. So an expert who was mailed the entry gets a confirmation carrying its
 * cancellation, whatever their notification settings (it takes out what a mail put in); one who was mailed none is
 * mailed nothing. Idempotent: a repeated event finds its mail written.
 */
@Injectable()
export class DeclineConfirmationMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly reports: ReportsRepository,
    private readonly users: NotificationUsersRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
  ) {}

  async onEvent(event: OutboxEvent): Promise<void> {
    const { assignmentId, expertUserId, dueDate } = event.payload;
    if (event.type !== 'assignment.declined' || typeof assignmentId !== 'string' || typeof expertUserId !== 'string')
      return;
    const deliveryId = deterministicUuid(`decline-confirmation:${event.id}`);
    if (!(await this.deliveries.findById(deliveryId))) {
      const [expert, report, entrySent] = await Promise.all([
        this.users.findById(expertUserId),
        event.reportId ? this.reports.findWithProject(event.reportId) : null,
        this.deliveries.calendarEntrySent(expertUserId, assignmentId),
      ]);
      if (!expert || expert.deactivatedAt || !entrySent) return;
      const projectName = report?.project?.name ?? '';
      const subject = report ? `${projectName}(${fiscalYearLabel(report.fiscalYear)})` : '';
      const link = `${this.config.baseUrl}${assignmentsPage(event)}`;
      const recipient = { userId: expert.id, email: expert.email, displayName: expert.displayName };
      const { baseUrl, mailFrom } = this.config;
      const attachments = reviewCalendarAttachments(event, recipient, { projectName, link, baseUrl, mailFrom });
      if (attachments.length === 0) return;
      const organization = await this.organizations.get(event.organizationId);
      await this.transactions.run((manager) =>
        this.deliveries.add(manager, {
          id: deliveryId,
          organizationId: event.organizationId,
          userId: expert.id,
          notificationId: null,
          toAddress: expert.email,
          ...renderNotificationMail(
            expert.displayName,
            {
              title: `【辞退の受付】${subject}`,
              body:
                `${subject} の意見照会について、辞退を受け付けました。ご検討いただき、ありがとうございました。` +
                `カレンダーに登録された意見提出期限(${japaneseDate(textOf(dueDate))})の予定は、このメールで取り消します。`,
              link,
            },
            organization.name,
          ),
          attachments,
        }),
      );
    }
    const mail = await this.deliveries.findById(deliveryId);
    if (mail?.status === DeliveryStatus.Pending) await this.delivery.enqueueEmails([mail]);
  }
}
