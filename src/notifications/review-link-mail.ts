import { Injectable } from '@nestjs/common';
import { fiscalYearLabel } from '../common/era-input';
import { Transactions } from '../infra/database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReportsRepository } from '../reports/report/reports.repository';
import { ReviewLinks } from '../review-links/review-links';
import { deterministicUuid } from './deterministic-id';
import { DeliveryStatus } from './email-delivery.entity';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { AppConfig } from '../infra/config/app-config';
import { personalItem, reviewLinkUrl } from './expert-links';
import { renderNotificationMail } from './mail-content';
import { NotificationDelivery } from './notification-delivery';
import { NotificationUsersRepository } from './notification-users.repository';

/**
 * Turns a review_link.requested event (新しいリンクをメールで受け取る) into a mail with a fresh link to the expert's
 * address on file, whatever their notification settings: they asked for it. As for invitations, the token is made in
 * the transaction that writes the mail. Idempotent: a repeated event finds its mail written.
 */
@Injectable()
export class ReviewLinkMail {
  constructor(
    private readonly transactions: Transactions,
    private readonly links: ReviewLinks,
    private readonly reports: ReportsRepository,
    private readonly users: NotificationUsersRepository,
    private readonly deliveries: EmailDeliveriesRepository,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
  ) {}

  async deliver(event: OutboxEvent): Promise<number> {
    const { assignmentId, expertUserId } = event.payload;
    if (typeof assignmentId !== 'string' || typeof expertUserId !== 'string') return 0;
    const deliveryId = deterministicUuid(`review-link:${event.id}`);
    const [expert, report, organization] = await Promise.all([
      this.users.findById(expertUserId),
      event.reportId ? this.reports.findWithProject(event.reportId) : null,
      this.organizations.get(event.organizationId),
    ]);
    if (!expert || expert.deactivatedAt) return 0;
    if (!(await this.deliveries.findById(deliveryId)))
      await this.transactions.run(async (manager) => {
        const issued = await this.links.issue(manager, assignmentId, expertUserId, event);
        if (!issued) return;
        const subject = report?.project ? `${report.project.name}(${fiscalYearLabel(report.fiscalYear)})` : '';
        await this.deliveries.add(manager, {
          id: deliveryId,
          organizationId: event.organizationId,
          userId: expertUserId,
          notificationId: null,
          toAddress: expert.email,
          ...renderNotificationMail(
            expert.displayName,
            personalItem(
              {
                title: `【新しいリンク】${subject} の意見照会`,
                body: `ご依頼により、${subject} の意見照会を開く新しいリンクをお送りします。お心当たりがない場合は、このメールを破棄してください。`,
                link: '',
              },
              reviewLinkUrl(this.config.baseUrl, issued.token),
              issued.expiresAt,
            ),
            organization.name,
          ),
        });
      });
    const mail = await this.deliveries.findById(deliveryId);
    if (mail?.status === DeliveryStatus.Pending) await this.delivery.enqueueEmails([mail]);
    return mail ? 1 : 0;
  }
}
