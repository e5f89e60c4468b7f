import { Client } from 'pg';

/**
 * The SQL a route runs, and PostgreSQL's plan of each statement on the benchmark's data. Statements are captured in
 * the process that serves the route, at the pg client under TypeORM (text, parameters, and the organization the
 * transaction told row-level security), then explained (ANALYZE, BUFFERS) the way the app ran them: as the app's role,
 * with the same organization set, in a transaction rolled back at the end.
 */
export interface CapturedQuery {
  text: string;
  values: unknown[];
  /** app.organization_id as the statement's transaction set it (Transactions.run), if it did. */
  organizationId?: string;
}

interface PgClient {
  query: (this: PgClient, ...args: unknown[]) => unknown;
}
type Scoped = PgClient & { organizationScope?: string };

/** The organization a transaction tells PostgreSQL, as PreparingClient sends it with the BEGIN (a literal uuid). */
const SET_ORGANIZATION = /set_config\('app\.organization_id', '([^']+)'/;
const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK)\b/i;

/** Starts recording every statement any pg client of this process sends; `stop` returns them, in order. */
export function captureQueries(): { stop(): CapturedQuery[] } {
  // The prototype of TypeORM's driver's clients too: both load the one pg module.
  const prototype = Client.prototype as unknown as PgClient;
  const original = prototype.query;
  const captured: CapturedQuery[] = [];
  prototype.query = function (this: Scoped, ...args: unknown[]) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
    const text = typeof config === 'string' ? config : config.text;
    const parameters = (Array.isArray(values) ? values : typeof config === 'object' ? config.values : undefined) ?? [];
    const organization = SET_ORGANIZATION.exec(text);
    if (organization) this.organizationScope = organization[1];
    else if (TRANSACTION_END.test(text)) this.organizationScope = undefined;
    else captured.push({ text, values: parameters, organizationId: this.organizationScope });
    return original.apply(this, args);
  };
  return {
    stop: () => {
      prototype.query = original;
      return captured;
    },
  };
}

export interface ExplainedQuery extends CapturedQuery {
  /** Milliseconds, as EXPLAIN ANALYZE measured them. */
  planning: number;
  execution: number;
  sharedHit: number;
  sharedRead: number;
  /**
   * Tables of more than LARGE_TABLE_ROWS rows the plan reads whole: by Seq Scan, or by an index scan without an index
   * condition (a partial index's predicate alone, which is the whole table when the predicate holds for most rows).
   */
  fullScans: { table: string; rows: number; scan: string }[];
  /** EXPLAIN (ANALYZE, BUFFERS) as text; only for a statement that reads a large table whole. */
  plan?: string;
}

export const LARGE_TABLE_ROWS = 10_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** Reads: what EXPLAIN ANALYZE may run without changing anything (it runs in a rolled-back transaction anyway). */
const READ = /^\s*(SELECT|WITH)\b/i;
const BOOKKEEPING = /^\s*SELECT\s+(pg_advisory|set_config|1\b)/i;

/**
 * Explains each distinct read statement once, as `appRole` on the database of `superuserUrl` (SET ROLE keeps the
 * app's row-level security).
 */
export async function explainQueries(
  superuserUrl: string,
  appRole: string,
  queries: CapturedQuery[],
): Promise<ExplainedQuery[]> {
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const sizes = new Map(
      (
        await client.query<{ table: string; rows: number }>(
          `SELECT relname AS table, greatest(reltuples, 0)::bigint::int AS rows FROM pg_class
            WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
        )
      ).rows.map(({ table, rows }) => [table, rows]),
    );
    const seen = new Set<string>();
    const explained: ExplainedQuery[] = [];
    for (const query of queries) {
      if (!READ.test(query.text) || BOOKKEEPING.test(query.text) || seen.has(query.text)) continue;
      seen.add(query.text);
      const explain = (options: string) => asApp(client, appRole, query, `EXPLAIN (${options}) ${query.text}`);
      const [result] = (await explain('ANALYZE, BUFFERS, FORMAT JSON'))[0]['QUERY PLAN'] as {
        Plan: PlanNode;
        'Planning Time': number;
        'Execution Time': number;
      }[];
      const fullScans = nodes(result.Plan)
        .filter(readsWhole)
        .map((node) => ({
          table: node['Relation Name']!,
          rows: sizes.get(node['Relation Name']!) ?? 0,
          scan: node['Node Type'] === 'Seq Scan' ? 'Seq Scan' : `${node['Node Type']} without an index condition`,
        }))
        .filter(({ rows }) => rows > LARGE_TABLE_ROWS);
      explained.push({
        ...query,
        planning: result['Planning Time'],
        execution: result['Execution Time'],
        sharedHit: result.Plan['Shared Hit Blocks'] ?? 0,
        sharedRead: result.Plan['Shared Read Blocks'] ?? 0,
        fullScans,
        plan: fullScans.length
          ? (await explain('ANALYZE, BUFFERS')).map((row) => row['QUERY PLAN'] as string).join('\n')
          : undefined,
      });
    }
    return explained;
  } finally {
    await client.end();
  }
}

async function asApp(
  client: Client,
  appRole: string,
  query: CapturedQuery,
  text: string,
): Promise<Record<string, unknown>[]> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL ROLE ${client.escapeIdentifier(appRole)}`);
    if (query.organizationId)
      await client.query(`SELECT set_config('app.organization_id', $1, true)`, [query.organizationId]);
    return (await client.query<Record<string, unknown>>(text, query.values)).rows;
  } finally {
    await client.query('ROLLBACK');
  }
}

function readsWhole(node: PlanNode): boolean {
  if (!node['Relation Name']) return false;
  if (node['Node Type'] === 'Seq Scan') return true;
  return ['Index Scan', 'Index Only Scan'].includes(node['Node Type']) && !node['Index Cond'];
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}
