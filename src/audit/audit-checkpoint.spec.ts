import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHECKPOINT_FORMAT,
  type CheckpointContent,
  checkpointFileName,
  checkpointProblem,
  ed25519KeyFromSeed,
  fingerprintOf,
  publicKeyPem,
  signCheckpoint,
  signedMessage,
} from './audit-checkpoint';

describe('audit checkpoints', () => {
  const key = ed25519KeyFromSeed(Buffer.alloc(32, 7));
  const content: CheckpointContent = {
    format: CHECKPOINT_FORMAT,
    chain: 'org:5b0e8c4e-0a5f-4d43-9a53-7f1c1c0f2b11',
    organizationId: '5b0e8c4e-0a5f-4d43-9a53-7f1c1c0f2b11',
    organizationCode: '012041',
    sequence: 41,
    hash: 'a'.repeat(64),
    recordedAt: '2026-11-29T03:15:00.123Z',
  };
  const location = { chain: content.chain, fileName: '20261129T031500.123Z-41.json' };
  const signed = signCheckpoint(content, key);

  it('are named by time, then sequence, so that names sort by time', () => {
    expect(checkpointFileName(content)).toBe(location.fileName);
    expect(checkpointFileName({ recordedAt: '2026-11-29T03:15:00.124Z', sequence: 1 }) > location.fileName).toBe(true);
  });

  it('sign their content and publish the public key beside the signature', () => {
    expect(signed).toMatchObject({ ...content, publicKey: publicKeyPem(key) });
    expect(signed.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    expect(checkpointProblem(JSON.parse(JSON.stringify(signed)), key, location)).toBeNull();
  });

  it('sign their fields without publicKey and signature, keys sorted, no spaces', () => {
    const { publicKey: _publicKey, signature: _signature, ...fields } = signed;
    const sorted = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(signedMessage(signed)).toBe(JSON.stringify(sorted));
  });

  it('can be checked by an auditor with openssl and the published key', () => {
    const folder = mkdtempSync(join(tmpdir(), 'checkpoint-'));
    try {
      writeFileSync(join(folder, 'key.pem'), signed.publicKey);
      writeFileSync(join(folder, 'message'), signedMessage(signed));
      writeFileSync(join(folder, 'signature'), Buffer.from(signed.signature, 'base64'));
      const verify = (message: string) =>
        spawnSync(
          'openssl',
          ['pkeyutl', '-verify', '-pubin', '-inkey', 'key.pem', '-rawin', '-in', message, '-sigfile', 'signature'],
          { cwd: folder, encoding: 'utf8' },
        );
      expect(verify('message').stdout).toMatch(/Signature Verified Successfully/);
      writeFileSync(join(folder, 'altered'), signedMessage({ ...signed, sequence: 36 }));
      expect(verify('altered').status).not.toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('report a changed field as a bad signature', () => {
    expect(checkpointProblem({ ...signed, hash: 'b'.repeat(64) }, key, location)).toMatchObject({
      code: 'bad-signature',
    });
    expect(checkpointProblem({ ...signed, sequence: 36 }, key, location)?.code).toBe('bad-signature');
  });

  it('report a checkpoint without a signature', () => {
    const { signature: _signature, ...unsigned } = signed;
    expect(checkpointProblem(unsigned, key, location)?.code).toBe('unsigned');
    expect(checkpointProblem({ ...signed, signature: '' }, key, location)?.code).toBe('unsigned');
  });

  it('trust only the installation’s key, never the key written in the file', () => {
    const { privateKey: forger } = generateKeyPairSync('ed25519');
    const forged = signCheckpoint({ ...content, sequence: 36 }, forger);
    const problem = checkpointProblem(forged, key, location);
    expect(problem?.code).toBe('unknown-key');
    expect(problem?.reason).toContain(fingerprintOf(key));
  });

  it('report a signed checkpoint moved to another chain or renamed', () => {
    expect(checkpointProblem(signed, key, { ...location, chain: 'platform' })?.code).toBe('misplaced');
    expect(checkpointProblem(signed, key, { ...location, fileName: '20261130T000000.000Z-41.json' })?.code).toBe(
      'misplaced',
    );
  });

  it('report what is not a checkpoint at all', () => {
    for (const value of [null, 'text', {}, { ...signed, format: 'other/1' }, { ...signed, hash: 'not hex' }])
      expect(checkpointProblem(value, key, location)?.code).toBe('unreadable');
  });

  it('derive the same key from the same seed', () => {
    expect(fingerprintOf(ed25519KeyFromSeed(Buffer.alloc(32, 7)))).toBe(fingerprintOf(key));
    expect(fingerprintOf(ed25519KeyFromSeed(Buffer.alloc(32, 8)))).not.toBe(fingerprintOf(key));
    expect(fingerprintOf(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}=$/);
  });
});
