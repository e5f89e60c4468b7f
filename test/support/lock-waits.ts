import { Client } from 'pg';
import { type DataSource, type QueryRunner } from 'typeorm';

const WAITING =
  "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";

/**
 * Waits (up to 4 s, or until `done` says so) until `count` statements of the test's database wait for a lock held by
 * the test, and answers how many do. `query` must run outside the transaction that holds the lock: inside one,
 * PostgreSQL answers the statistics views from the snapshot it took first.
 */
export async function lockWaiters(
  query: (sql: string) => Promise<{ waiting: number }[]>,
  count: number,
  done: () => boolean = () => false,
): Promise<number> {
  let waiting = 0;
  for (let attempt = 0; attempt < 200 && waiting < count && !done(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    [{ waiting }] = await query(WAITING);
  }
  return waiting;
}

/**
 * `lockWaiters` watched from a connection of its own, outside the app's pool: requests waiting for a lock hold the
 * pool's connections, so a query through it would wait behind them.
 */
export async function lockWaitersOutsidePool(superuserUrl: string, count: number): Promise<number> {
  const watcher = new Client({ connectionString: superuserUrl });
  await watcher.connect();
  try {
    return await lockWaiters((sql) => watcher.query(sql).then((result) => result.rows), count);
  } finally {
    await watcher.end();
  }
}

/**
 * Another transaction, holding the row `id` of `table` (FOR UPDATE) until the caller commits or rolls it back and
 * releases it: what makes a race happen on every run.
 */
export async function holdRow(dataSource: DataSource, table: string, id: string): Promise<QueryRunner> {
  const other = dataSource.createQueryRunner();
  await other.connect();
  await other.startTransaction();
  await other.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  return other;
}

/** A request not yet sent: sent when it is awaited (or `then` is called). */
export type Step = () => PromiseLike<{ status: number }>;

/**
 * The statuses of the steps, in the order sent, sent so that they meet on every run: another transaction holds the
 * rows (FOR UPDATE) while they are sent, each once the one before waits for a lock (so that of two waiting for one
 * row the first sent goes on first), then lets them all go at once.
 */
export async function sentAtOnce(
  superuserUrl: string,
  held: { table: string; id: string }[],
  ...steps: Step[]
): Promise<number[]> {
  const holder = new Client({ connectionString: superuserUrl });
  await holder.connect();
  const sent: Promise<number>[] = [];
  try {
    await holder.query('BEGIN');
    for (const { table, id } of held) await holder.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
    for (const step of steps) {
      sent.push(Promise.resolve(step()).then((answer) => answer.status));
      expect(await lockWaitersOutsidePool(superuserUrl, sent.length)).toBe(sent.length);
    }
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  return Promise.all(sent);
}
