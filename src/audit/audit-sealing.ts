import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseNotifications } from '../infra/database/database-notifications';
import { AuditSealer } from './audit-sealer';

/** Channel the audit_entries insert trigger notifies, with the chain as payload. */
const UNSEALED_CHANNEL = 'audit_entries_unsealed';
/** A safety net only: notifications reach the sealer at commit. */
const SWEEP_INTERVAL_MS = 30_000;

/**
 * The worker's part in sealing: seals a chain as soon as a transaction that wrote to it commits, everything waiting at
 * start (entries a stopped worker left), and whatever a lost notification left behind.
 */
@Injectable()
export class AuditSealing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealing.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly sealer: AuditSealer,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.notifications.listen(UNSEALED_CHANNEL, (chain) =>
      this.quietly(chain ? this.sealer.seal(chain) : this.sealer.sealAll()),
    );
    this.timer = setInterval(() => this.quietly(this.sealer.sealAll()), SWEEP_INTERVAL_MS);
    this.quietly(this.sealer.sealAll());
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** A failed sealing loses nothing: the entries stay unsealed until the next notification or sweep. */
  private quietly(sealing: Promise<void>): void {
    sealing.catch((error: Error) => this.logger.warn(`Audit sealing waits: ${error.message}`));
  }
}
