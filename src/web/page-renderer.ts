import { HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Actor } from '../access/actor';
import { textOf } from '../common/text';
import { Inbox } from '../notifications/inbox';
import { Organization } from '../organizations/organization.entity';
import { UsersService } from '../users/users.service';
import { CSRF_FIELD } from '../auth/csrf-protection';
import { NOTICES } from './messages/notices';
import { navigationFor, organizationPath } from './navigation';
import { linkSessionLayout } from './link-session';

/** Renders a page inside the layout: who is signed in, where, their navigation, unread count and the CSRF token. */
@Injectable()
export class PageRenderer {
  constructor(
    private readonly users: UsersService,
    private readonly inbox: Inbox,
  ) {}

  async render(
    response: Response,
    template: string,
    data: Record<string, unknown> = {},
    status: HttpStatus = HttpStatus.OK,
  ): Promise<void> {
    const request = response.req;
    const context = {
      ...(request.actor ? await this.layout(request, request.actor) : {}),
      csrf: { field: CSRF_FIELD, token: request.csrfToken?.() ?? '' },
      notice: NOTICES[textOf(request.query.notice)],
      ...data,
    };
    const html = await new Promise<string>((resolve, reject) =>
      response.render(template, context, (error, output) => (error ? reject(error) : resolve(output))),
    );
    response.status(status).type('html').send(html);
  }

  /** A piece of a page, without the layout, for htmx to swap in. */
  async renderFragment(response: Response, template: string, data: Record<string, unknown>): Promise<void> {
    const html = await new Promise<string>((resolve, reject) =>
      response.render(template, data, (error, output) => (error ? reject(error) : resolve(output))),
    );
    response.type('html').send(html);
  }

  /** Sends a browser that posted a form on to its next page (303: the next request is a GET). */
  redirect(response: Response, location: string, notice?: string): void {
    const [path, anchor] = location.split('#');
    const query = notice ? `${path.includes('?') ? '&' : '?'}notice=${encodeURIComponent(notice)}` : '';
    response.redirect(HttpStatus.SEE_OTHER, `${path}${query}${anchor ? `#${anchor}` : ''}`);
  }

  private async layout(request: Request, actor: Actor) {
    const [user, unread] = await Promise.all([
      this.users.getWithMemberships(actor.userId),
      // The badge counts the open municipality's notices, as its inbox lists them.
      this.inbox.unreadCount(actor.userId, actor.organizationId),
    ]);
    const memberships = user.memberships ?? [];
    const organizations = [
      ...new Map(memberships.map((membership) => [membership.organizationId, membership.organization!])).values(),
    ];
    const organization: Organization | undefined = organizations.find(
      (candidate) => candidate.id === actor.organizationId,
    );
    const roles = memberships
      .filter((membership) => membership.organizationId === organization?.id)
      .map((membership) => membership.role);
    if (actor.linkScope)
      return {
        ...linkSessionLayout(request.path, actor.linkScope),
        user: { displayName: user.displayName, email: user.email },
        organization,
      };
    return {
      user: { displayName: user.displayName, email: user.email },
      organization,
      organizations,
      roles,
      navigation: organization ? navigationFor(organization.id, roles, request.path) : [],
      inbox: organization
        ? {
            href: organizationPath(organization.id, 'inbox'),
            unread,
            current: request.path === organizationPath(organization.id, 'inbox'),
          }
        : undefined,
    };
  }
}
