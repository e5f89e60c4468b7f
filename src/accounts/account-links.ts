import type { EntityManager } from 'typeorm';
import { type User } from '../users/user.entity';
import { type UsersService } from '../users/users.service';

/** A repository of links mailed for an account (password resets, changes of address), found by `Key`. */
export interface AccountLinks<Key, Link> {
  /** Whose link it is, read without locking the link. */
  accountIdOf(manager: EntityManager, key: Key): Promise<string | null>;
  lock(manager: EntityManager, key: Key): Promise<Link | null>;
}

/**
 * Inside the caller's transaction: a link and its account, both row-locked, the account first. Every step on an
 * account locks in this order, the account's row and then its links' rows (a new password, a confirmed address or a
 * deactivation ends the account's other links), and no other account's row (an address another account holds is
 * read, not locked), so that two steps at once wait for each other instead of deadlocking; the link is read again
 * under the lock, as the step before left it. Both null when no link has the key.
 */
export async function lockWithAccount<Key, Link>(
  manager: EntityManager,
  users: UsersService,
  links: AccountLinks<Key, Link>,
  key: Key,
): Promise<{ link: Link | null; account: User | null }> {
  const userId = await links.accountIdOf(manager, key);
  if (!userId) return { link: null, account: null };
  const account = await users.lockAccount(manager, userId);
  return { link: await links.lock(manager, key), account };
}
