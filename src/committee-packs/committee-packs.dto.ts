import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ReportStatus } from '../reports/rules/report-status';
import { type PackField } from './committee-pack-import';

const PACK_FIELDS: PackField[] = ['panel_rating', 'panel_opinion', 'expert_rating', 'expert_opinion'];

export class PackChangeView {
  @ApiProperty({
    enum: PACK_FIELDS,
    description: "⑦'s rating or opinion, or one expert's rating or opinion (recorded on the expert's behalf)",
  })
  field: PackField;
  @ApiProperty({ example: '⑦ 事業の評価' }) label: string;
  @ApiProperty({ example: 'A40', description: 'the cell of the report’s sheet' }) cell: string;
  @ApiProperty({ nullable: true, type: String, description: 'for an expert’s rating or opinion' })
  assignmentId: string | null;
  @ApiProperty({ description: 'what the report holds now' }) before: string;
  @ApiProperty({ description: 'what the workbook says' }) after: string;
}

export class PackReportDryRunView {
  @ApiProperty() reportId: string;
  @ApiProperty({ description: 'the sheet of the workbook' }) sheet: string;
  @ApiProperty({ nullable: true, type: String }) projectNumber: string | null;
  @ApiProperty() projectName: string;
  @ApiProperty({ enum: ReportStatus }) status: ReportStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ description: 'the version the pack was made from' }) version: number;
  @ApiProperty({ type: [PackChangeView], description: 'exactly the cells the meeting changed' })
  changes: PackChangeView[];
  @ApiProperty({
    type: [String],
    description: 'why this report cannot be imported (changed ①–⑥ cell, report changed since, state, wording)',
  })
  errors: string[];
}

export class PackCountsView {
  @ApiProperty() reports: number;
  @ApiProperty({ description: 'reports with changes' }) changedReports: number;
  @ApiProperty() changes: number;
  @ApiProperty() errors: number;
}

export class CommitteePackDryRunView {
  @ApiProperty({ description: 'SHA-256 of the file; send it with the confirmation' }) checksum: string;
  @ApiProperty() sourceName: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ example: 'R4年度' }) fiscalYearLabel: string;
  @ApiProperty({ description: 'no errors and at least one change' }) canConfirm: boolean;
  @ApiProperty({ type: PackCountsView }) counts: PackCountsView;
  @ApiProperty({
    type: [String],
    description: 'about the workbook as a whole (not a pack, another organization or year)',
  })
  errors: string[];
  @ApiProperty({ type: [PackReportDryRunView] }) reports: PackReportDryRunView[];
}

export class CommitteePackConfirmRequest {
  @ApiProperty({ description: 'checksum of the dry run of the same file' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'checksum must be the checksum of the dry run' })
  checksum: string;
}

export class PackImportedReportView {
  @ApiProperty() reportId: string;
  @ApiProperty() projectName: string;
  @ApiProperty({ description: '⑦ was written (the report is now evaluated)' }) evaluated: boolean;
  @ApiProperty({ description: 'experts’ opinions recorded on their behalf' }) opinions: number;
}

export class CommitteePackImportResultView {
  @ApiProperty() checksum: string;
  @ApiProperty() sourceName: string;
  @ApiProperty() fiscalYear: number;
  @ApiProperty({ type: [PackImportedReportView] }) reports: PackImportedReportView[];
}
