import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsString, MaxLength, MinLength } from 'class-validator';
import { PanelRating, PolicyDecision } from '../report/assessment';

const TEXT_LIMIT = 20000;

export class CommentRequest {
  @ApiProperty({ description: 'Why (shown to the owning department)' })
  @IsString()
  @MinLength(1, { message: 'comment is required' })
  @MaxLength(TEXT_LIMIT)
  comment: string;
}

export class EvaluateRequest {
  @ApiProperty({ enum: PanelRating, description: '⑦ 事業の評価' })
  @IsEnum(PanelRating, { message: `rating must be one of: ${Object.values(PanelRating).join(', ')}` })
  rating: PanelRating;

  @ApiProperty({ description: '⑦ 外部有識者からの意見 (consolidated)' })
  @IsString()
  @MinLength(1, { message: 'opinion is required' })
  @MaxLength(TEXT_LIMIT)
  opinion: string;
}

export class ProposePolicyRequest {
  @ApiProperty({ enum: PolicyDecision, description: '⑧ 今後の方針' })
  @IsEnum(PolicyDecision, { message: `decision must be one of: ${Object.values(PolicyDecision).join(', ')}` })
  decision: PolicyDecision;

  @ApiProperty({ description: '⑧ 今後の方針の理由' })
  @IsString()
  @MinLength(1, { message: 'reason is required' })
  @MaxLength(TEXT_LIMIT)
  reason: string;
}
