import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../infra/config/app-config';
import { DatabaseNotifications } from '../infra/database/database-notifications';
import { Transactions } from '../infra/database/transactions';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { OutboxRepository } from '../outbox/outbox.repository';
import { eventJobRetries } from './event-retries';
import { NOTIFICATION_EVENTS_QUEUE } from './queues';

/** The outbox row as relayed, its creation time as JSON text. */
export type RelayedEvent = Pick<OutboxEvent, 'organizationId' | 'type' | 'reportId' | 'actorUserId' | 'payload'> & {
  createdAt: string;
};

export interface EventJob {
  outboxEventId: string;
  /** The row itself, so the processor need not read it again; absent in jobs relayed by an earlier version. */
  event?: RelayedEvent;
}

const RELAY_BATCH = 200;
/** Channel the notification_outbox insert trigger notifies at commit. */
const OUTBOX_CHANNEL = 'notification_outbox';

/**
 * Moves outbox rows into the queue, one job per row carrying the row, with the row's id as job id (a repeated add is a
 * no-op), a batch per round trip. Woken at the commit of every transaction that wrote to the outbox and when Redis is
 * back; the timer is only a safety net. Rows are marked in the transaction that commits only after Redis took them, so
 * while Redis is down they simply wait.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  /** Woken while relaying: go round once more, since the rows that woke it may have come after the last read. */
  private again = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    @InjectQueue(NOTIFICATION_EVENTS_QUEUE) private readonly queue: Queue<EventJob>,
    private readonly config: AppConfig,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.notifications.listen(OUTBOX_CHANNEL, () => void this.tick());
    (await this.queue.client).on('ready', () => void this.tick());
    this.timer = setInterval(() => void this.tick(), this.config.outboxRelayIntervalMs);
    void this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Relays what is waiting; returns how many rows were handed to the queue. */
  async relay(): Promise<number> {
    if ((await this.queue.client).status !== 'ready') return 0;
    return this.transactions.run(async (manager) => {
      const rows = await this.outbox.claimForDispatch(manager, RELAY_BATCH);
      if (rows.length === 0) return 0;
      await this.queue.addBulk(
        rows.map((row) => ({
          name: row.type,
          data: {
            outboxEventId: row.id,
            event: {
              organizationId: row.organizationId,
              type: row.type,
              reportId: row.reportId,
              actorUserId: row.actorUserId,
              payload: row.payload,
              createdAt: row.createdAt.toISOString(),
            },
          },
          opts: { jobId: row.id, ...eventJobRetries(this.config), removeOnComplete: 1000, removeOnFail: 5000 },
        })),
      );
      return rows.length;
    });
  }

  private async tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        while ((await this.relay()) === RELAY_BATCH);
      } while (this.again);
    } catch (error) {
      this.logger.warn(`Outbox relay waits: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
