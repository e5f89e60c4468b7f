import { Client } from 'pg';

export interface RowCounter {
  /** Rows per table of the public schema (but the migrations), in one query. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * Counts rows over its own connection, as the role the app uses: only count(*) of each table, nothing that needs a
 * superuser. `except` leaves rows out of a table's count by a condition (rows written on purpose on refusal).
 */
export async function rowCounter(databaseUrl: string, except: Record<string, string> = {}): Promise<RowCounter> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const tables: { name: string }[] = (
    await client.query(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
    )
  ).rows;
  const sql = tables
    .map(({ name }) => {
      const where = except[name] ? ` WHERE NOT (${except[name]})` : '';
      return `SELECT ${client.escapeLiteral(name)} AS name, count(*)::int AS rows FROM ${client.escapeIdentifier(name)}${where}`;
    })
    .join(' UNION ALL ');
  return {
    counts: async () =>
      Object.fromEntries(
        (await client.query<{ name: string; rows: number }>(sql)).rows.map((row) => [row.name, row.rows]),
      ),
    close: () => client.end(),
  };
}
