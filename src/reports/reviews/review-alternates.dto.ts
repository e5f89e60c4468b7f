import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { ReadVersion } from '../../common/input-fields';
import { ReviewAlternate } from './review-alternate.entity';

/** The alternates not yet asked, in the order to ask them; an empty list clears them. */
export class AlternatesRequest {
  @ApiProperty({ type: [String], description: 'user ids of external experts of this organization, first asked first' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each alternate must be a user id' })
  experts: string[];

  /** The report's version the list was read with: a list changed since (by anyone) is not overwritten unseen. */
  @ReadVersion() version?: number;
}

export class AlternateView {
  @ApiProperty() expertUserId: string;
  @ApiProperty({ nullable: true, type: String }) expertName: string | null;
  @ApiProperty({ description: '1 is asked first' }) position: number;
  @ApiProperty({ nullable: true, type: String, description: 'The assignment made when asked; null while waiting' })
  invitedAssignmentId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The declined or dismissed assignment they replaced' })
  replacedAssignmentId: string | null;

  static from(alternate: ReviewAlternate): AlternateView {
    return {
      expertUserId: alternate.expertUserId,
      expertName: alternate.expert?.displayName ?? null,
      position: alternate.position,
      invitedAssignmentId: alternate.invitedAssignmentId,
      replacedAssignmentId: alternate.replacedAssignmentId,
    };
  }
}
