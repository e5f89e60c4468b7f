import { Client } from 'pg';
import { currentOrganizationScope } from './organization-scope';
import { assertNotBesideTransaction } from './transaction-connection';

/**
 * How many statements one connection keeps prepared at most. The app has a few hundred query shapes; beyond the cap
 * (an `IN` list of a new length, say) a statement is planned each time, as before, so memory stays bounded.
 */
const MAX_PREPARED_PER_CONNECTION = 2000;

/** PostgreSQL's answer to a prepared statement whose selected columns changed type since it was prepared. */
const STALE_PLAN = 'cached plan must not change result type';

type Query = (...args: unknown[]) => never;

/** How TypeORM begins a transaction (PostgresQueryRunner.startTransaction). */
const BEGIN = 'START TRANSACTION';

/**
 * A pg client that prepares every statement with parameters under a name of its own, so that PostgreSQL
 * parses and plans it once per connection instead of on every run: the read model's query of ten joined tables spent
 * longer being planned than executed. PostgreSQL re-plans a prepared statement itself after a schema change, and keeps
 * custom plans where a generic one would be worse (plan_cache_mode auto).
 *
 * Statements without parameters keep the simple protocol: a migration may send several in one string.
 */
export class PreparingClient extends Client {
  /** Statement names by text: a text's hash is kept with the string, so looking up the same text again costs little. */
  private readonly prepared = new Map<string, string>();
  private generation = 0;

  override query(...args: unknown[]): never {
    assertNotBesideTransaction(this);
    const query = super.query.bind(this) as Query;
    const [text, values, ...rest] = args;
    if (text === BEGIN) return query(this.beginning(), values, ...rest);
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return query(...args);
    let name = this.prepared.get(text);
    if (name === undefined) {
      if (this.prepared.size >= MAX_PREPARED_PER_CONNECTION) return query(...args);
      name = `${this.generation}.${this.prepared.size}`;
      this.prepared.set(text, name);
    }
    const result: unknown = query({ name, text, values }, ...rest);
    if (!(result instanceof Promise)) return result as never;
    return result.catch((error: unknown) => {
      // A migration changed the type of a column this connection's statements select (while this process ran): the
      // statement fails this once, and every statement is prepared anew under new names from here on.
      if (error instanceof Error && error.message === STALE_PLAN) this.prepareAnew();
      throw error;
    }) as never;
  }

  /**
   * A transaction begun on behalf of an organization (inOrganizationScope) tells PostgreSQL which, whose row-level
   * security then hides and refuses other organizations' rows: in the same round trip as its BEGIN, a statement fewer
   * in every change. Transaction-local: the pooled connection forgets it at commit or rollback.
   */
  private beginning(): string {
    const organizationId = currentOrganizationScope();
    if (organizationId === undefined) return BEGIN;
    return `${BEGIN}; SELECT set_config('app.organization_id', ${this.escapeLiteral(organizationId)}, true)`;
  }

  private prepareAnew(): void {
    this.generation += 1;
    this.prepared.clear();
  }
}
