import { Injectable, Logger } from '@nestjs/common';
import { hkdfSync, type KeyObject } from 'node:crypto';
import { AppConfig, GENERATE_AUDIT_SIGNING_KEY } from '../infra/config/app-config';
import {
  type CheckpointContent,
  type CheckpointProblem,
  checkpointProblem,
  ed25519KeyFromSeed,
  fingerprintOf,
  publicKeyPem,
  signCheckpoint,
  type SignedCheckpoint,
} from './audit-checkpoint';

/**
 * The Ed25519 key that signs audit checkpoints (AUDIT_SIGNING_KEY). Without one (outside production) a key is derived
 * from AUTH_SECRET, so it stays the same across restarts, and a log line says so when it is first used.
 */
@Injectable()
export class AuditSigningKey {
  private readonly logger = new Logger(AuditSigningKey.name);
  private resolved?: KeyObject;

  constructor(private readonly config: AppConfig) {}

  sign(content: CheckpointContent): SignedCheckpoint {
    return signCheckpoint(content, this.key());
  }

  problemOf(value: unknown, location: { chain: string; fileName: string }): CheckpointProblem | null {
    return checkpointProblem(value, this.key(), location);
  }

  publicKey(): { pem: string; fingerprint: string } {
    return { pem: publicKeyPem(this.key()), fingerprint: fingerprintOf(this.key()) };
  }

  private key(): KeyObject {
    if (this.resolved) return this.resolved;
    if (this.config.auditSigningKey) return (this.resolved = this.config.auditSigningKey);
    this.resolved = ed25519KeyFromSeed(
      Buffer.from(hkdfSync('sha256', this.config.authSecret, 'kpiv-audit-checkpoints', 'ed25519 signing key', 32)),
    );
    this.logger.warn(
      `AUDIT_SIGNING_KEY is not set: audit checkpoints are signed with a key derived from AUTH_SECRET ` +
        `(${fingerprintOf(this.resolved)}), which is only fit for development. Generate one with: ${GENERATE_AUDIT_SIGNING_KEY}`,
    );
    return this.resolved;
  }
}
