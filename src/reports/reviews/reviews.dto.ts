import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DateInput } from '../../common/era-input';
import { PANEL_RATING_LABELS } from '../report/assessment';
import { PanelRating } from '../report/assessment';
import { CommentKind, ReportComment } from './report-comment.entity';
import { ReviewAssignment } from './review-assignment.entity';
import { AssignmentStatus } from '../rules/assignment-status';

const TEXT_LIMIT = 20000;

export class RespondToAssignmentRequest {
  @ApiProperty({ description: 'true to accept, false to decline' })
  @IsBoolean({ message: 'accept must be true or false' })
  accept: boolean;

  @ApiPropertyOptional({ description: 'why you decline (optional)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class OpinionRequest {
  @ApiProperty({ enum: PanelRating })
  @IsEnum(PanelRating, { message: `rating must be one of: ${Object.values(PanelRating).join(', ')}` })
  rating: PanelRating;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'opinion is required' })
  @MaxLength(TEXT_LIMIT)
  opinion: string;
}

export class MessageRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'body is required' })
  @MaxLength(TEXT_LIMIT)
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
  @ApiProperty() declineReason: string;

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
      declineReason: assignment.declineReason,
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
  @MinLength(1, { message: 'reason is required' })
  @MaxLength(TEXT_LIMIT)
  reason: string;
}
