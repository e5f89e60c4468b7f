import { Column, Entity, Index } from 'typeorm';
import { OrganizationOwned } from '../organizations/organization-owned.entity';

export enum CycleStatus {
  Open = 'open',
  Closed = 'closed',
}

export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = {
  [CycleStatus.Open]: '実施中',
  [CycleStatus.Closed]: '終了',
};

/**
 * A year's round of verification in one municipality: opened by an administrator with its deadlines, it starts a
 * draft report for every project whose plan period covers the year; closed when the year's work is done.
 */
@Entity('fiscal_year_cycles')
@Index(['organizationId', 'fiscalYear'], { unique: true })
export class FiscalYearCycle extends OrganizationOwned {
  @Column({ type: 'int' })
  fiscalYear: number;

  /** When owning departments must submit their reports. */
  @Column({ type: 'date' })
  submissionDueDate: string;

  /** The usual due date for experts' opinions, offered when assigning them. */
  @Column({ type: 'date', nullable: true })
  reviewDueDate: string | null;

  @Column({ type: 'enum', enum: CycleStatus, enumName: 'cycle_status', default: CycleStatus.Open })
  status: CycleStatus;

  @Column({ type: 'uuid' })
  openedBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
