import { ApiProperty } from '@nestjs/swagger';
import { fiscalYearLabel } from '../common/era-input';
import { DateInput, FiscalYearInput } from '../common/input-fields';
import { CYCLE_STATUS_LABELS } from './fiscal-year-cycle.entity';
import { CycleStatus, FiscalYearCycle } from './fiscal-year-cycle.entity';

export class OpenCycleRequest {
  @FiscalYearInput({ description: 'The fiscal year to verify (2024 or R6)' })
  fiscalYear: number;

  @DateInput({ example: '2025-05-31', description: 'Deadline for the owning departments to submit' })
  submissionDueDate: string;

  @DateInput({ optional: true, example: '2025-07-15', description: "Usual due date for the experts' opinions" })
  reviewDueDate?: string;
}

export class CycleView {
  @ApiProperty() id: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R6年度' }) fiscalYearLabel: string;
  @ApiProperty() submissionDueDate: string;
  @ApiProperty({ nullable: true, type: String }) reviewDueDate: string | null;
  @ApiProperty({ enum: CycleStatus }) status: CycleStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty() openedAt: string;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;

  static from(cycle: FiscalYearCycle): CycleView {
    return {
      id: cycle.id,
      fiscalYear: cycle.fiscalYear,
      fiscalYearLabel: fiscalYearLabel(cycle.fiscalYear),
      submissionDueDate: cycle.submissionDueDate,
      reviewDueDate: cycle.reviewDueDate,
      status: cycle.status,
      statusLabel: CYCLE_STATUS_LABELS[cycle.status],
      openedAt: cycle.createdAt.toISOString(),
      closedAt: cycle.closedAt?.toISOString() ?? null,
    };
  }
}

export class OpenedCycleView extends CycleView {
  @ApiProperty({ description: 'Draft reports started for the projects whose plan period covers the year' })
  draftsCreated: number;
}

export class CycleDeadlinesRequest {
  @DateInput({ example: '2025-06-15', description: 'The new deadline for the owning departments to submit' })
  submissionDueDate: string;

  @DateInput({
    optional: true,
    example: '2025-07-31',
    description:
      "The new usual due date for the experts' opinions (blank: none); opinions still awaited that were due on the " +
      'previous one move with it, reminders included',
  })
  reviewDueDate?: string;
}

export class ChangedDeadlinesView extends CycleView {
  @ApiProperty({ description: 'Opinions still awaited whose due date moved with the review due date' })
  movedAssignments: number;
}
