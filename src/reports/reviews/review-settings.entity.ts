import { Check, Column, Entity, Index } from 'typeorm';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';

/** Reminder days relative to the due date where a municipality has not set its own (−7 = a week before). */
export const DEFAULT_REMINDER_OFFSETS = [-7, -3, 0, 1, 3];
/** Reminders go out at most this many days before or after the due date. */
export const MAX_REMINDER_OFFSET = 60;
/** How long an expert's one-click link stays valid after the due date, unless the municipality sets otherwise. */
export const DEFAULT_LINK_VALID_DAYS_AFTER_DUE = 30;

/** How one municipality runs its expert reviews: reminders, one-click links, alternates. One row per organization. */
@Entity('review_settings')
@Index(['organizationId'], { unique: true })
@Check('"link_valid_days_after_due" BETWEEN 1 AND 365')
export class ReviewSettings extends OrganizationOwned {
  /** Days relative to the due date on which a reminder goes out, in order (negative: before it). */
  @Column({ type: 'int', array: true, default: () => `'{${DEFAULT_REMINDER_OFFSETS.join(',')}}'` })
  reminderOffsets: number[];

  @Column({ type: 'int', default: DEFAULT_LINK_VALID_DAYS_AFTER_DUE })
  linkValidDaysAfterDue: number;

  /** Whether the next listed alternate is invited when an expert declines or is dismissed (off unless chosen). */
  @Column({ type: 'boolean', default: false })
  autoInviteAlternates: boolean;
}
