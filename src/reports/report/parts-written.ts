import { type EntityManager } from 'typeorm';

/**
 * The reports whose parts — budget lines, KPI results, plan copy, editions — a transaction has written, marked by the
 * repository methods that write them. A change that wrote only the report's row answers from what it read before the
 * change; one that wrote its parts reads them again (ReportsRepository.afterChange). Kept by the repositories, not
 * declared by each change, so that no change can forget it. Keyed by the transaction's manager, which lives as long.
 */
const written = new WeakMap<EntityManager, Set<string>>();

export function markPartsWritten(manager: EntityManager, reportIds: Iterable<string>): void {
  const reports = written.get(manager) ?? new Set<string>();
  for (const reportId of reportIds) reports.add(reportId);
  written.set(manager, reports);
}

export function partsWritten(manager: EntityManager, reportId: string): boolean {
  return written.get(manager)?.has(reportId) ?? false;
}
