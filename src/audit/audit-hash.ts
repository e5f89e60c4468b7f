import { hash } from 'node:crypto';

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

/**
 * JSON with object keys sorted at every level, so the same content always hashes the same (jsonb reorders keys).
 * Loops appending to one string, not map/filter/join: verifying a million entries spends most of its time here.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += canonicalJson(value[index]);
    }
    return text + ']';
  }
  const object = value as Record<string, unknown>;
  return canonicalMembers(
    object,
    Object.keys(object)
      .sort()
      .map((key) => [key, `${JSON.stringify(key)}:`]),
  );
}

/** `{"key":value,…}` in the given order, leaving out undefined values as JSON.stringify does. */
function canonicalMembers(object: Record<string, unknown>, keys: readonly (readonly [string, string])[]): string {
  let text = '{';
  for (const [key, quoted] of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += quoted;
    text += canonicalJson(member);
  }
  return text + '}';
}

/** The hashed fields and the previous hash, sorted and quoted once: every entry has these keys. */
const MATERIAL_KEYS = (
  [
    'chain',
    'sequence',
    'organizationId',
    'occurredAt',
    'actorUserId',
    'actorRoles',
    'action',
    'entityType',
    'entityId',
    'requestId',
    'ipAddress',
    'details',
    'previousHash',
  ] satisfies (keyof HashedContent | 'previousHash')[]
)
  .sort()
  .map((key) => [key, `${JSON.stringify(key)}:`] as const);

/** Only MATERIAL_KEYS are hashed, so a stored row (which also has id and hash) hashes as it did when written. */
export function entryHash(content: HashedContent, previousHash: string): string {
  const material = { ...content, occurredAt: content.occurredAt.toISOString(), previousHash };
  return hash('sha256', canonicalMembers(material, MATERIAL_KEYS), 'hex');
}
