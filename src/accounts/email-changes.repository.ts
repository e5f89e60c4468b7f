import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { type AccountLinks } from './account-links';
import { EmailChange } from './email-change.entity';

/** A change by its id (its mails being written) or by the hash of the token of one of its links. */
type EmailChangeKey = { id: string } | { tokenHash: string } | { cancelTokenHash: string };

/** The only place that queries e-mail address changes. */
@Injectable()
export class EmailChangesRepository implements AccountLinks<EmailChangeKey, EmailChange> {
  constructor(@InjectRepository(EmailChange) private readonly changes: Repository<EmailChange>) {}

  add(manager: EntityManager, change: Pick<EmailChange, 'userId' | 'newEmail' | 'expiresAt'>): Promise<EmailChange> {
    return manager.save(
      manager.create(EmailChange, { ...change, tokenHash: null, cancelTokenHash: null, usedAt: null }),
    );
  }

  save(manager: EntityManager, change: EmailChange): Promise<EmailChange> {
    return manager.save(change);
  }

  async accountIdOf(manager: EntityManager, key: EmailChangeKey): Promise<string | null> {
    const change = await manager.findOne(EmailChange, { where: key, select: { id: true, userId: true } });
    return change?.userId ?? null;
  }

  /** Row-locked once its account is (lockWithAccount in account-links.ts). */
  lock(manager: EntityManager, key: EmailChangeKey): Promise<EmailChange | null> {
    return manager.findOne(EmailChange, { where: key, lock: { mode: 'pessimistic_write' } });
  }

  /** With its account, for the page behind the link. */
  findByTokenHash(tokenHash: string): Promise<EmailChange | null> {
    return this.changes.findOne({ where: { tokenHash }, relations: { user: true } });
  }

  /** With its account, for the page behind the notice's link. */
  findByCancelTokenHash(cancelTokenHash: string): Promise<EmailChange | null> {
    return this.changes.findOne({ where: { cancelTokenHash }, relations: { user: true } });
  }

  /** The user's change still waiting for its link (at most one: a later request ends an earlier one). */
  findOpenOf(userId: string, now: Date): Promise<EmailChange | null> {
    return this.changes.findOne({
      where: { userId, usedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
    });
  }

  /** Row-locked once its account is, in the order of every step on an account (account-links.ts). */
  lockOpenOf(manager: EntityManager, userId: string, now: Date): Promise<EmailChange | null> {
    return manager.findOne(EmailChange, {
      where: { userId, usedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Every still unused change of the user stops working (one was used, a newer one asked for, a deactivation). */
  async endOpenOf(manager: EntityManager, userId: string, at: Date): Promise<void> {
    await manager.update(EmailChange, { userId, usedAt: IsNull() }, { usedAt: at });
  }
}
