import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { spreadsheetCsvStream } from '../common/csv';
import { dateTimeInJapan } from '../common/dates';
import { DateTimeInput, PageNumber } from '../common/input-fields';
import { apiPath } from '../infra/http/api-path';
import { ApiFileResponse } from '../infra/http/file-response';
import { ApiUuidParam } from '../infra/http/uuid-param';
import { Role } from '../access/role';
import { AuditEntry } from './audit-entry.entity';
import { actorEvent, AuditLog } from './audit-log';
import { AuditTrail, ChainVerification } from './audit-trail';

export class AuditQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'reportId must be a report id' }) reportId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'actorUserId must be a user id' })
  actorUserId?: string;
  @ApiPropertyOptional({ example: 'report.submitted' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @DateTimeInput({ description: 'Entries from this moment on' }) from?: Date;
  @DateTimeInput({ description: 'Entries before this moment (not at it)', example: '2026-05-01' }) to?: Date;
  @PageNumber() page?: number;
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;
}

export class AuditEntryView {
  @ApiProperty() id: string;
  /** Null for the moment between the change's commit and its sealing. */
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Place in the chain; null until sealed (moments after commit)',
  })
  sequence: number | null;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ type: [String] }) actorRoles: string[];
  @ApiProperty() action: string;
  @ApiProperty({ nullable: true, type: String }) entityType: string | null;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) ipAddress: string | null;
  @ApiProperty() details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, description: 'null until sealed' }) hash: string | null;

  static from(entry: AuditEntry): AuditEntryView {
    const {
      id,
      sequence,
      occurredAt,
      actorUserId,
      actorRoles,
      action,
      entityType,
      entityId,
      requestId,
      ipAddress,
      details,
      hash,
    } = entry;
    return {
      id,
      sequence,
      occurredAt: occurredAt.toISOString(),
      actorUserId,
      actorRoles,
      action,
      entityType,
      entityId,
      requestId,
      ipAddress,
      details,
      hash,
    };
  }
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class BrokenLinkView {
  @ApiProperty() id: string;
  @ApiProperty() sequence: number;
  @ApiProperty() reason: string;
}

class VerifiedCheckpointView {
  @ApiProperty({ description: 'Relative to AUDIT_CHECKPOINT_DIR' }) file: string;
  @ApiProperty() sequence: number;
  @ApiProperty() hash: string;
  @ApiProperty() recordedAt: string;
}

class MissingEntriesView {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
}

class BadCheckpointView {
  @ApiProperty() file: string;
  @ApiProperty() reason: string;
}

export class ChainVerificationView implements ChainVerification {
  @ApiProperty() chain: string;
  @ApiProperty() ok: boolean;
  @ApiProperty() checked: number;
  @ApiPropertyOptional({ type: BrokenLinkView, description: 'The first entry where the chain breaks' })
  firstBroken?: BrokenLinkView;
  @ApiPropertyOptional({
    type: VerifiedCheckpointView,
    description: 'The newest checkpoint signed by this installation, which the chain must still reach',
  })
  checkpoint?: VerifiedCheckpointView;
  @ApiPropertyOptional({
    type: MissingEntriesView,
    description: 'Entries the checkpoint recorded that are gone from the end of the chain',
  })
  missing?: MissingEntriesView;
  @ApiProperty({
    type: [BadCheckpointView],
    description: 'Newer checkpoint files that cannot be trusted (altered, unsigned, signed by another key)',
  })
  badCheckpoints: BadCheckpointView[];
  @ApiProperty({ type: [String], description: 'Every finding as a sentence; empty when ok' }) problems: string[];
}

const EXPORT_HEADER = [
  '連番',
  '日時',
  '操作',
  '操作者',
  '役割',
  '対象種別',
  '対象ID',
  'リクエストID',
  'IPアドレス',
  '詳細',
  'ハッシュ',
];

async function* csvRows(batches: AsyncIterable<AuditEntry[]>): AsyncGenerator<unknown[][]> {
  for await (const entries of batches)
    yield entries.map((entry) => [
      entry.sequence,
      dateTimeInJapan(entry.occurredAt),
      entry.action,
      entry.actorUserId ?? '',
      entry.actorRoles.join(' '),
      entry.entityType ?? '',
      entry.entityId ?? '',
      entry.requestId ?? '',
      entry.ipAddress ?? '',
      JSON.stringify(entry.details),
      entry.hash,
    ]);
}

/** 監査ログ of one organization, for the planning division and administrators. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/audit'))
export class AuditController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly log: AuditLog,
  ) {}

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get()
  @ApiOkResponse({ type: AuditPage })
  async list(@CurrentActor() actor: OrganizationActor, @Query() query: AuditQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [entries, total] = await this.trail.query(actor.organizationId, query, { page, pageSize });
    return { items: entries.map(AuditEntryView.from), total, page, pageSize };
  }

  /**
   * CSV (UTF-8 with BOM, so Excel opens it in Japanese) of every matching entry, written as it is read, 日時 in Japan
   * time with its offset; the export itself is audited.
   */
  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get('export.csv')
  @ApiFileResponse('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="audit-log.csv"')
  async export(@CurrentActor() actor: OrganizationActor, @Query() query: AuditQuery): Promise<StreamableFile> {
    const { rows, batches } = await this.trail.export(actor.organizationId, query);
    await this.log.record(actorEvent(actor, 'audit.exported', undefined, { filters: { ...query }, rows }));
    return new StreamableFile(spreadsheetCsvStream(EXPORT_HEADER, csvRows(batches)));
  }

  @Allow(Role.Administrator)
  @Get('verify')
  @ApiOkResponse({ type: ChainVerificationView })
  verify(@CurrentActor() actor: OrganizationActor): Promise<ChainVerification> {
    return this.trail.verify(actor.organizationId);
  }
}
