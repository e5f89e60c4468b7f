import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsIn, IsOptional } from 'class-validator';
import { BooleanQuery, PageNumber, PageSize } from '../common/input-fields';
import { NestedRequest } from '../common/validators';
import { ListPage } from '../infra/http/list-page';
import type { FailedDelivery } from './failed-deliveries';
import { categoryOf, kindLabel, NOTIFICATION_KINDS, NotificationCategory } from './notification-catalogue';
import type { OutboxEvent } from '../outbox/outbox-event.entity';
import { Notification } from './notification.entity';
import { DeliveryChannel } from './notification-preference.entity';

export const DEFAULT_INBOX_PAGE_SIZE = 20;

export class InboxQuery {
  @BooleanQuery('true: unread notifications only; left out or false: read ones too') unreadOnly?: boolean;
  @PageNumber() page?: number;
  @PageSize(DEFAULT_INBOX_PAGE_SIZE, 100) pageSize?: number;

  @ApiPropertyOptional({ enum: NotificationCategory, description: 'action: 要対応 only; info: お知らせ only.' })
  @IsOptional()
  @IsEnum(NotificationCategory, {
    message: `category must be one of: ${Object.values(NotificationCategory).join(', ')}`,
  })
  category?: NotificationCategory;
}

export class NotificationView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty({ example: 'report.submitted' }) type: string;
  @ApiProperty({
    enum: NotificationCategory,
    description: 'action (要対応): asks the recipient to act; info (お知らせ): to read.',
  })
  category: NotificationCategory;
  @ApiProperty({ nullable: true, type: String }) reportId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() link: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '対応済み: what a 要対応 notification asked for has happened or can no longer happen; it is read too.',
  })
  settledAt: string | null;

  static from(notification: Notification): NotificationView {
    const { id, organizationId, type, reportId, title, body, link, createdAt, readAt, settledAt } = notification;
    return {
      id,
      organizationId,
      type,
      category: categoryOf(type),
      reportId,
      title,
      body,
      link,
      createdAt: createdAt.toISOString(),
      readAt: readAt?.toISOString() ?? null,
      settledAt: settledAt?.toISOString() ?? null,
    };
  }
}

export class UnreadCountView {
  @ApiProperty() unread: number;
}

export class UnreadByCategoryView {
  @ApiProperty() action: number;
  @ApiProperty() info: number;
}

export class InboxPage extends ListPage {
  @ApiProperty() unread: number;
  @ApiProperty({ type: UnreadByCategoryView }) unreadByCategory: UnreadByCategoryView;
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
}

export class MarkedReadView {
  @ApiProperty() marked: number;
}

export class ChannelChoice {
  @ApiProperty({ enum: Object.keys(NOTIFICATION_KINDS) })
  @IsIn(Object.keys(NOTIFICATION_KINDS), { message: 'eventType must be a known kind of notification' })
  eventType: string;

  @ApiProperty({ enum: DeliveryChannel })
  @IsEnum(DeliveryChannel, { message: `channel must be one of: ${Object.values(DeliveryChannel).join(', ')}` })
  channel: DeliveryChannel;
}

export class ChannelView extends ChannelChoice {
  @ApiProperty({ example: '報告の提出' }) label: string;
  @ApiProperty({ enum: NotificationCategory }) category: NotificationCategory;
  @ApiProperty({ enum: DeliveryChannel, description: 'The channel while the user has not chosen one.' })
  defaultChannel: DeliveryChannel;
}

export class ChannelChoicesRequest {
  @ApiProperty({ type: [ChannelChoice] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique((choice: Partial<ChannelChoice> | null) => choice?.eventType, {
    message: 'choices must name each eventType at most once',
  })
  @NestedRequest(() => ChannelChoice, { each: true })
  choices: ChannelChoice[];
}

export class FailedDeliveryView {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for an invitation.' }) userId: string | null;
  @ApiProperty() toAddress: string;
  @ApiProperty() subject: string;
  @ApiProperty({
    description:
      "A daily digest, listed for the municipality of its oldest notice. Its open items also go into the recipient's next digest; resent first, it takes them back.",
  })
  digest: boolean;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() updatedAt: string;
  @ApiProperty({
    description:
      'What the e-mail asked for has been settled since (対応済み: every notification it is about; of a digest, each in this municipality settled or gone into a later digest): nothing to resend.',
  })
  requestSettled: boolean;

  static from(delivery: FailedDelivery): FailedDeliveryView {
    const { id, userId, toAddress, subject, digest, attempts, lastError, updatedAt, requestSettled } = delivery;
    return {
      id,
      userId,
      toAddress,
      subject,
      digest,
      attempts,
      lastError,
      updatedAt: updatedAt.toISOString(),
      requestSettled,
    };
  }
}

export class FailedEventView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'report.submitted' }) type: string;
  @ApiProperty({
    example: '報告の提出',
    description: 'The kind of notification or mail, in Japanese; その他の通知（type） for a type in neither list.',
  })
  label: string;
  @ApiProperty({ nullable: true, type: String }) reportId: string | null;
  @ApiProperty({ description: 'When the workflow step happened.' }) createdAt: string;
  @ApiProperty({ description: 'When its last attempt failed.' }) failedAt: string;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;

  static from(event: OutboxEvent): FailedEventView {
    const { id, type, reportId, createdAt, failedAt, lastError } = event;
    return {
      id,
      type,
      label: kindLabel(type),
      reportId,
      createdAt: createdAt.toISOString(),
      failedAt: failedAt!.toISOString(),
      lastError,
    };
  }
}
