import { ConflictException } from '@nestjs/common';
import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/**
 * A stale edit is refused whole, so nothing the other person saved is overwritten. The version it is at now is in the
 * refusal's details, where the API's error body keeps it.
 */
export function assertCurrentVersion(what: string, currentVersion: number, editedVersion: number): void {
  const ahead = versionNeverSaved(what, currentVersion, editedVersion);
  if (ahead) throw ahead;
  if (currentVersion !== editedVersion) {
    throw new ConflictException({
      message: `The ${what} was changed by someone else (now version ${currentVersion}, you edited version ${editedVersion}). Reload it and apply your change again.`,
      details: { currentVersion },
    });
  }
}

/**
 * The refusal of a version the record has not reached: no one read it, so "changed by someone else" would mislead; the
 * request was typed or altered. Null for a version that was saved.
 */
export function versionNeverSaved(what: string, currentVersion: number, sentVersion: number): ConflictException | null {
  if (sentVersion <= currentVersion) return null;
  return new ConflictException({
    message: `The ${what} has no version ${sentVersion} (it is at version ${currentVersion}). Read it again and send the version you read.`,
    details: { currentVersion },
  });
}

/**
 * Moves the version on exactly once per accepted edit. TypeORM's save() bumps it only when a column of the
 * row itself changed; edits to child rows (KPIs, budget lines) must count too.
 */
export async function completeVersionBump<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  editedVersion: number,
): Promise<number> {
  const row = (await manager
    .getRepository(entity)
    .findOneOrFail({ where: { id } as never, select: { id: true, version: true } as never })) as unknown as {
    version: number;
  };
  if (row.version !== editedVersion) return row.version;
  await manager.getRepository(entity).increment({ id } as never, 'version', 1);
  return editedVersion + 1;
}
