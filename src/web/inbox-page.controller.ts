import { Controller, Get, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { pageParameterOf } from '../common/number-input';
import { UuidParam } from '../infra/http/uuid-param';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Inbox } from '../notifications/inbox';
import { ALL_ROLES } from '../access/role';
import { organizationPath } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';

const PAGE_SIZE = 20;

/** The path of a notification's link, so it opens on whichever address this site is served from. */
function localLink(link: string): string {
  try {
    const url = new URL(link);
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** Everyone's notifications (the same inbox as /api/v1/notifications). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(...ALL_ROLES)
@Controller('o/:organizationId/inbox')
export class InboxPageController {
  constructor(
    private readonly inbox: Inbox,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: OrganizationActor,
    @Query('page') pageParameter: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const page = pageParameterOf(pageParameter);
    const [notifications, total] = await this.inbox.list(actor.userId, {
      unreadOnly: false,
      page,
      pageSize: PAGE_SIZE,
    });
    return this.pages.render(response, 'inbox.njk', {
      notifications: notifications.map((notification) => ({ ...notification, href: localLink(notification.link) })),
      pagination: { page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total },
    });
  }

  @Post('read-all')
  async readAll(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    await this.inbox.markAllRead(actor.userId);
    this.pages.redirect(response, organizationPath(actor.organizationId, 'inbox'));
  }

  @Post(':notificationId/read')
  async read(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('notificationId') notificationId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.inbox.markRead(actor.userId, notificationId);
    this.pages.redirect(response, organizationPath(actor.organizationId, 'inbox'));
  }
}
