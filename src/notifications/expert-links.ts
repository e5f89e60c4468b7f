import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { untilLabel } from '../common/dates';
import { AppConfig } from '../infra/config/app-config';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { ReviewLinks } from '../review-links/review-links';
import { MailItem } from './mail-content';

/** Where an expert's one-click link goes: the page that opens the assignment with a button (never on a mere GET). */
export function reviewLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/review-links/${token}`;
}

/** Events that end an assignment for good: its links stop working and their sessions end. */
const ENDING_EVENTS = ['assignment.removed', 'assignment.dismissed'];

/**
 * The experts' one-click links in their mails: every mail to the expert named by an event about their assignment
 * carries a link of its own, issued in the transaction that writes the mail, so the token exists only in the mail.
 * The inbox row keeps the usual report link (it is read signed in).
 */
@Injectable()
export class ExpertLinks {
  constructor(
    private readonly links: ReviewLinks,
    private readonly config: AppConfig,
  ) {}

  /** The mail's item for the person: with a personal link if the event is about their own assignment. */
  async mailItem(manager: EntityManager, event: OutboxEvent, userId: string, item: MailItem): Promise<MailItem> {
    const { assignmentId, expertUserId } = event.payload;
    if (typeof assignmentId !== 'string' || expertUserId !== userId) return item;
    const issued = await this.links.issue(manager, assignmentId, userId, event);
    return issued ? personalItem(item, reviewLinkUrl(this.config.baseUrl, issued.token), issued.expiresAt) : item;
  }

  /** After an event is delivered: links follow a moved due date and end with their assignment. */
  async onEvent(event: OutboxEvent): Promise<void> {
    const assignmentId = event.payload.assignmentId;
    if (typeof assignmentId !== 'string') return;
    if (event.type === 'assignment.due_date_changed') await this.links.followDueDate(assignmentId, event);
    if (ENDING_EVENTS.includes(event.type)) await this.links.revokeForEndedAssignment(assignmentId, event.type);
  }
}

/** The item with the personal link, and a word on what it is for and how long it works. */
export function personalItem(item: MailItem, link: string, expiresAt: Date): MailItem {
  return {
    ...item,
    body:
      `${item.body}\n\n下のリンクから、パスワードなしでこの依頼の報告書を開けます(${untilLabel(expiresAt)}有効)。` +
      'このリンクはあなた専用です。他の人に転送しないでください。',
    link,
  };
}
