import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  chain: string;
  sequence: number;
  organizationId: string | null;
  occurredAt: Date;
  actorUserId: string | null;
  actorRoles: string[];
  action: string;
  entityType: string | null;
  entityId: string | null;
  requestId: string | null;
  ipAddress: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every level, so the same content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Only the listed fields are hashed, so a stored row (which also has id and hash) hashes as it did when written. */
export function entryHash(content: HashedContent, previousHash: string): string {
  const {
    chain,
    sequence,
    organizationId,
    occurredAt,
    actorUserId,
    actorRoles,
    action,
    entityType,
    entityId,
    requestId,
    ipAddress,
    details,
  } = content;
  const material = canonicalJson({
    chain,
    sequence,
    organizationId,
    occurredAt: occurredAt.toISOString(),
    actorUserId,
    actorRoles,
    action,
    entityType,
    entityId,
    requestId,
    ipAddress,
    details,
    previousHash,
  });
  return createHash('sha256').update(material).digest('hex');
}
