import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsUUID, Matches } from 'class-validator';
import { CONTENT_CHECKSUM, contentChecksum } from '../common/content-checksum';
import { fiscalYearLabel } from '../common/era-input';
import { DateInput, FiscalYearInput } from '../common/input-fields';
import { CYCLE_STATUS_LABELS } from './fiscal-year-cycle.entity';
import { PolicyDecision } from '../reports/report/assessment';
import { AssessmentScale, storedWording } from '../reports/report/assessment-choices';
import { type EndedProject } from './ended-project';
import { CycleStatus, FiscalYearCycle } from './fiscal-year-cycle.entity';

/** More projects than a municipality runs in a year; bounds the request, not the practice. */
const MAX_INCLUDED_PROJECTS = 1000;

export class OpenCycleRequest {
  @FiscalYearInput({ description: 'The fiscal year to verify (2024 or R6)' })
  fiscalYear: number;

  @DateInput({
    example: '2099-05-31',
    description:
      'Deadline for the owning departments to submit: today or later (Japan time), unless the year after the fiscal year (its verification year) is over already',
  })
  submissionDueDate: string;

  @DateInput({ optional: true, example: '2099-07-15', description: "Usual due date for the experts' opinions" })
  reviewDueDate?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Projects to start a draft for although their latest decided ⑧ 今後の方針 ends them (事業の終了 / 事業の中止), ' +
      'e.g. one that ended as planned but still ran this year. Without them such projects get no draft; the response ' +
      'lists them in leftOutProjects.',
  })
  @IsOptional()
  @IsArray({ message: 'includeEndedProjectIds must be a list of project ids' })
  @ArrayMaxSize(MAX_INCLUDED_PROJECTS, {
    message: `includeEndedProjectIds may name at most ${MAX_INCLUDED_PROJECTS} projects`,
  })
  @ArrayUnique({ message: 'includeEndedProjectIds must name each project once' })
  @IsUUID('all', { each: true, message: 'each of includeEndedProjectIds must be a project id' })
  includeEndedProjectIds?: string[];
}

/** A year's deadlines as read: see `contentChecksum`. */
function deadlinesChecksum(cycle: Pick<FiscalYearCycle, 'submissionDueDate' | 'reviewDueDate'>): string {
  return contentChecksum([cycle.submissionDueDate, cycle.reviewDueDate]);
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
  @ApiProperty({ description: 'the deadlines as read, in one value: send it back with the deadlines you change' })
  deadlinesChecksum: string;

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
      deadlinesChecksum: deadlinesChecksum(cycle),
    };
  }
}

/** A project the opening gave no draft, because its latest decided ⑧ ends it. */
export class LeftOutProjectView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() projectName: string;
  @ApiProperty({ description: 'The fiscal year of the report that decided it' }) decidedFiscalYear: number;
  @ApiProperty({ example: 'R5年度' }) decidedFiscalYearLabel: string;
  @ApiProperty({ enum: [PolicyDecision.End, PolicyDecision.Stop], description: 'The national kind of the decision' })
  decision: PolicyDecision;
  @ApiProperty({ example: '事業の終了', description: 'The decision as the municipality worded it when deciding' })
  decisionLabel: string;

  static from({ project, decision }: EndedProject): LeftOutProjectView {
    return {
      projectId: project.id,
      projectNumber: project.projectNumber,
      projectName: project.name,
      decidedFiscalYear: decision.fiscalYear,
      decidedFiscalYearLabel: fiscalYearLabel(decision.fiscalYear),
      decision: decision.decision,
      decisionLabel: storedWording(AssessmentScale.PolicyDecision, decision.decision, { label: decision.label })!.label,
    };
  }
}

export class OpenedCycleView extends CycleView {
  @ApiProperty({
    description:
      'Draft reports started for the projects whose plan period covers the year (and the ended ones named in ' +
      'includeEndedProjectIds)',
  })
  draftsCreated: number;

  @ApiProperty({
    type: [LeftOutProjectView],
    description:
      'Projects covering the year that got no draft because their latest decided ⑧ 今後の方針 ends them ' +
      '(事業の終了 / 事業の中止); start one by hand, or name it in includeEndedProjectIds when opening',
  })
  leftOutProjects: LeftOutProjectView[];
}

export class CycleDeadlinesRequest {
  @DateInput({
    example: '2099-06-15',
    description:
      'The new deadline for the owning departments to submit: today or later (Japan time) if it changes, unless the ' +
      'fiscal year and its verification year are over already',
  })
  submissionDueDate: string;

  @DateInput({
    optional: true,
    example: '2099-07-31',
    description:
      "The new usual due date for the experts' opinions (blank: none); opinions still awaited that were due on the " +
      'previous one move with it, reminders included',
  })
  reviewDueDate?: string;

  @ApiProperty({
    description:
      'the deadlinesChecksum of the year you read (GET …/cycles); if its deadlines were changed since, 409 (the year now in `details.current`) and nothing is changed',
  })
  @Matches(CONTENT_CHECKSUM, { message: 'deadlinesChecksum must be the checksum of the deadlines you read' })
  deadlinesChecksum: string;
}

export class ChangedDeadlinesView extends CycleView {
  @ApiProperty({ description: 'Opinions still awaited whose due date moved with the review due date' })
  movedAssignments: number;
}
