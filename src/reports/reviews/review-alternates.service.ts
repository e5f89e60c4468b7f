import { BadRequestException, ConflictException, HttpException, Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { OrganizationActor } from '../../access/actor';
import { Role } from '../../access/role';
import { addDays, todayInJapan } from '../../common/dates';
import { MembershipsRepository } from '../../users/memberships.repository';
import { NO_CHANGE, ReportChanges } from '../changes/report-changes';
import { ReportReader } from '../report/report-reader';
import { ReportAction } from '../rules/report-workflow';
import { ReviewAlternate } from './review-alternate.entity';
import { ReviewAlternatesRepository } from './review-alternates.repository';
import { ReviewSettingsRepository } from './review-settings.repository';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

/** Why an assigned expert stopped counting, so that an alternate is asked in their place. */
export type AlternateCause = 'declined' | 'dismissed';

export interface AlternateTrigger {
  /** The outbox event of the decline or dismissal: asking happens once per event. */
  eventId: string;
  organizationId: string;
  reportId: string;
  assignmentId: string;
  cause: AlternateCause;
}

export type AlternateOutcome =
  /** The setting is off, or the report is no longer in expert review: nothing to do. */
  | 'not_applicable'
  /** This event already asked someone. */
  | 'already_invited'
  | 'invited'
  /** Alternates were wanted but none is left who can be asked. */
  | 'none_left';

/** An alternate asked late still has this many days for the opinion (a week, as the first reminder allows). */
export const LATE_ALTERNATE_DAYS = 7;

/** The day an alternate's opinion is due: the replaced expert's, but never less than a week away. */
export function alternateDueDate(replacedDueDate: string, today = todayInJapan()): string {
  const earliest = addDays(today, LATE_ALTERNATE_DAYS);
  return replacedDueDate < earliest ? earliest : replacedDueDate;
}

/** Thrown inside the change when the event already asked someone, to leave no trace of the second run. */
class AlreadyInvited extends ConflictException {}

/**
 * 補欠: per report, the planning division lists external experts in order; when an assigned expert declines or is
 * dismissed and the organization's review settings say so, the next of them is asked through the normal assignment
 * path (audit, invitation mail, reminders), in the name of the planning user who listed them.
 */
@Injectable()
export class ReviewAlternatesService {
  constructor(
    private readonly alternates: ReviewAlternatesRepository,
    private readonly reviews: ReviewsService,
    private readonly assignments: ReviewsRepository,
    private readonly settings: ReviewSettingsRepository,
    private readonly memberships: MembershipsRepository,
    private readonly changes: ReportChanges,
    private readonly reader: ReportReader,
  ) {}

  async list(actor: OrganizationActor, reportId: string): Promise<ReviewAlternate[]> {
    await this.reader.assertVisible(actor, reportId);
    return this.alternates.listOf(actor.organizationId, reportId);
  }

  /**
   * Replaces the alternates not yet asked; each must be an external expert here, not assigned, listed once. The same
   * list again writes nothing, and `changed` says so. Given the list as it was read (`alternatesRead`), another list
   * saved since is not overwritten unseen: 409 with the list as it is now. The list is kept beside the report (no
   * decision on it reads who is waiting to be asked), so saving it leaves the report's version and the forms open on it
   * current.
   */
  async replace(
    actor: OrganizationActor,
    reportId: string,
    experts: string[],
    alternatesRead?: string[],
  ): Promise<{ alternates: ReviewAlternate[]; changed: boolean }> {
    const twice = experts.findIndex((expertUserId, index) => experts.indexOf(expertUserId) !== index);
    if (twice >= 0)
      throw new BadRequestException({
        message: 'An alternate is listed twice.',
        details: [{ path: `/experts/${twice}`, message: 'listed twice' }],
      });
    let changed = false;
    // Under the report's row lock, as assignments and the asking of an alternate are: two lists sent at once are
    // compared and written one after the other, and an expert assigned meanwhile is refused.
    await this.changes.run(
      actor,
      reportId,
      { action: ReportAction.ListAlternates, auditAction: 'alternates.changed' },
      async ({ manager, report, recordDetails }) => {
        await this.reviews.assertAssignable(manager, report, experts);
        const waiting = (await this.alternates.listOf(actor.organizationId, reportId, manager))
          .filter((alternate) => !isAsked(alternate))
          .map((alternate) => alternate.expertUserId);
        // The same list in the same order again (sent twice, or chosen alike by two planners): nothing to write or
        // record, whatever was read, as nothing anyone saved is overwritten.
        if (isDeepStrictEqual(waiting, experts)) return NO_CHANGE;
        if (alternatesRead && !isDeepStrictEqual(alternatesRead, waiting))
          throw new ConflictException({
            message:
              'The alternates were changed since they were read; nothing was saved. Read them again before saving.',
            details: { currentAlternates: waiting },
          });
        await this.alternates.replaceWaiting(
          manager,
          reportId,
          experts.map((expertUserId, index) => ({
            organizationId: actor.organizationId,
            reportId,
            expertUserId,
            position: index + 1,
            listedBy: actor.userId,
          })),
        );
        recordDetails({ from: waiting, to: experts });
        changed = true;
        return [];
      },
    );
    return { alternates: await this.alternates.listOf(actor.organizationId, reportId), changed };
  }

  /** Asks the next alternate in place of a declined or dismissed expert, if the organization wants that. */
  async inviteNext(trigger: AlternateTrigger): Promise<AlternateOutcome> {
    if (!(await this.settings.of(trigger.organizationId)).autoInviteAlternates) return 'not_applicable';
    const listed = await this.alternates.listOf(trigger.organizationId, trigger.reportId);
    // Without a list for this report, the notice of the decline or dismissal says all there is to say.
    if (listed.length === 0) return 'not_applicable';
    if (listed.some((alternate) => alternate.causeEventId === trigger.eventId)) return 'already_invited';
    const waiting = listed.filter((alternate) => !isAsked(alternate));
    for (const candidate of waiting) {
      const outcome = await this.tryInvite(trigger, candidate);
      if (outcome !== 'skipped') return outcome;
    }
    return 'none_left';
  }

  /** One candidate, under the report's row lock; one who can no longer be assigned is passed over. */
  private async tryInvite(
    trigger: AlternateTrigger,
    candidate: ReviewAlternate,
  ): Promise<AlternateOutcome | 'skipped'> {
    const actor = await this.actorFor(trigger, candidate.listedBy);
    try {
      await this.changes.run(
        actor,
        trigger.reportId,
        {
          action: ReportAction.InviteAlternate,
          auditAction: 'alternate.invited',
          auditDetails: {
            alternateExpertUserId: candidate.expertUserId,
            replacedAssignmentId: trigger.assignmentId,
            cause: trigger.cause,
          },
        },
        async ({ manager, report }) => {
          if (await this.alternates.findByCause(manager, trigger.eventId)) throw new AlreadyInvited();
          const replaced = await this.assignments.findAssignment(manager, report.id, trigger.assignmentId);
          if (!replaced) throw new ConflictException('The replaced assignment is gone.');
          const [assignment] = await this.reviews.assignExperts(manager, report, actor, {
            experts: [candidate.expertUserId],
            dueDate: alternateDueDate(replaced.dueDate),
          });
          Object.assign(candidate, {
            invitedAssignmentId: assignment.id,
            replacedAssignmentId: replaced.id,
            causeEventId: trigger.eventId,
          });
          await this.alternates.save(manager, candidate);
          return [
            ...this.reviews.assignedEvents(report, actor, [assignment]),
            // Caused by no one in particular: the planning user named as actor is told too.
            {
              organizationId: report.organizationId,
              type: 'alternate.invited',
              reportId: report.id,
              payload: {
                assignmentId: assignment.id,
                expertUserId: assignment.expertUserId,
                expertName: candidate.expert?.displayName ?? '',
                dueDate: assignment.dueDate,
                replacedAssignmentId: replaced.id,
                cause: trigger.cause,
              },
            },
          ];
        },
      );
      return 'invited';
    } catch (error) {
      if (error instanceof AlreadyInvited) return 'already_invited';
      // The candidate lost the expert role or was assigned meanwhile: the next one is asked.
      if (error instanceof BadRequestException) return 'skipped';
      // The report left expert review, or the lister may no longer assign: no one is asked.
      if (error instanceof HttpException) return 'not_applicable';
      throw error;
    }
  }

  /** The planning user who listed the alternate, with the roles they hold now: the worker acts in their name. */
  private async actorFor(trigger: AlternateTrigger, userId: string): Promise<OrganizationActor> {
    const memberships = await this.memberships.ofUserIn(trigger.organizationId, userId);
    return {
      userId,
      sessionId: `alternate:${trigger.eventId}`,
      organizationId: trigger.organizationId,
      roles: [...new Set(memberships.map((membership) => membership.role))],
      departmentIds: memberships
        .filter((membership) => membership.role === Role.ProjectOwner && membership.departmentId)
        .map((membership) => membership.departmentId!),
      requestId: `outbox:${trigger.eventId}`,
      ipAddress: '',
    };
  }
}

/** Asked already (the row stays as the record of it), rather than waiting its turn. */
export function isAsked(alternate: ReviewAlternate): boolean {
  return alternate.invitedAssignmentId !== null || alternate.causeEventId !== null;
}
