import type { EntityManager } from 'typeorm';

/**
 * Waits for, then holds until the caller's transaction ends, the lock named `key` (in any process): for rules over
 * rows that do not exist yet, where there is no row to lock (one open invitation an address, one import at a time).
 */
export async function lockUntilCommit(manager: EntityManager, key: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
}
