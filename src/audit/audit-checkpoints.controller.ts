import { Controller, Get, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Allow, CurrentActor } from '../access/access.decorators';
import { OrganizationActor } from '../access/actor';
import { Role } from '../access/role';
import { apiPath } from '../infra/http/api-path';
import { ApiUuidParam } from '../infra/http/uuid-param';
import { CHECKPOINT_FORMAT, type SignedCheckpoint, signedMessage } from './audit-checkpoint';
import { type StoredCheckpoint } from './audit-checkpoint-files';
import { AuditCheckpoints, NEWEST_CHECKPOINTS } from './audit-checkpoints';
import { auditActorOf } from './audit-log';

export class CheckpointView {
  @ApiProperty({ example: 'org-5b0e…/20261129T031500.123Z-41.json', description: 'Relative to AUDIT_CHECKPOINT_DIR' })
  file: string;
  @ApiProperty({ example: CHECKPOINT_FORMAT }) format: string;
  @ApiProperty() chain: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '012041' }) organizationCode: string | null;
  @ApiProperty({ description: 'Sequence of the last entry of the chain when the checkpoint was signed' })
  sequence: number;
  @ApiProperty({ description: 'Hash of that entry' }) hash: string;
  @ApiProperty() recordedAt: string;
  @ApiProperty({ description: 'The text that was signed: the fields above but file, keys sorted, no spaces' })
  signedMessage: string;
  @ApiProperty({ description: 'Ed25519 signature of signedMessage, base64' }) signature: string;
  @ApiProperty({ description: 'The public key (SPKI PEM) the file names as its signer' }) publicKey: string;

  static from(file: string, checkpoint: SignedCheckpoint): CheckpointView {
    const { format, chain, organizationId, organizationCode, sequence, hash, recordedAt, signature, publicKey } =
      checkpoint;
    return {
      file,
      format,
      chain,
      organizationId,
      organizationCode,
      sequence,
      hash,
      recordedAt,
      signedMessage: signedMessage(checkpoint),
      signature,
      publicKey,
    };
  }
}

export class StoredCheckpointView {
  @ApiProperty() file: string;
  @ApiProperty({ description: 'Signed by this installation’s key, unaltered and where its content says' })
  trusted: boolean;
  @ApiPropertyOptional({ description: 'Why it cannot be trusted' }) problem?: string;
  @ApiPropertyOptional({ type: CheckpointView, description: 'Absent when the file is not a checkpoint at all' })
  checkpoint?: CheckpointView;

  static from(stored: StoredCheckpoint): StoredCheckpointView {
    return {
      file: stored.file,
      trusted: !stored.problem,
      ...(stored.problem ? { problem: stored.problem.reason } : {}),
      ...(stored.checkpoint ? { checkpoint: CheckpointView.from(stored.file, stored.checkpoint) } : {}),
    };
  }
}

export class CheckpointList {
  @ApiProperty({ description: 'The public key (SPKI PEM) that verifies the signatures' }) publicKey: string;
  @ApiProperty({ example: 'SHA256:…', description: 'SHA-256 of the public key (DER), base64' })
  publicKeyFingerprint: string;
  @ApiProperty({ type: [StoredCheckpointView], description: `The newest ${NEWEST_CHECKPOINTS}, newest first` })
  items: StoredCheckpointView[];
}

/**
 * Signed checkpoints of one organization's audit chain, kept outside the database, for administrators to hand to
 * their auditor; `GET …/audit/verify` holds the chain to the newest one.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiUuidParam('organizationId')
@Controller(apiPath('organizations/:organizationId/audit/checkpoints'))
export class AuditCheckpointsController {
  constructor(private readonly checkpoints: AuditCheckpoints) {}

  @Allow(Role.Administrator)
  @Post()
  @ApiCreatedResponse({ type: CheckpointView })
  async create(@CurrentActor() actor: OrganizationActor): Promise<CheckpointView> {
    const { file, checkpoint } = await this.checkpoints.createFor(actor.organizationId, auditActorOf(actor));
    return CheckpointView.from(file, checkpoint);
  }

  @Allow(Role.Administrator)
  @Get()
  @ApiOkResponse({ type: CheckpointList })
  async list(@CurrentActor() actor: OrganizationActor): Promise<CheckpointList> {
    const stored = await this.checkpoints.newest(actor.organizationId, NEWEST_CHECKPOINTS);
    const { pem, fingerprint } = this.checkpoints.publicKey();
    return { publicKey: pem, publicKeyFingerprint: fingerprint, items: stored.map(StoredCheckpointView.from) };
  }
}
