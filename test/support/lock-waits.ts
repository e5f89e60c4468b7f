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
