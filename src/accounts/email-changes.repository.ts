import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { EmailChange } from './email-change.entity';

/** The only place that queries e-mail address changes. */
@Injectable()
export class EmailChangesRepository {
  constructor(@InjectRepository(EmailChange) private readonly changes: Repository<EmailChange>) {}

  add(manager: EntityManager, change: Pick<EmailChange, 'userId' | 'newEmail' | 'expiresAt'>): Promise<EmailChange> {
    return manager.save(
      manager.create(EmailChange, { ...change, tokenHash: null, cancelTokenHash: null, usedAt: null }),
    );
  }

  save(manager: EntityManager, change: EmailChange): Promise<EmailChange> {
    return manager.save(change);
  }

  lockById(manager: EntityManager, changeId: string): Promise<EmailChange | null> {
    return manager.findOne(EmailChange, { where: { id: changeId }, lock: { mode: 'pessimistic_write' } });
  }

  lockByTokenHash(manager: EntityManager, tokenHash: string): Promise<EmailChange | null> {
    return manager.findOne(EmailChange, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  lockByCancelTokenHash(manager: EntityManager, cancelTokenHash: string): Promise<EmailChange | null> {
    return manager.findOne(EmailChange, { where: { cancelTokenHash }, lock: { mode: 'pessimistic_write' } });
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

  lockOpenOf(manager: EntityManager, userId: string, now: Date): Promise<EmailChange | null> {
    return manager.findOne(EmailChange, {
      where: { userId, usedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Every still unused change of the user stops working (one was used, or a newer one asked for). */
  async endOpenOf(manager: EntityManager, userId: string, at: Date): Promise<void> {
    await manager.update(EmailChange, { userId, usedAt: IsNull() }, { usedAt: at });
  }
}
