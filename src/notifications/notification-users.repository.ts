import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { User } from '../users/user.entity';
import { DeliveryChannel, NotificationPreference } from './notification-preference.entity';

/** Reads of users that notifications need: recipients' addresses, names and channels, the actor's name. */
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

  /** Of the given users, those not deactivated, by e-mail address, each with their choice for the kind of event. */
  async activeUsersWithChoice(
    userIds: string[],
    eventType: string,
  ): Promise<{ user: User; chosen: DeliveryChannel | undefined }[]> {
    const { entities, raw } = await this.users
      .createQueryBuilder('user')
      .leftJoin(
        NotificationPreference,
        'preference',
        'preference.userId = user.id AND preference.eventType = :eventType',
        { eventType },
      )
      .addSelect('preference.channel', 'chosen_channel')
      .where('user.id IN (:...userIds) AND user.deactivatedAt IS NULL', { userIds })
      .orderBy('user.email', 'ASC')
      .getRawAndEntities<{ user_id: string; chosen_channel: DeliveryChannel | null }>();
    const chosen = new Map(raw.map((row) => [row.user_id, row.chosen_channel ?? undefined]));
    return entities.map((user) => ({ user, chosen: chosen.get(user.id) }));
  }
}
