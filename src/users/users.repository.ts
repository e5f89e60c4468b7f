import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
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

  findById(userId: string): Promise<User | null> {
    return this.users.findOneBy({ id: userId });
  }

  /** With every membership, its organization and department, oldest first. */
  findWithMemberships(userId: string): Promise<User | null> {
    return this.users.findOne({
      where: { id: userId },
      relations: { memberships: { organization: true, department: true } },
      order: { memberships: { createdAt: 'ASC' } },
    });
  }

  findByEmail(manager: EntityManager, email: string): Promise<User | null> {
    return manager.findOneBy(User, { email });
  }

  isPlatformOperator(userId: string): Promise<boolean> {
    return this.users.existsBy({ id: userId, platformOperator: true });
  }

  async setPlatformOperator(manager: EntityManager, userId: string, platformOperator: boolean): Promise<void> {
    await manager.update(User, { id: userId }, { platformOperator });
  }

  existsByEmail(email: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.users.manager).existsBy(User, { email });
  }

  add(manager: EntityManager, user: Pick<User, 'email' | 'displayName' | 'passwordHash'>): Promise<User> {
    return manager.save(manager.create(User, user));
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash });
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
