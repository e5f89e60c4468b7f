import { applyDecorators } from '@nestjs/common';
import { EmailInput, MaxTextLength } from '../../common/input-fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  ValidateIf,
} from 'class-validator';
import { DateInput, FiscalYearInput } from '../../common/input-fields';
import { NestedRequest, NotBlank } from '../../common/validators';
import {
  CONFLICT_OF_INTEREST_LABELS,
  ConflictOfInterest,
  DECLINE_REASON_LABELS,
  DeclineReason,
  type SuggestedExpert,
} from '../rules/assignment-answer';
import { PANEL_RATING_LABELS } from '../report/assessment';
import { PanelRating } from '../report/assessment';
import { CommentKind, ReportComment } from './report-comment.entity';
import { ReviewAssignment } from './review-assignment.entity';
import { type ExpertStatistics } from './reviews.repository';
import {
  ASSIGNMENT_STATUS_LABELS,
  AssignmentStatus,
  DISMISSIBLE_ASSIGNMENT_STATUSES,
} from '../rules/assignment-status';
import { MAX_TEXT_LENGTH } from '../../common/text-limits';

/** Someone a declining expert suggests asking instead. */
export class SuggestedExpertRequest {
  @ApiProperty()
  @IsString()
  @NotBlank()
  @MaxTextLength(200)
  name: string;

  @EmailInput({ maxLength: 320 })
  email: string;

  @ApiPropertyOptional({ description: 'e.g. 〇〇大学経済学部' })
  @IsOptional()
  @IsString()
  @MaxTextLength(200)
  affiliation?: string;
}

/** A text that must be given (in this case), up to 2000 characters. */
const RequiredText = (field: string, when: string) =>
  applyDecorators(NotBlank(`${field} is required ${when}`), MaxTextLength(2000));

const accepting = (request: RespondToAssignmentRequest) => request.accept === true;
const declining = (request: RespondToAssignmentRequest) => request.accept === false;

/**
 * Accepting declares any conflict of interest (none, or declared with what it is); declining says why (時間がない,
 * 利害関係がある, 専門外, その他 with text) and may suggest someone else.
 */
export class RespondToAssignmentRequest {
  @ApiProperty({ description: 'true to accept, false to decline' })
  @IsBoolean({ message: 'accept must be true or false' })
  accept: boolean;

  @ApiPropertyOptional({
    enum: ConflictOfInterest,
    description: `Required when accepting: ${Object.entries(CONFLICT_OF_INTEREST_LABELS)
      .map(([value, label]) => `${value} (${label})`)
      .join(', ')}`,
  })
  @ValidateIf(accepting)
  @IsEnum(ConflictOfInterest, {
    message: `conflictOfInterest is required when accepting and must be one of: ${Object.values(ConflictOfInterest).join(', ')}`,
  })
  conflictOfInterest?: ConflictOfInterest;

  @ApiPropertyOptional({ description: 'What the conflict is; required when conflictOfInterest is declared' })
  @ValidateIf(
    (request: RespondToAssignmentRequest) =>
      accepting(request) && request.conflictOfInterest === ConflictOfInterest.Declared,
  )
  @RequiredText('conflictOfInterestDetails', 'when a conflict of interest is declared')
  conflictOfInterestDetails?: string;

  @ApiPropertyOptional({
    enum: DeclineReason,
    description: `Required when declining: ${Object.entries(DECLINE_REASON_LABELS)
      .map(([value, label]) => `${value} (${label})`)
      .join(', ')}`,
  })
  @ValidateIf(declining)
  @IsEnum(DeclineReason, {
    message: `declineReasonKind is required when declining and must be one of: ${Object.values(DeclineReason).join(', ')}`,
  })
  declineReasonKind?: DeclineReason;

  @ApiPropertyOptional({ description: 'Why you decline, in your words; required with the reason other (その他)' })
  @ValidateIf(
    (request: RespondToAssignmentRequest) =>
      request.reason !== undefined || request.declineReasonKind === DeclineReason.Other,
  )
  @RequiredText('reason', 'when the reason is other')
  reason?: string;

  @ApiPropertyOptional({ type: SuggestedExpertRequest, description: 'Someone you suggest asking instead (declining)' })
  @IsOptional()
  @NestedRequest(() => SuggestedExpertRequest)
  suggestedExpert?: SuggestedExpertRequest;
}

export class DismissAssignmentRequest {
  @ApiProperty({ description: 'Why the assignment is closed (未回答で解除); kept on it and in the audit log' })
  @IsString()
  @NotBlank()
  @MaxTextLength(2000)
  note: string;

  /**
   * What the dismissal was decided on. Optional, so that clients which send none keep working as before; one sent
   * that is no longer the assignment's status (the expert accepted meanwhile) gets 409 and nothing is done.
   */
  @ApiPropertyOptional({
    enum: DISMISSIBLE_ASSIGNMENT_STATUSES,
    description: "The assignment's status as you read it; if the expert answered since, 409 and nothing is done",
  })
  @IsOptional()
  @IsIn(DISMISSIBLE_ASSIGNMENT_STATUSES, { message: 'statusRead must be pending or accepted' })
  statusRead?: AssignmentStatus;
}

export class ReopenAssignmentRequest {
  @DateInput({
    optional: true,
    description: 'New due date (Japan time); the old one is kept when left out and still in the future',
  })
  dueDate?: string;
}

/** An expert's rating and opinion, as they give it or as the planning division records it on their behalf. */
export class OpinionText {
  @ApiProperty({ enum: PanelRating })
  @IsEnum(PanelRating, { message: `rating must be one of: ${Object.values(PanelRating).join(', ')}` })
  rating: PanelRating;

  @ApiProperty()
  @IsString()
  @NotBlank()
  @MaxTextLength(MAX_TEXT_LENGTH)
  opinion: string;
}

export class OpinionRequest extends OpinionText {
  /**
   * Which opinion the expert wrote over: required, so that no client overwrites unseen an opinion saved since it read
   * the assignment (another tab, or the planning division recording one on the expert's behalf). The assignment's own
   * stamp rather than the report's version, which every expert's opinion and the review's other changes move.
   */
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      "The assignment's opinionSubmittedAt as you read it, null when it had no opinion yet; if an opinion was saved since, 409 (the opinion now in `details.currentOpinion`) and nothing is saved",
  })
  @ValidateIf((request: OpinionRequest) => request.opinionSubmittedAtRead !== null)
  @IsISO8601(
    { strict: true },
    { message: 'opinionSubmittedAtRead must be the opinionSubmittedAt you read, or null before the first opinion' },
  )
  opinionSubmittedAtRead: string | null;
}

export class MessageRequest {
  @ApiProperty()
  @IsString()
  @NotBlank()
  @MaxTextLength(MAX_TEXT_LENGTH)
  body: string;
}

export class AssignmentView {
  @ApiProperty() id: string;
  @ApiProperty() reportId: string;
  @ApiProperty() expertUserId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) expertName: string | null;
  @ApiProperty({ example: '2026-12-15' }) dueDate: string;
  @ApiProperty({ enum: AssignmentStatus }) status: AssignmentStatus;
  @ApiProperty({ enum: PanelRating, nullable: true }) rating: PanelRating | null;
  @ApiProperty({ nullable: true, type: String }) ratingLabel: string | null;
  @ApiProperty() opinion: string;
  @ApiProperty({ nullable: true, type: String }) opinionSubmittedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when the expert was last reminded (最終催促)' })
  lastRemindedAt: string | null;
  @ApiProperty({ description: 'The expert’s own words on declining' }) declineReason: string;
  @ApiProperty({ enum: DeclineReason, nullable: true }) declineReasonKind: DeclineReason | null;
  @ApiProperty({ nullable: true, type: String }) declineReasonLabel: string | null;
  @ApiProperty({ type: SuggestedExpertRequest, nullable: true }) suggestedExpert: SuggestedExpert | null;
  @ApiProperty({ enum: ConflictOfInterest, nullable: true, description: 'Declared on accepting' })
  conflictOfInterest: ConflictOfInterest | null;
  @ApiProperty({ description: 'What the declared conflict of interest is, for planning to weigh' })
  conflictOfInterestDetails: string;
  @ApiProperty({ description: 'The expert declared a conflict of interest (利害関係の申告あり)' })
  conflictDeclared: boolean;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ description: 'Why planning closed the assignment (未回答で解除)' }) dismissalNote: string;
  @ApiProperty({ nullable: true, type: String }) dismissedAt: string | null;

  static from(assignment: ReviewAssignment): AssignmentView {
    return {
      id: assignment.id,
      reportId: assignment.reportId,
      expertUserId: assignment.expertUserId,
      expertName: assignment.expert?.displayName ?? null,
      dueDate: assignment.dueDate,
      status: assignment.status,
      rating: assignment.rating,
      ratingLabel: assignment.rating ? PANEL_RATING_LABELS[assignment.rating] : null,
      opinion: assignment.opinion,
      opinionSubmittedAt: assignment.opinionSubmittedAt?.toISOString() ?? null,
      lastRemindedAt: assignment.lastRemindedAt?.toISOString() ?? null,
      declineReason: assignment.declineReason,
      declineReasonKind: assignment.declineReasonKind,
      declineReasonLabel: assignment.declineReasonKind ? DECLINE_REASON_LABELS[assignment.declineReasonKind] : null,
      suggestedExpert: assignment.suggestedExpert,
      conflictOfInterest: assignment.conflictOfInterest,
      conflictOfInterestDetails: assignment.conflictOfInterestDetails,
      conflictDeclared: assignment.conflictOfInterest === ConflictOfInterest.Declared,
      statusLabel: ASSIGNMENT_STATUS_LABELS[assignment.status],
      dismissalNote: assignment.dismissalNote,
      dismissedAt: assignment.dismissedAt?.toISOString() ?? null,
    };
  }
}

export class OpinionsView {
  @ApiProperty({ type: [AssignmentView] }) opinions: AssignmentView[];
  @ApiProperty({ description: 'The individual opinions joined, to start the consolidated opinion (⑦) from' })
  suggestedOpinion: string;
  @ApiProperty({ description: 'Every active assignment has an opinion' }) allExpertsDone: boolean;
}

export class CommentView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: CommentKind }) kind: CommentKind;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty() authorUserId: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: string;

  static from(comment: ReportComment): CommentView {
    return {
      id: comment.id,
      kind: comment.kind,
      parentId: comment.parentId,
      authorUserId: comment.authorUserId,
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
    };
  }
}

export class AssignExpertsRequest {
  @ApiProperty({ type: [String], description: 'user ids of external experts of this organization' })
  @IsArray()
  @ArrayMinSize(1, { message: 'experts must name at least one expert' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each expert must be a user id' })
  experts: string[];

  @DateInput({ description: 'Due date of the opinions (Japan time)' })
  dueDate: string;
}

export class ReasonRequest {
  @ApiProperty()
  @IsString()
  @NotBlank()
  @MaxTextLength(MAX_TEXT_LENGTH)
  reason: string;
}

export class ExpertStatisticsQuery {
  @FiscalYearInput({
    optional: true,
    description: 'Only requests on reports of this fiscal year; all years when left out',
  })
  fiscalYear?: number;
}

/** How one expert has answered the organization's requests for opinions. */
export class ExpertStatisticsView {
  @ApiProperty() expertUserId: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The account is deactivated (someone who left the panel)' }) deactivated: boolean;
  @ApiProperty({ description: 'No longer a member (元メンバー): listed for the opinions they gave in the period' })
  formerMember: boolean;
  @ApiProperty({ description: 'Requests for an opinion (removals by an administrator not counted)' })
  invitations: number;
  @ApiProperty() accepted: number;
  @ApiProperty() declined: number;
  @ApiProperty({ enum: DeclineReason, nullable: true }) lastDeclineReasonKind: DeclineReason | null;
  @ApiProperty({ nullable: true, type: String }) lastDeclineReasonLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) lastDeclinedAt: string | null;
  @ApiProperty({ description: '未回答で解除' }) dismissed: number;
  @ApiProperty({ description: 'Opinions awaited past their due date on reports in review' }) overdue: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median days from the request to the opinion' })
  medianDaysToOpinion: number | null;

  static from(statistics: ExpertStatistics): ExpertStatisticsView {
    return {
      ...statistics,
      lastDeclineReasonLabel: statistics.lastDeclineReasonKind
        ? DECLINE_REASON_LABELS[statistics.lastDeclineReasonKind]
        : null,
      lastDeclinedAt: statistics.lastDeclinedAt?.toISOString() ?? null,
    };
  }
}
