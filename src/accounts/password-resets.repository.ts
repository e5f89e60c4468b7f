import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { type AccountLinks } from './account-links';
import { PasswordReset } from './password-reset.entity';

/** A link by its id (its mail being written) or by its token's hash (the link opened). */
type ResetKey = { id: string } | { tokenHash: string };

/** The only place that queries password reset links. */
@Injectable()
export class PasswordResetsRepository implements AccountLinks<ResetKey, PasswordReset> {
  constructor(@InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>) {}

  add(
    manager: EntityManager,
    reset: Pick<PasswordReset, 'userId' | 'requestedById' | 'expiresAt'>,
  ): Promise<PasswordReset> {
    return manager.save(manager.create(PasswordReset, { ...reset, tokenHash: null, usedAt: null }));
  }

  save(manager: EntityManager, reset: PasswordReset): Promise<PasswordReset> {
    return manager.save(reset);
  }

  async accountIdOf(manager: EntityManager, key: ResetKey): Promise<string | null> {
    const reset = await manager.findOne(PasswordReset, { where: key, select: { id: true, userId: true } });
    return reset?.userId ?? null;
  }

  /** Row-locked once its account is (lockWithAccount in account-links.ts). */
  lock(manager: EntityManager, key: ResetKey): Promise<PasswordReset | null> {
    return manager.findOne(PasswordReset, { where: key, lock: { mode: 'pessimistic_write' } });
  }

  /** With its account, for the page behind the link. */
  findByTokenHash(tokenHash: string): Promise<PasswordReset | null> {
    return this.resets.findOne({ where: { tokenHash }, relations: { user: true } });
  }

  /** Every still unused link of the user stops working (one was used, or the account was deactivated). */
  async endOpenOf(manager: EntityManager, userId: string, at: Date): Promise<void> {
    await manager.update(PasswordReset, { userId, usedAt: IsNull() }, { usedAt: at });
  }
}
