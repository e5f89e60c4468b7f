import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID } from 'class-validator';
import { PanelRating, PolicyDecision } from '../report/assessment';
import { AssessmentScale, storedWording } from '../report/assessment-choices';
import type { ResultReport } from '../report/result-report.entity';
import { AssessmentOptionKey } from '../report/assessment-option-key';
import { AssignExpertsRequest, ReasonRequest } from '../reviews/reviews.dto';
import { ReadVersion, VersionNumber, MaxTextLength } from '../../common/input-fields';
import { NotBlank, SameLengthAs } from '../../common/validators';
import { MAX_TEXT_LENGTH } from '../../common/text-limits';

export class CommentRequest {
  @ApiProperty({ description: 'Why (shown to the owning department)' })
  @IsString()
  @NotBlank()
  @MaxTextLength(MAX_TEXT_LENGTH)
  comment: string;

  @ReadVersion() version?: number;
}

export class AcceptRequest extends AssignExpertsRequest {
  @ReadVersion() version?: number;
}

/** A required text of the report's ⑦⑧, as its evaluation, its proposal and their correction take it. */
const AssessmentText = (description: string) =>
  applyDecorators(ApiProperty({ description }), IsString(), NotBlank(), MaxTextLength(MAX_TEXT_LENGTH));

const PanelRatingKey = () => AssessmentOptionKey('⑦ 事業の評価', PanelRating);
const PanelOpinion = () => AssessmentText('⑦ 外部有識者からの意見 (consolidated)');
const PolicyDecisionKey = () => AssessmentOptionKey('⑧ 今後の方針', PolicyDecision);
const PolicyReason = () => AssessmentText('⑧ 今後の方針の理由');

export class EvaluateRequest {
  @PanelRatingKey() rating: string;
  @PanelOpinion() opinion: string;
  @ReadVersion() version?: number;
}

/** A step that takes nothing but the version read (承認, 公表, 提出の取下げ, 訂正の提出の取下げ). */
export class ReadVersionRequest {
  @ReadVersion() version?: number;
}

export class ProposePolicyRequest {
  @PolicyDecisionKey() decision: string;
  @PolicyReason() reason: string;
  @ReadVersion() version?: number;
}

/** ⑦⑧の訂正: both parts as the correction has them, prefilled with the published values. */
export class CorrectAssessmentRequest {
  @PanelRatingKey() rating: string;
  @PanelOpinion() opinion: string;
  @PolicyDecisionKey() decision: string;
  @PolicyReason() reason: string;
  @ReadVersion() version?: number;
}

export class WithdrawPublicationRequest {
  @ApiProperty({ description: '公表の取消の理由 (kept with the report and shown where it was published)' })
  @IsString()
  @NotBlank()
  @MaxTextLength(MAX_TEXT_LENGTH)
  reason: string;

  @ReadVersion() version?: number;
}

/**
 * An administrator's step with its reason (やり直し of a decided policy, 訂正 of a published report and its
 * 取りやめ).
 */
export class AdministratorStepRequest extends ReasonRequest {
  @ReadVersion() version?: number;
}

/** 一括公表, 一括受理: a limit far above any municipality's projects of one year. */
const BULK_LIMIT = 500;

/** The reports of a fiscal year one bulk action names (all of those it lists, or some). */
const BulkReportIds = (description: string) =>
  applyDecorators(
    ApiProperty({
      type: [String],
      format: 'uuid',
      // Two, as the example of versions (BulkReadVersions) reads two.
      example: ['3f0c8f5e-5d0a-4c4e-9a59-1b1f2c3d4e5f', '8a1d2b3c-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
      description,
    }),
    IsArray(),
    ArrayMinSize(1, { message: 'reportIds must name at least one report' }),
    ArrayMaxSize(BULK_LIMIT),
    ArrayUnique({ message: 'reportIds must name each report once' }),
    IsUUID('all', { each: true, message: 'each of reportIds must be a report id' }),
  );

/**
 * The version of each report named, as read, in the order of reportIds. Optional, so that clients which send none
 * keep working as before; with them, a report changed since (e.g. resubmitted) refuses the whole action (409).
 */
const BulkReadVersions = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: [Number],
      example: [3, 5],
      description:
        "The version you read of each report, in the order of reportIds (a report's `version`); if one changed since, 409 naming it and nothing is done",
    }),
    IsOptional(),
    IsArray(),
    SameLengthAs('reportIds'),
    VersionNumber('each of versions must be the version number you read', true),
  );

export class BulkPublicationRequest {
  @BulkReportIds('the decided reports of the fiscal year to publish (all of them, or some)')
  reportIds: string[];

  @BulkReadVersions() versions?: number[];
}

/** 一括受理: the submitted reports of the year to accept, all with one panel of experts and one due date. */
export class BulkAcceptanceRequest extends AssignExpertsRequest {
  @BulkReportIds('the submitted reports of the fiscal year to accept (all of them, or some)')
  reportIds: string[];

  @BulkReadVersions() versions?: number[];
}

/** One report of a year's bulk action (一括公表, 一括受理): listed before, and returned once changed. */
export class BulkReportItem {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() projectName: string;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ description: 'the version listed, to send back in versions' }) version: number;

  static from(report: ResultReport): BulkReportItem {
    const project = report.project!;
    return {
      id: report.id,
      version: report.version,
      projectNumber: project.projectNumber,
      projectName: project.name,
      departmentName: project.department?.name ?? null,
    };
  }
}

/** One report of a year's publication (一括公表), with the policy it is published with. */
export class BulkPublicationItem extends BulkReportItem {
  @ApiProperty({ enum: PolicyDecision, nullable: true }) policyDecision: PolicyDecision | null;
  @ApiProperty({ nullable: true, type: String, example: '事業の継続', description: 'as worded when it was decided' })
  policyLabel: string | null;

  static override from(report: ResultReport): BulkPublicationItem {
    return {
      ...BulkReportItem.from(report),
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

export class BulkAcceptanceView {
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ type: [String], description: 'the experts asked, on every report accepted' }) experts: string[];
  @ApiProperty({ example: '2026-12-15', description: 'the due date of their opinions' }) dueDate: string;
  @ApiProperty({ type: [BulkReportItem], description: 'the reports accepted, each now in expert review' })
  accepted: BulkReportItem[];
}
