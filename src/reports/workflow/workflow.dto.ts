import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PanelRating, PolicyDecision } from '../report/assessment';
import { AssessmentScale, storedWording } from '../report/assessment-choices';
import type { ResultReport } from '../report/result-report.entity';
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

export class WithdrawPublicationRequest {
  @ApiProperty({ description: '公表の取消の理由 (kept with the report and shown where it was published)' })
  @IsString()
  @Matches(/\S/, { message: 'reason is required' })
  @MaxLength(TEXT_LIMIT)
  reason: string;
}

/** 一括公表: a limit far above any municipality's projects of one year. */
const BULK_LIMIT = 500;

export class BulkPublicationRequest {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'the decided reports of the fiscal year to publish (all of them, or some)',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'reportIds must name at least one report' })
  @ArrayMaxSize(BULK_LIMIT)
  @ArrayUnique({ message: 'reportIds must name each report once' })
  @IsUUID('all', { each: true, message: 'each of reportIds must be a report id' })
  reportIds: string[];
}

/** One report of a year's publication (一括公表): listed before, and returned once published. */
export class BulkPublicationItem {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() projectName: string;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ enum: PolicyDecision, nullable: true }) policyDecision: PolicyDecision | null;
  @ApiProperty({ nullable: true, type: String, example: '事業の継続', description: 'as worded when it was decided' })
  policyLabel: string | null;

  static from(report: ResultReport): BulkPublicationItem {
    const project = report.project!;
    return {
      id: report.id,
      projectNumber: project.projectNumber,
      projectName: project.name,
      departmentName: project.department?.name ?? null,
      policyDecision: report.policyDecision,
      policyLabel:
        storedWording(AssessmentScale.PolicyDecision, report.policyDecision, { label: report.policyDecisionLabel })
          ?.label ?? null,
    };
  }
}

export class BulkPublicationView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ type: [BulkPublicationItem], description: 'the reports published, each now its own edition' })
  published: BulkPublicationItem[];
}
