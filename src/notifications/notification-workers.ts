import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../infra/config/app-config';
import { processorOptions } from '../infra/queue/queue.module';
import { User } from '../users/user.entity';
import { DeliveryStatus, EmailDelivery } from './email-delivery.entity';
import { renderDigestMail } from './mail-content';
import { Mailer } from './mailer';
import { EmailJob, NotificationDelivery } from './notification-delivery';
import { Notification } from './notification.entity';
import { OutboxEvent } from '../outbox/outbox-event.entity';
import { EMAIL_DELIVERIES_QUEUE, NOTIFICATION_DIGESTS_QUEUE, NOTIFICATION_EVENTS_QUEUE } from './queues';
import { ReviewDeadlines } from './review-deadlines';

interface EventJob {
  outboxEventId: string;
}

const RELAY_BATCH = 200;

/**
 * Moves outbox rows into the queue, one job per row with the row's id as job id (a repeated add is a no-op).
 * Rows are marked only after Redis took them, so while Redis is down they simply wait.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(NOTIFICATION_EVENTS_QUEUE) private readonly queue: Queue<EventJob>,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.outboxRelayIntervalMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Relays what is waiting; returns how many rows were handed to the queue. */
  async relay(): Promise<number> {
    if ((await this.queue.client).status !== 'ready') return 0;
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxEvent, 'event')
        .where('event.dispatchedAt IS NULL')
        .orderBy('event.createdAt', 'ASC')
        .limit(RELAY_BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      await this.queue.addBulk(rows.map((row) => ({ name: row.type, data: { outboxEventId: row.id }, opts: { jobId: row.id, removeOnComplete: 1000, removeOnFail: 5000 } })));
      await manager.update(OutboxEvent, { id: In(rows.map((row) => row.id)) }, { dispatchedAt: new Date() });
      return rows.length;
    });
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while ((await this.relay()) === RELAY_BATCH);
    } catch (error) {
      this.logger.warn(`Outbox relay waits: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

// Several at once: each event is independent and its handling is idempotent.
@Processor(NOTIFICATION_EVENTS_QUEUE, processorOptions(8))
export class NotificationEventsProcessor extends WorkerHost {
  constructor(
    private readonly delivery: NotificationDelivery,
    private readonly deadlines: ReviewDeadlines,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async process(job: Job<EventJob>): Promise<{ recipients: number }> {
    const event = await this.dataSource.getRepository(OutboxEvent).findOneBy({ id: job.data.outboxEventId });
    if (!event) return { recipients: 0 };
    const recipients = await this.delivery.deliver(event);
    await this.deadlines.onEvent(event);
    return { recipients };
  }
}

/** Sends one e-mail; retried with exponential backoff; after the last attempt it is marked failed for administrators. */
@Processor(EMAIL_DELIVERIES_QUEUE, processorOptions(4))
export class EmailDeliveryProcessor extends WorkerHost {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {
    super();
  }

  async process(job: Job<EmailJob>): Promise<string> {
    const deliveries = this.dataSource.getRepository(EmailDelivery);
    const delivery = await deliveries.findOneBy({ id: job.data.deliveryId });
    if (!delivery || delivery.status === DeliveryStatus.Sent) return 'already sent';
    try {
      const messageId = await this.mailer.send(delivery.toAddress, delivery, `<${delivery.id}.${delivery.retryRound}@kpi-verification>`);
      await deliveries.update({ id: delivery.id }, { status: DeliveryStatus.Sent, sentAt: new Date(), messageId, attempts: delivery.attempts + 1, lastError: null });
      return 'sent';
    } catch (error) {
      await deliveries.update({ id: delivery.id }, { attempts: delivery.attempts + 1, lastError: (error as Error).message.slice(0, 1000) });
      throw error;
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<EmailJob>): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    await this.dataSource.getRepository(EmailDelivery).update({ id: job.data.deliveryId, status: DeliveryStatus.Pending }, { status: DeliveryStatus.Failed });
  }
}

/** Once a day: each person who chose the digest gets one e-mail with what is waiting for them. */
@Processor(NOTIFICATION_DIGESTS_QUEUE, processorOptions())
export class DigestProcessor extends WorkerHost {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delivery: NotificationDelivery,
  ) {
    super();
  }

  async process(): Promise<{ digests: number }> {
    const created = await this.dataSource.transaction(async (manager) => {
      const waiting = await manager.find(Notification, { where: { pendingDigest: true }, order: { createdAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      if (waiting.length === 0) return [];
      const byUser = new Map<string, Notification[]>();
      for (const notification of waiting) byUser.set(notification.userId, [...(byUser.get(notification.userId) ?? []), notification]);
      const users = await manager.findBy(User, { id: In([...byUser.keys()]) });
      const deliveries: EmailDelivery[] = [];
      for (const user of users) {
        const items = byUser.get(user.id)!;
        deliveries.push(await manager.save(manager.create(EmailDelivery, { organizationId: null, userId: user.id, notificationId: null, toAddress: user.email, ...renderDigestMail(user.displayName, items) })));
      }
      await manager.update(Notification, { id: In(waiting.map((notification) => notification.id)) }, { pendingDigest: false });
      return deliveries;
    });
    await this.delivery.enqueueEmails(created);
    return { digests: created.length };
  }
}

@Injectable()
export class DigestScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(NOTIFICATION_DIGESTS_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [hour, minute] = this.config.digestTime.split(':').map(Number);
    await this.queue.upsertJobScheduler('daily-digest', { pattern: `${minute} ${hour} * * *`, tz: 'Asia/Tokyo' }, { name: 'digest' });
  }
}
