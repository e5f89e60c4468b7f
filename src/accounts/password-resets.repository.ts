import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { PasswordReset } from './password-reset.entity';

/** The only place that queries password reset links. */
@Injectable()
export class PasswordResetsRepository {
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

  lockById(manager: EntityManager, resetId: string): Promise<PasswordReset | null> {
    return manager.findOne(PasswordReset, { where: { id: resetId }, lock: { mode: 'pessimistic_write' } });
  }

  lockByTokenHash(manager: EntityManager, tokenHash: string): Promise<PasswordReset | null> {
    return manager.findOne(PasswordReset, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
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
