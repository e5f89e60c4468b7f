import { type SealedEntry } from './audit-entries.repository';
import { entryHash, GENESIS_HASH } from './audit-hash';

export interface BrokenEntry {
  id: string;
  sequence: number;
  reason: string;
}

/** What the walk keeps of an entry read before the one it follows: its content is checked on arrival. */
interface Link {
  id: string;
  sequence: number;
  previousHash: string;
  hash: string;
  contentMatches: boolean;
}

/**
 * A walk along one chain: each entry must follow the one before by sequence, link to it by hash and hash as recorded.
 * It stops at the first that does not. Entries are given in sequence order (`take`) or as the table holds them
 * (`takeAsRead`), where one can come a little before the one it follows: it waits for it.
 */
export class ChainWalk {
  /** Entries verified before the first broken one. */
  checked = 0;
  firstBroken?: BrokenEntry;
  /** The entry at the checkpoint's sequence, once walked past. */
  atCheckpoint?: { id: string; hash: string };
  private previousHash = GENESIS_HASH;
  private readonly early = new Map<number, Link>();

  constructor(private readonly checkpointSequence: number | undefined) {}

  get stopped(): boolean {
    return this.firstBroken !== undefined;
  }

  /** Entries read before the one they follow, still waiting for it. */
  get waiting(): number {
    return this.early.size;
  }

  /** The chain's next entry by sequence; a walk that has stopped takes no more. */
  take(entry: SealedEntry): void {
    if (this.stopped) return;
    if (entry.sequence <= this.checked) return this.broken(entry, 'repeats the sequence of the entry before');
    if (entry.sequence !== this.checked + 1) return this.broken(entry, this.missing());
    this.link(checked(entry));
  }

  /**
   * One of the chain's entries in any order. False when the walk cannot place it (a second entry of a sequence already
   * taken or waiting, even after a break): only a walk in sequence order can then say which entry breaks the chain first.
   */
  takeAsRead(entry: SealedEntry): boolean {
    if (entry.sequence <= this.checked || this.early.has(entry.sequence)) return false;
    if (this.stopped) return true;
    if (entry.sequence > this.checked + 1) {
      this.early.set(entry.sequence, checked(entry));
      return true;
    }
    this.link(checked(entry));
    for (let next = this.early.get(this.checked + 1); next; next = this.early.get(this.checked + 1)) {
      this.early.delete(next.sequence);
      this.link(next);
    }
    return true;
  }

  /** Once every entry was taken as read: one still waiting follows a sequence that never came. */
  finish(): void {
    if (this.stopped || this.early.size === 0) return;
    const after = [...this.early.values()].reduce((lowest, link) => (link.sequence < lowest.sequence ? link : lowest));
    this.broken(after, this.missing());
    this.early.clear();
  }

  private link(entry: Link): void {
    if (entry.previousHash !== this.previousHash) return this.broken(entry, 'does not link to the previous entry');
    if (!entry.contentMatches)
      return this.broken(entry, 'content does not match its hash (modified after it was written)');
    if (entry.sequence === this.checkpointSequence) this.atCheckpoint = { id: entry.id, hash: entry.hash };
    this.previousHash = entry.hash;
    this.checked++;
  }

  private missing(): string {
    return `entry ${this.checked + 1} of the chain is missing`;
  }

  private broken({ id, sequence }: { id: string; sequence: number }, reason: string): void {
    this.firstBroken = { id, sequence, reason };
    this.early.clear();
  }
}

function checked(entry: SealedEntry): Link {
  const { id, sequence, previousHash, hash } = entry;
  return { id, sequence, previousHash, hash, contentMatches: entryHash(entry, previousHash) === hash };
}
