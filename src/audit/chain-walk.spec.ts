import fc from 'fast-check';
import { type SealedEntry } from './audit-entries.repository';
import { entryHash, GENESIS_HASH } from './audit-hash';
import { ChainWalk } from './chain-walk';

/** A chain of `length` entries, each linked to the one before and hashed as the sealer does. */
function sealedChain(length: number): SealedEntry[] {
  const entries: SealedEntry[] = [];
  for (let sequence = 1, previousHash = GENESIS_HASH; sequence <= length; sequence++) {
    const content = {
      chain: 'org:1',
      sequence,
      organizationId: '1',
      occurredAt: new Date(Date.UTC(2026, 3, 1, 9, sequence)),
      actorUserId: 'u',
      actorRoles: ['owner'],
      action: 'report.submitted',
      entityType: 'report',
      entityId: `r${sequence}`,
      requestId: null,
      ipAddress: null,
      details: { version: sequence },
    };
    const hash = entryHash(content, previousHash);
    entries.push({ ...content, id: String(100 + sequence), previousHash, hash });
    previousHash = hash;
  }
  return entries;
}

const inSequence = (entries: SealedEntry[]) => [...entries].sort((a, b) => a.sequence - b.sequence);

function walkedInOrder(entries: SealedEntry[], checkpoint?: number): ChainWalk {
  const walk = new ChainWalk(checkpoint);
  for (const entry of inSequence(entries)) walk.take(entry);
  return walk;
}

function walkedAsRead(entries: SealedEntry[], checkpoint?: number): { walk: ChainWalk; placed: boolean } {
  const walk = new ChainWalk(checkpoint);
  let placed = true;
  for (const entry of entries) placed = walk.takeAsRead(entry) && placed;
  walk.finish();
  return { walk, placed };
}

const found = ({ checked, firstBroken, atCheckpoint }: ChainWalk) => ({ checked, firstBroken, atCheckpoint });

/** What an attacker with the database could have done to one entry. */
type Tampering = 'none' | 'deleted' | 'content edited' | 'relinked' | 'repeated';

function tampered(entries: SealedEntry[], how: Tampering, at: number): SealedEntry[] {
  const target = entries[at];
  switch (how) {
    case 'none':
      return entries;
    case 'deleted':
      return entries.filter((entry) => entry !== target);
    case 'content edited':
      return entries.map((entry) => (entry === target ? { ...entry, details: { version: 0 } } : entry));
    case 'relinked':
      return entries.map((entry) => (entry === target ? { ...entry, previousHash: 'f'.repeat(64) } : entry));
    case 'repeated':
      return [...entries, { ...target, id: '999' }];
  }
}

describe('A walk along an audit chain', () => {
  it('verifies a whole chain in sequence order, and keeps the entry at the checkpoint', () => {
    const entries = sealedChain(5);
    expect(found(walkedInOrder(entries, 3))).toEqual({
      checked: 5,
      firstBroken: undefined,
      atCheckpoint: { id: '103', hash: entries[2].hash },
    });
  });

  it('names the first broken entry and checks nothing after it', () => {
    const entries = tampered(sealedChain(6), 'content edited', 2);
    expect(found(walkedInOrder(entries))).toMatchObject({
      checked: 2,
      firstBroken: {
        id: '103',
        sequence: 3,
        reason: 'content does not match its hash (modified after it was written)',
      },
    });
    expect(walkedInOrder(tampered(sealedChain(6), 'deleted', 2)).firstBroken).toEqual({
      id: '104',
      sequence: 4,
      reason: 'entry 3 of the chain is missing',
    });
    expect(walkedInOrder(tampered(sealedChain(6), 'relinked', 4)).firstBroken?.reason).toBe(
      'does not link to the previous entry',
    );
    expect(walkedInOrder(tampered(sealedChain(6), 'repeated', 1)).firstBroken?.reason).toBe(
      'repeats the sequence of the entry before',
    );
  });

  it('given the entries as the table holds them, lets one read early wait for the one it follows', () => {
    const [first, second, third] = sealedChain(3);
    const walk = new ChainWalk(undefined);
    expect(walk.takeAsRead(third)).toBe(true);
    expect(walk.takeAsRead(second)).toBe(true);
    expect([walk.checked, walk.waiting]).toEqual([0, 2]);
    walk.takeAsRead(first);
    expect([walk.checked, walk.waiting, walk.stopped]).toEqual([3, 0, false]);
  });

  it('finds what a walk in sequence order finds, in any order the table holds the entries, whatever was done to one', () => {
    const tamperings: Tampering[] = ['none', 'deleted', 'content edited', 'relinked', 'repeated'];
    const cases = fc
      .record({
        length: fc.integer({ min: 1, max: 12 }),
        how: fc.constantFrom(...tamperings),
        at: fc.nat(),
        checkpoint: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      })
      .chain(({ length, how, at, checkpoint }) => {
        const entries = tampered(sealedChain(length), how, at % length);
        return fc.record({
          how: fc.constant(how),
          checkpoint: fc.constant(checkpoint),
          entries: fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
        });
      });
    fc.assert(
      fc.property(cases, ({ how, checkpoint, entries }) => {
        const { walk, placed } = walkedAsRead(entries, checkpoint);
        // An entry repeated cannot always be placed; the verification then walks the chain in order instead.
        if (how === 'repeated' && !placed) return;
        expect(placed).toBe(true);
        expect(found(walk)).toEqual(found(walkedInOrder(entries, checkpoint)));
        expect(walk.waiting).toBe(0);
      }),
    );
  });
});
