import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';

/** Called with a notification's payload, or with null after a (re)connection: what was sent meanwhile is lost. */
export type NotificationHandler = (payload: string | null) => void;

const RECONNECT_DELAY_MS = 1000;

/**
 * PostgreSQL LISTEN on one connection of its own (pg's Client: a pooled connection cannot stay listening), so work
 * written in a transaction wakes its processor at commit instead of at the next poll. Reconnects after a lost
 * connection and then calls every handler with null, since notifications are not queued for a listener that is away.
 * Hand-written rather than pg-listen: that package is unmaintained, and this is one client with a reconnect loop.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseNotifications.name);
  private readonly handlers = new Map<string, NotificationHandler[]>();
  private client?: Promise<Client>;
  private reconnecting?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly config: AppConfig) {}

  async listen(channel: string, handler: NotificationHandler): Promise<void> {
    const first = !this.handlers.has(channel);
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
    const client = await (this.client ??= this.connect());
    if (first) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnecting);
    const client = await this.client?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', ({ channel, payload }) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(payload ?? null);
    });
    client.on('error', (error) => {
      this.logger.warn(`Database notifications lost their connection: ${error.message}`);
      void client.end().catch(() => undefined);
    });
    client.on('end', () => this.reconnectSoon());
    await client.connect();
    return client;
  }

  private reconnectSoon(): void {
    if (this.closed || this.reconnecting) return;
    this.reconnecting = setTimeout(() => {
      this.reconnecting = undefined;
      void this.reconnect();
    }, RECONNECT_DELAY_MS).unref();
  }

  private async reconnect(): Promise<void> {
    try {
      const client = await (this.client = this.connect());
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      for (const handlers of this.handlers.values()) for (const handler of handlers) handler(null);
    } catch (error) {
      this.logger.warn(`Database notifications could not reconnect: ${(error as Error).message}`);
      this.reconnectSoon();
    }
  }
}
