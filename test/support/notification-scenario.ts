import { getQueueToken } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import {
  EMAIL_DELIVERIES_QUEUE,
  NOTIFICATION_DIGESTS_QUEUE,
  NOTIFICATION_EVENTS_QUEUE,
} from '../../src/notifications/queues';
import { eventually } from './smtp-sink';
import { type TestApp } from './test-app';

/** Waits until every outbox row is relayed and every notification job and e-mail is done. */
export async function settle(t: TestApp, timeoutMs = 20_000): Promise<void> {
  const queues = [NOTIFICATION_EVENTS_QUEUE, EMAIL_DELIVERIES_QUEUE].map((name) =>
    t.app.get<Queue>(getQueueToken(name)),
  );
  await eventually(
    async () => {
      const [{ waiting }] = await t.dataSource.query(
        'SELECT count(*)::int AS waiting FROM notification_outbox WHERE dispatched_at IS NULL',
      );
      const [{ pending }] = await t.dataSource.query(
        `SELECT count(*)::int AS pending FROM email_deliveries WHERE status = 'pending'`,
      );
      const counts = await Promise.all(
        queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')),
      );
      return (
        waiting + pending + counts.reduce((sum, count) => sum + Object.values(count).reduce((a, b) => a + b, 0), 0)
      );
    },
    (busy) => busy === 0,
    timeoutMs,
  );
}

/** Runs the daily digest now, as its morning schedule would, and waits until its e-mails are sent. */
export async function sendDigest(t: TestApp): Promise<void> {
  const digest = await t.app.get<Queue>(getQueueToken(NOTIFICATION_DIGESTS_QUEUE)).add('digest', {});
  await eventually(
    () => digest.getState(),
    (state) => state === 'completed',
  );
  await settle(t);
}

/** Inbox rows as "type → recipients' e-mails", for asserting who was told what. */
export async function inboxByType(t: TestApp, sinceId = ''): Promise<Record<string, string[]>> {
  const rows: { type: string; email: string }[] = await t.dataSource.query(
    `SELECT n.type, u.email FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.created_at > coalesce((SELECT created_at FROM notifications WHERE id::text = $1), '-infinity') ORDER BY n.type, u.email`,
    [sinceId],
  );
  const byType: Record<string, string[]> = {};
  for (const row of rows) (byType[row.type] ??= []).push(row.email);
  return byType;
}

export async function lastNotificationId(t: TestApp): Promise<string> {
  const [row] = await t.dataSource.query('SELECT id FROM notifications ORDER BY created_at DESC, id DESC LIMIT 1');
  return row?.id ?? '';
}
