import { Injectable } from '@nestjs/common';
import { textOf } from '../common/text';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { OutboxRepository } from '../outbox/outbox.repository';
import { AlternateCause, ReviewAlternatesService } from '../reports/reviews/review-alternates.service';
import { deterministicUuid } from './deterministic-id';

/** The events after which an alternate is asked, and what each means. */
const CAUSES: Record<string, AlternateCause> = {
  'assignment.declined': 'declined',
  'assignment.dismissed': 'dismissed',
};

/**
 * Asks the next listed alternate when an expert declines or is dismissed (src/reports/reviews/review-alternates.service.ts),
 * once per event: the invitation records the event that caused it, and the notice that none is left has an id derived
 * from it.
 */
@Injectable()
export class AlternateInvitations {
  constructor(
    private readonly alternates: ReviewAlternatesService,
    private readonly outbox: OutboxRepository,
  ) {}

  async onEvent(event: OutboxEvent): Promise<void> {
    const cause = CAUSES[event.type];
    const assignmentId = textOf(event.payload.assignmentId);
    if (!cause || !event.reportId || !assignmentId) return;
    const outcome = await this.alternates.inviteNext({
      eventId: event.id,
      organizationId: event.organizationId,
      reportId: event.reportId,
      assignmentId,
      cause,
    });
    if (outcome === 'none_left')
      await this.outbox.enqueueOnce(deterministicUuid(`alternate.none_left:${event.id}`), {
        organizationId: event.organizationId,
        type: 'alternate.none_left',
        reportId: event.reportId,
        payload: { assignmentId, cause },
      });
  }
}
