import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { DateTimeInput, PageNumber, PageSize, MaxTextLength } from '../common/input-fields';
import { NotLessThan } from '../common/validators';
import { apiPath } from '../infra/http/api-path';
import { ListPage } from '../infra/http/list-page';
import { ApiUuidParam } from '../infra/http/uuid-param';
import { Role } from '../access/role';
import { AuditEntry } from './audit-entry.entity';
import { AuditTrail, ChainVerification } from './audit-trail';

const DEFAULT_AUDIT_PAGE_SIZE = 50;

export class AuditQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'reportId must be a report id' }) reportId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'actorUserId must be a user id' })
  actorUserId?: string;
  @ApiPropertyOptional({ example: 'report.submitted' }) @IsOptional() @IsString() @MaxTextLength(100) action?: string;
  @DateTimeInput({ description: 'Entries from this moment on' }) from?: Date;
  @DateTimeInput({ description: 'Entries before this moment (not at it); not before from', example: '2026-05-01' })
  @NotLessThan('from', { message: 'to must not be before from' })
  to?: Date;
  @PageNumber() page?: number;
  @PageSize(DEFAULT_AUDIT_PAGE_SIZE, 500) pageSize?: number;
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

export class AuditPage extends ListPage {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
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

/** 監査ログ of one organization, for the planning division and administrators (its CSV: AuditExportController). */
@ApiTags('audit')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/audit'))
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Allow(Role.PlanningDivision, Role.Administrator)
  @Get()
  @ApiOkResponse({ type: AuditPage })
  async list(@CurrentActor() actor: OrganizationActor, @Query() query: AuditQuery) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_AUDIT_PAGE_SIZE;
    const [entries, total] = await this.trail.query(actor.organizationId, query, { page, pageSize });
    return { items: entries.map(AuditEntryView.from), total, page, pageSize };
  }

  @Allow(Role.Administrator)
  @Get('verify')
  @ApiOkResponse({ type: ChainVerificationView })
  verify(@CurrentActor() actor: OrganizationActor): Promise<ChainVerification> {
    return this.trail.verify(actor.organizationId);
  }
}
