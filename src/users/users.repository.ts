import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { User } from './user.entity';

/** The only place that queries user accounts. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** With the password hash, which is otherwise never selected. */
  findWithPasswordHash(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .getOne();
  }

  /** Display names of accounts by id, members of an organization now or not: for records that outlive a membership. */
  async namesOf(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const users = await this.users.find({
      select: { id: true, displayName: true },
      where: { id: In([...new Set(userIds)]) },
    });
    return new Map(users.map((user) => [user.id, user.displayName]));
  }

  findById(userId: string): Promise<User | null> {
    return this.users.findOneBy({ id: userId });
  }

  /** With every membership, its organization and department, oldest first. */
  findWithMemberships(userId: string): Promise<User | null> {
    // One statement: findOne limits to one row, so with joined memberships it first selects the distinct ids.
    return this.users
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.memberships', 'membership')
      .leftJoinAndSelect('membership.organization', 'organization')
      .leftJoinAndSelect('membership.department', 'department')
      .where('user.id = :userId', { userId })
      .orderBy('membership.createdAt', 'ASC')
      .getOne();
  }

  findByEmail(manager: EntityManager | null, email: string): Promise<User | null> {
    return (manager ?? this.users.manager).findOneBy(User, { email });
  }

  /** Inside the caller's transaction: the account with this address and its operator role, row-locked until it ends. */
  lockByEmail(manager: EntityManager, email: string): Promise<Pick<User, 'id' | 'email' | 'platformOperator'> | null> {
    return manager.findOne(User, {
      select: { id: true, email: true, platformOperator: true },
      where: { email },
      lock: { mode: 'pessimistic_write' },
    });
  }

  isPlatformOperator(userId: string): Promise<boolean> {
    return this.users.existsBy({ id: userId, platformOperator: true });
  }

  async setPlatformOperator(manager: EntityManager, userId: string, platformOperator: boolean): Promise<void> {
    await manager.update(User, { id: userId }, { platformOperator });
  }

  add(manager: EntityManager, user: Pick<User, 'email' | 'displayName' | 'passwordHash'>): Promise<User> {
    return manager.save(manager.create(User, user));
  }

  async setPasswordHash(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await manager.update(User, { id: userId }, { passwordHash });
  }

  /** Row-locked: a deactivation and a password reset of the same account run one after the other. */
  lock(manager: EntityManager, userId: string): Promise<User | null> {
    return manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
  }

  async setEmail(manager: EntityManager, userId: string, email: string): Promise<void> {
    await manager.update(User, { id: userId }, { email });
  }

  async setDisplayName(manager: EntityManager, userId: string, displayName: string): Promise<void> {
    await manager.update(User, { id: userId }, { displayName });
  }

  async setDeactivatedAt(manager: EntityManager, userId: string, deactivatedAt: Date | null): Promise<void> {
    await manager.update(User, { id: userId }, { deactivatedAt });
  }

  /** How many of the users are not deactivated. */
  countActive(manager: EntityManager, userIds: string[]): Promise<number> {
    return userIds.length === 0
      ? Promise.resolve(0)
      : manager.countBy(User, { id: In(userIds), deactivatedAt: IsNull() });
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
