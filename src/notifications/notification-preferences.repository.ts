import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DeliveryChannel, NotificationPreference } from './notification-preference.entity';

/** The only place that queries users' channel choices. */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
  ) {}

  /** With a manager, inside the caller's transaction. */
  ofUser(userId: string, manager?: EntityManager): Promise<NotificationPreference[]> {
    return (manager?.getRepository(NotificationPreference) ?? this.preferences).findBy({ userId });
  }

  /** Inside the caller's transaction: sets the user's channel for each kind of event named; other kinds keep theirs. */
  async choose(
    manager: EntityManager,
    userId: string,
    choices: { eventType: string; channel: DeliveryChannel }[],
  ): Promise<void> {
    await manager.upsert(
      NotificationPreference,
      choices.map((choice) => ({ userId, ...choice })),
      ['userId', 'eventType'],
    );
  }
}
