import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './audit-hash';

/** Names the layout of a checkpoint and of its signed message, so that a later layout can be told apart. */
export const CHECKPOINT_FORMAT = 'kpiv-audit-checkpoint/1';

/** What a checkpoint vouches for: at `recordedAt` the chain's last entry had this sequence and hash. */
export interface CheckpointContent {
  format: typeof CHECKPOINT_FORMAT;
  chain: string;
  /** Null for the platform chain. */
  organizationId: string | null;
  /** 地方公共団体コード, so that a printed checkpoint names the municipality. */
  organizationCode: string | null;
  sequence: number;
  hash: string;
  recordedAt: string;
}

export interface SignedCheckpoint extends CheckpointContent {
  /** The signing key's public half (SPKI PEM), so an auditor can check the signature with openssl. */
  publicKey: string;
  /** Ed25519 signature of signedMessage(content), base64. */
  signature: string;
}

export type CheckpointProblemCode = 'unreadable' | 'unsigned' | 'unknown-key' | 'bad-signature' | 'misplaced';

export interface CheckpointProblem {
  code: CheckpointProblemCode;
  reason: string;
}

const CONTENT_KEYS = [
  'format',
  'chain',
  'organizationId',
  'organizationCode',
  'sequence',
  'hash',
  'recordedAt',
] as const satisfies readonly (keyof CheckpointContent)[];

/**
 * The exact text that is signed: the checkpoint without publicKey and signature, keys sorted, no spaces
 * (what `jq -cjS 'del(.publicKey, .signature)'` prints for a checkpoint file).
 */
export function signedMessage(content: CheckpointContent): string {
  return canonicalJson(Object.fromEntries(CONTENT_KEYS.map((key) => [key, content[key]])));
}

export function signCheckpoint(content: CheckpointContent, privateKey: KeyObject): SignedCheckpoint {
  return {
    ...content,
    publicKey: publicKeyPem(privateKey),
    signature: sign(null, Buffer.from(signedMessage(content)), privateKey).toString('base64'),
  };
}

/** Append-only names that sort by time: 20261129T031500.123Z-41.json is entry 41 signed at 03:15:00.123 UTC. */
export function checkpointFileName(content: Pick<CheckpointContent, 'recordedAt' | 'sequence'>): string {
  return `${content.recordedAt.replace(/[-:]/g, '')}-${content.sequence}.json`;
}

/** The stored value as a checkpoint, or null when it does not have a checkpoint's fields (signature aside). */
export function asCheckpoint(value: unknown): SignedCheckpoint | null {
  if (value === null || typeof value !== 'object') return null;
  const candidate = value as Record<string, unknown>;
  const nullableText = (field: unknown) => field === null || typeof field === 'string';
  const wellFormed =
    candidate.format === CHECKPOINT_FORMAT &&
    typeof candidate.chain === 'string' &&
    nullableText(candidate.organizationId) &&
    nullableText(candidate.organizationCode) &&
    Number.isInteger(candidate.sequence) &&
    (candidate.sequence as number) > 0 &&
    typeof candidate.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(candidate.hash) &&
    typeof candidate.recordedAt === 'string' &&
    !Number.isNaN(Date.parse(candidate.recordedAt)) &&
    nullableText(candidate.publicKey ?? null) &&
    nullableText(candidate.signature ?? null);
  return wellFormed ? (candidate as unknown as SignedCheckpoint) : null;
}

/**
 * Why a stored checkpoint cannot be trusted, or null when `trustedKey` signed exactly its content and it is stored
 * where its content says (its chain's folder, under its own name). The public key written in the file is never
 * trusted: anyone can sign with a key of their own.
 */
export function checkpointProblem(
  value: unknown,
  trustedKey: KeyObject,
  location: { chain: string; fileName: string },
): CheckpointProblem | null {
  const checkpoint = asCheckpoint(value);
  if (!checkpoint) return { code: 'unreadable', reason: `is not a checkpoint (${CHECKPOINT_FORMAT})` };
  if (!checkpoint.signature) return { code: 'unsigned', reason: 'is not signed' };
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (!verify(null, Buffer.from(signedMessage(checkpoint)), trustedKey, signature)) {
    return checkpoint.publicKey && checkpoint.publicKey.trim() !== publicKeyPem(trustedKey).trim()
      ? {
          code: 'unknown-key',
          reason: `is signed with a key other than this installation's (${fingerprintOf(trustedKey)})`,
        }
      : {
          code: 'bad-signature',
          reason: 'has a signature that does not match its content (altered after it was signed)',
        };
  }
  if (checkpoint.chain !== location.chain)
    return { code: 'misplaced', reason: `belongs to the chain ${checkpoint.chain}, not ${location.chain}` };
  if (checkpointFileName(checkpoint) !== location.fileName)
    return { code: 'misplaced', reason: `is named differently from its content (${checkpointFileName(checkpoint)})` };
  return null;
}

/** SPKI PEM of the public half of a key (or of a public key). */
export function publicKeyPem(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
}

/**
 * SHA-256 of the public key (DER), for reading out or printing next to the key:
 * `openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sha256 -binary | openssl base64`.
 */
export function fingerprintOf(key: KeyObject): string {
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

// PKCS#8 header of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A deterministic Ed25519 key from 32 bytes of seed. */
export function ed25519KeyFromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}
