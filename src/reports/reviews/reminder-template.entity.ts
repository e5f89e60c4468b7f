import { Column, Entity, Index } from 'typeorm';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';
import { ReminderKind } from './reminder-templates';

/** A municipality's own wording of one kind of reminder; without a row the default wording applies. */
@Entity('reminder_templates')
@Index(['organizationId', 'kind'], { unique: true })
export class ReminderTemplate extends OrganizationOwned {
  @Column({ type: 'enum', enum: ReminderKind, enumName: 'reminder_kind' })
  kind: ReminderKind;

  /** May hold {{氏名}} and the other placeholders of REMINDER_PLACEHOLDERS, replaced when the reminder is sent. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;
}
