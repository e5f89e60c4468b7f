import { Body, Controller, Get, HttpStatus, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { textOf } from '../common/text';
import { QueryText } from '../infra/http/query-text';
import { UuidParam } from '../infra/http/uuid-param';
import type { Response } from 'express';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Inbox } from '../notifications/inbox';
import {
  DELIVERY_CHANNEL_LABELS,
  NOTIFICATION_CATEGORY_LABELS,
  NotificationCategory,
} from '../notifications/notification-catalogue';
import { DeliveryChannel } from '../notifications/notification-preference.entity';
import { ChannelChoicesRequest } from '../notifications/notifications.dto';
import { ALL_ROLES } from '../access/role';
import { FormBody, formErrors, FormState, formValues, rowIndices, statusOf, text, validated } from './forms';
import { ReportsService } from '../reports/reports.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { organizationPath, reportPath, startPageFor } from './navigation';
import { PageRenderer } from './page-renderer';
import { WebExceptionFilter } from './web-exception.filter';
import { notificationChannelLabel } from './messages/field-labels';
import { pagedList } from './list-query';

const PAGE_SIZE = 20;
const CATEGORIES = [NotificationCategory.Action, NotificationCategory.Info];

/** The path of a notification's link, so it opens on whichever address this site is served from. */
function localLink(link: string): string {
  try {
    const url = new URL(link);
    // "//host" would leave this site: links are the app's own pages only.
    return url.pathname.startsWith('//') ? '/' : `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** 要対応 unless お知らせ is asked for: what waits for the user comes first. */
function tabCategory(tab: unknown): NotificationCategory {
  return textOf(tab) === (NotificationCategory.Info as string)
    ? NotificationCategory.Info
    : NotificationCategory.Action;
}

/** Everyone's notifications (the same inbox as /api/v1/notifications) and how they reach them. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Allow(...ALL_ROLES)
@Controller('o/:organizationId/inbox')
export class InboxPageController {
  constructor(
    private readonly inbox: Inbox,
    private readonly reports: ReportsService,
    private readonly pages: PageRenderer,
    private readonly organizations: OrganizationsService,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: OrganizationActor,
    @QueryText('tab') tab: string,
    @QueryText('page') pageParameter: string,
    @Res() response: Response,
  ): Promise<void> {
    const category = tabCategory(tab);
    const inboxPath = organizationPath(actor.organizationId, 'inbox');
    // This municipality's notices only, as its header and links are; those of the others are a line and a link away.
    const [{ items: notifications, paging }, elsewhere, unread] = await Promise.all([
      pagedList(
        pageParameter,
        PAGE_SIZE,
        (page) =>
          this.inbox.list(actor.userId, { unreadOnly: false, ...page, category, organizationId: actor.organizationId }),
        { tab: category },
      ),
      this.inbox.unreadElsewhere(actor.userId, actor.organizationId),
      this.inbox.unreadByCategory(actor.userId, actor.organizationId),
    ]);
    const names = new Map(
      (await this.organizations.findByIds(elsewhere.map((other) => other.organizationId))).map((organization) => [
        organization.id,
        organization.name,
      ]),
    );
    return this.pages.render(response, 'inbox.njk', {
      category,
      categoryLabel: NOTIFICATION_CATEGORY_LABELS[category],
      unreadHere: unread[category],
      tabs: CATEGORIES.map((each) => ({
        category: each,
        label: NOTIFICATION_CATEGORY_LABELS[each],
        href: `${inboxPath}?tab=${each}`,
        current: each === category,
        unread: unread[each],
      })),
      notifications: notifications.map((notification) => ({
        ...notification,
        // Through the inbox, so that opening a notification marks it read.
        href: `${inboxPath}/${notification.id}/open`,
      })),
      pagination: paging,
      elsewhere: elsewhere.map((other) => ({
        name: names.get(other.organizationId),
        unread: other.unread,
        href: organizationPath(other.organizationId, 'inbox'),
      })),
    });
  }

  /**
   * Opening a notification: marks it read, then goes where it points. One of theirs the inbox no longer lists (of a
   * municipality they have left, or for a role they have lost) leads to their start page, saying why, as an old mail's
   * link may; an id that is not theirs is not found. A GET, so it is an ordinary link (new tab, copy, no JavaScript) —
   * it only changes the user's own read mark and needs the notification's id, which nobody else knows.
   */
  @Get(':notificationId/open')
  async open(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('notificationId') notificationId: string,
    @Res() response: Response,
  ): Promise<void> {
    const notification = await this.inbox.open(actor.userId, notificationId);
    if (!notification)
      return this.pages.redirect(
        response,
        startPageFor(actor.organizationId, actor.roles),
        'notice-no-longer-addressed',
      );
    const link = localLink(notification.link);
    // The report may have closed to them since (an expert who declined, was taken off or dismissed; a deleted draft):
    // their own start page then, saying so, rather than a page that is not found.
    const { organizationId, reportId } = notification;
    if (
      reportId &&
      organizationId === actor.organizationId &&
      link.startsWith(reportPath(organizationId, reportId)) &&
      !(await this.reports.isVisible(actor, reportId))
    )
      return this.pages.redirect(response, startPageFor(organizationId, actor.roles), 'report-no-longer-open');
    this.pages.redirect(response, link);
  }

  @Post('read-all')
  async readAll(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    const category = tabCategory(body.tab);
    await this.inbox.markAllRead(actor.userId, category, actor.organizationId);
    this.pages.redirect(response, this.tabPath(actor, category));
  }

  @Post(':notificationId/read')
  async read(
    @CurrentActor() actor: OrganizationActor,
    @UuidParam('notificationId') notificationId: string,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    await this.inbox.markRead(actor.userId, notificationId);
    this.pages.redirect(response, this.tabPath(actor, tabCategory(body.tab)));
  }

  /** 通知設定: per kind of event that can reach the user's roles here, how (or whether) it reaches them. */
  @Get('settings')
  async settings(@CurrentActor() actor: OrganizationActor, @Res() response: Response): Promise<void> {
    return this.renderSettings(response, actor, new FormState());
  }

  @Post('settings')
  async saveSettings(
    @CurrentActor() actor: OrganizationActor,
    @Body() body: FormBody,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const request = await validated(ChannelChoicesRequest, {
        choices: rowIndices(body, '/choices').map((index) => ({
          eventType: text(body, `/choices/${index}/eventType`),
          channel: text(body, `/choices/${index}/channel`),
        })),
      });
      await this.inbox.choose(actor, request.choices);
    } catch (error) {
      const kinds = await this.inbox.channels(actor.userId, actor.roles);
      const labels = Object.fromEntries(
        kinds.map((kind, index) => [`/choices/${index}/channel`, notificationChannelLabel(kind.label)]),
      );
      const errors = formErrors(error, { '/choices': '通知の種類', ...labels });
      if (!errors) throw error;
      return this.renderSettings(response, actor, new FormState(formValues(body), errors), statusOf(error));
    }
    this.pages.redirect(
      response,
      organizationPath(actor.organizationId, 'inbox/settings'),
      'notification-settings-saved',
    );
  }

  private tabPath(actor: OrganizationActor, category: NotificationCategory): string {
    return `${organizationPath(actor.organizationId, 'inbox')}?tab=${category}`;
  }

  private async renderSettings(
    response: Response,
    actor: OrganizationActor,
    form: FormState,
    status?: HttpStatus,
  ): Promise<void> {
    const channels = await this.inbox.channels(actor.userId, actor.roles);
    const kinds = channels.map((setting, index) => ({
      ...setting,
      index,
      chosen: form.value(`/choices/${index}/channel`) || setting.channel,
      options: Object.values(DeliveryChannel).map((channel) => ({
        value: channel,
        text: `${DELIVERY_CHANNEL_LABELS[channel]}${channel === setting.defaultChannel ? '(標準)' : ''}`,
      })),
    }));
    return this.pages.render(
      response,
      'inbox-settings.njk',
      {
        form,
        errors: form.errors,
        inboxPath: organizationPath(actor.organizationId, 'inbox'),
        groups: CATEGORIES.map((category) => ({
          label: NOTIFICATION_CATEGORY_LABELS[category],
          kinds: kinds.filter((kind) => kind.category === category),
        })).filter((group) => group.kinds.length > 0),
      },
      status,
    );
  }
}
