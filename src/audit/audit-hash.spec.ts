import { canonicalJson, entryHash, GENESIS_HASH } from './audit-hash';

describe('audit hashing', () => {
  const content = {
    chain: 'platform',
    sequence: 1,
    organizationId: null,
    occurredAt: new Date('2026-11-23T00:00:00.000Z'),
    actorUserId: null,
    actorRoles: [],
    action: 'auth.login_failed',
    entityType: null,
    entityId: null,
    requestId: 'r1',
    ipAddress: '127.0.0.1',
    details: { b: 1, a: [{ d: 2, c: 3 }] },
  };

  it('is independent of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [2, { f: 1, e: 2 }] } })).toBe(
      '{"a":{"c":[2,{"e":2,"f":1}],"d":1},"b":1}',
    );
  });

  it('ignores what is not content (a stored row also carries id and hash)', () => {
    expect(entryHash({ ...content, id: '7', hash: 'x' } as typeof content, GENESIS_HASH)).toBe(
      entryHash(content, GENESIS_HASH),
    );
  });

  it('changes with any field and with the previous hash', () => {
    const hash = entryHash(content, GENESIS_HASH);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...content, details: { a: [{ c: 3, d: 2 }], b: 1 } }, GENESIS_HASH)).toBe(hash);
    expect(entryHash({ ...content, action: 'auth.login_succeeded' }, GENESIS_HASH)).not.toBe(hash);
    expect(entryHash(content, 'f'.repeat(64))).not.toBe(hash);
  });

  it('hashes exactly as the entries already stored were hashed (a new way of writing it must not change a hash)', () => {
    const stored = {
      ...content,
      chain: 'org:1',
      sequence: 7,
      organizationId: '1',
      occurredAt: new Date('2026-11-23T00:00:00.123Z'),
      actorUserId: 'u',
      actorRoles: ['planning', 'owner'],
      action: 'report.submitted',
      entityType: 'report',
      entityId: 'e',
      requestId: null,
      ipAddress: '::1',
      details: { z: undefined, b: [1, undefined, { y: 'é"\n', x: null }], a: { c: true } },
    };
    expect(entryHash(stored, 'a'.repeat(64))).toBe('53b253c11f06ebfb512c4885de937c9a5f9faed4bd2e33ba13b1e96e2daff0ae');
    expect(canonicalJson({ b: [1, undefined, { y: 'é"\n' }], a: undefined, '"q': 1.5e300 })).toBe(
      '{"\\"q":1.5e+300,"b":[1,null,{"y":"é\\"\\n"}]}',
    );
  });
});
