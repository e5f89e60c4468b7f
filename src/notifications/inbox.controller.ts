import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../access/access.decorators';
import { Actor } from '../access/actor';
import { apiPath } from '../infra/http/api-path';
import { UuidParam } from '../infra/http/uuid-param';
import { Inbox } from './inbox';
import {
  ChannelChoicesRequest,
  ChannelView,
  DEFAULT_INBOX_PAGE_SIZE,
  InboxPage,
  InboxQuery,
  MarkedReadView,
  NotificationView,
  UnreadCountView,
} from './notifications.dto';

/** The signed-in user's own inbox and notification settings. */
@ApiTags('notifications')
@ApiBearerAuth()
@Authenticated()
@Controller(apiPath('notifications'))
export class InboxController {
  constructor(private readonly inbox: Inbox) {}

  @Get()
  @ApiOkResponse({ type: InboxPage })
  async list(@CurrentActor() actor: Actor, @Query() query: InboxQuery): Promise<InboxPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_INBOX_PAGE_SIZE;
    const [[items, total], { all: unread, action, info }] = await Promise.all([
      this.inbox.list(actor.userId, {
        unreadOnly: query.unreadOnly ?? false,
        page,
        pageSize,
        category: query.category,
      }),
      this.inbox.unreadByCategory(actor.userId),
    ]);
    return {
      items: items.map(NotificationView.from),
      total,
      page,
      pageSize,
      unread,
      unreadByCategory: { action, info },
    };
  }

  @Get('unread-count')
  @ApiOkResponse({ type: UnreadCountView })
  async unreadCount(@CurrentActor() actor: Actor): Promise<{ unread: number }> {
    return { unread: await this.inbox.unreadCount(actor.userId) };
  }

  /** What following a notification's link does on the web pages; a client that shows the notification calls it. */
  @Post(':notificationId/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Marked as read.' })
  async markRead(@CurrentActor() actor: Actor, @UuidParam('notificationId') notificationId: string): Promise<void> {
    await this.inbox.markRead(actor.userId, notificationId);
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MarkedReadView })
  async markAllRead(@CurrentActor() actor: Actor): Promise<{ marked: number }> {
    return { marked: await this.inbox.markAllRead(actor.userId) };
  }

  /** Per kind of event: immediate e-mail, daily digest, in-app only, or off; the kind's default until chosen. */
  @Get('preferences')
  @ApiOkResponse({ type: [ChannelView] })
  preferences(@CurrentActor() actor: Actor) {
    return this.inbox.channels(actor.userId);
  }

  @Put('preferences')
  @ApiOkResponse({ type: [ChannelView] })
  async choose(@CurrentActor() actor: Actor, @Body() body: ChannelChoicesRequest) {
    await this.inbox.choose(actor, body.choices);
    return this.inbox.channels(actor.userId);
  }
}
