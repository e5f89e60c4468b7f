import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../infra/config/app-config';
import { chainOf, organizationOfChain } from './audit-log';
import { asCheckpoint, checkpointFileName, type CheckpointProblem, type SignedCheckpoint } from './audit-checkpoint';
import { AuditSigningKey } from './audit-signing-key';

/** A checkpoint file as read back: its content when it has a checkpoint's fields, and why it cannot be trusted. */
export interface StoredCheckpoint {
  /** Relative to AUDIT_CHECKPOINT_DIR, e.g. org-<id>/20261129T031500.123Z-41.json. */
  file: string;
  checkpoint: SignedCheckpoint | null;
  problem: CheckpointProblem | null;
}

const ORGANIZATION_FOLDER = /^org-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const PLATFORM_FOLDER = 'platform';

/** One folder per chain, named after its organization: a chain's name has a colon, which not every file system allows. */
function folderOf(chain: string): string {
  const organizationId = organizationOfChain(chain);
  return organizationId ? `org-${organizationId}` : PLATFORM_FOLDER;
}

/** folderOf's inverse; null for a folder that is no chain's. */
function chainOfFolder(folder: string): string | null {
  if (folder === PLATFORM_FOLDER) return chainOf(null);
  const organization = ORGANIZATION_FOLDER.exec(folder);
  return organization ? chainOf(organization[1]) : null;
}

/**
 * The checkpoints outside the database (AUDIT_CHECKPOINT_DIR): one JSON file per checkpoint, in a folder per chain,
 * named by time and sequence. Files are only ever added, each whole or not at all, and never rewritten.
 */
@Injectable()
export class AuditCheckpointFiles {
  constructor(
    private readonly config: AppConfig,
    private readonly key: AuditSigningKey,
  ) {}

  /** Written to a temporary name, flushed to disk, then renamed: a reader never sees half a checkpoint. */
  async write(checkpoint: SignedCheckpoint): Promise<string> {
    const folder = folderOf(checkpoint.chain);
    await mkdir(join(this.config.auditCheckpointDir, folder), { recursive: true });
    const file = join(folder, checkpointFileName(checkpoint));
    const path = join(this.config.auditCheckpointDir, file);
    const temporary = join(this.config.auditCheckpointDir, folder, `.${randomBytes(8).toString('hex')}.tmp`);
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path).catch(async (error: Error) => {
      await rm(temporary, { force: true });
      throw error;
    });
    return file;
  }

  /** Chains with a folder of checkpoints, also those whose entries are all gone from the database. */
  async chains(): Promise<string[]> {
    const folders = await readdir(this.config.auditCheckpointDir, { withFileTypes: true }).catch(missingIsEmpty);
    return folders
      .filter((entry) => entry.isDirectory())
      .map((entry) => chainOfFolder(entry.name))
      .filter((chain) => chain !== null);
  }

  /** A chain's checkpoints, newest first, each checked against this installation's key. */
  async *newestFirst(chain: string): AsyncGenerator<StoredCheckpoint> {
    const folder = folderOf(chain);
    const names = await readdir(join(this.config.auditCheckpointDir, folder)).catch(missingIsEmpty);
    const checkpoints = names.filter((name) => name.endsWith('.json') && !name.startsWith('.'));
    for (const fileName of checkpoints.sort().reverse()) {
      const file = join(folder, fileName);
      let value: unknown;
      try {
        value = JSON.parse(await readFile(join(this.config.auditCheckpointDir, file), 'utf8'));
      } catch (error) {
        yield {
          file,
          checkpoint: null,
          problem: { code: 'unreadable', reason: `cannot be read (${(error as Error).message})` },
        };
        continue;
      }
      yield { file, checkpoint: asCheckpoint(value), problem: this.key.problemOf(value, { chain, fileName }) };
    }
  }

  /** The newest checkpoints of a chain, trusted or not. */
  async newest(chain: string, limit: number): Promise<StoredCheckpoint[]> {
    const found: StoredCheckpoint[] = [];
    for await (const stored of this.newestFirst(chain)) {
      found.push(stored);
      if (found.length === limit) break;
    }
    return found;
  }
}

function missingIsEmpty(error: NodeJS.ErrnoException): never[] {
  if (error.code === 'ENOENT') return [];
  throw error;
}
