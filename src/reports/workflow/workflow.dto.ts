import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PanelRating, PolicyDecision } from '../report/assessment';
import { AssessmentOptionKey } from '../report/assessment-option-key';

const TEXT_LIMIT = 20000;

export class CommentRequest {
  @ApiProperty({ description: 'Why (shown to the owning department)' })
  @IsString()
  @MinLength(1, { message: 'comment is required' })
  @MaxLength(TEXT_LIMIT)
  comment: string;
}

export class EvaluateRequest {
  @AssessmentOptionKey('⑦ 事業の評価', PanelRating)
  rating: string;

  @ApiProperty({ description: '⑦ 外部有識者からの意見 (consolidated)' })
  @IsString()
  @MinLength(1, { message: 'opinion is required' })
  @MaxLength(TEXT_LIMIT)
  opinion: string;
}

export class ProposePolicyRequest {
  @AssessmentOptionKey('⑧ 今後の方針', PolicyDecision)
  decision: string;

  @ApiProperty({ description: '⑧ 今後の方針の理由' })
  @IsString()
  @MinLength(1, { message: 'reason is required' })
  @MaxLength(TEXT_LIMIT)
  reason: string;
}
