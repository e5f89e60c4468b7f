import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { ReviewAlternate } from './review-alternate.entity';

/** The alternates not yet asked, in the order to ask them; an empty list clears them. */
export class AlternatesRequest {
  @ApiProperty({ type: [String], description: 'user ids of external experts of this organization, first asked first' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'each alternate must be a user id' })
  experts: string[];

  /**
   * The alternates not yet asked as the list was read, in order. Optional, so that clients which send none keep working
   * as before; one sent that is no longer the list (someone saved another since) gets 409 and nothing is done.
   */
  @ApiPropertyOptional({
    type: [String],
    description:
      'The alternates not yet asked as you read them, in order; if another list was saved since, 409 (the list now in `details.currentAlternates`) and nothing is done',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'alternatesRead must be the user ids of the list you read' })
  alternatesRead?: string[];
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
