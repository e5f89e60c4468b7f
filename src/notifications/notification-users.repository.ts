import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { User } from '../users/user.entity';

/** Reads of users that notifications need: recipients' addresses and names, the actor's name. */
@Injectable()
export class NotificationUsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(userId: string): Promise<User | null> {
    return this.users.findOneBy({ id: userId });
  }

  /** Inside the caller's transaction; inactive users included. */
  findByIds(manager: EntityManager, userIds: string[]): Promise<User[]> {
    return manager.findBy(User, { id: In(userIds) });
  }

  /** Of the given users, those not deactivated, by e-mail address. */
  activeUsers(userIds: string[]): Promise<User[]> {
    return this.users.find({ where: { id: In(userIds), deactivatedAt: IsNull() }, order: { email: 'ASC' } });
  }
}
