import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DeliveryChannel, NotificationPreference } from './notification-preference.entity';

/** The only place that queries users' channel choices. */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
  ) {}

  ofUser(userId: string): Promise<NotificationPreference[]> {
    return this.preferences.findBy({ userId });
  }

  /** Sets the user's channel for each kind of event named; other kinds keep theirs. */
  async choose(userId: string, choices: { eventType: string; channel: DeliveryChannel }[]): Promise<void> {
    await this.preferences.upsert(
      choices.map((choice) => ({ userId, ...choice })),
      ['userId', 'eventType'],
    );
  }
}
