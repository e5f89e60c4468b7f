import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { lockUntilCommit } from '../../infra/database/advisory-lock';
import { DEFAULT_LINK_VALID_DAYS_AFTER_DUE, DEFAULT_REMINDER_OFFSETS, ReviewSettings } from './review-settings.entity';

export type ReviewSettingsValues = Pick<
  ReviewSettings,
  'reminderOffsets' | 'linkValidDaysAfterDue' | 'autoInviteAlternates'
>;

export const DEFAULT_REVIEW_SETTINGS: ReviewSettingsValues = {
  reminderOffsets: DEFAULT_REMINDER_OFFSETS,
  linkValidDaysAfterDue: DEFAULT_LINK_VALID_DAYS_AFTER_DUE,
  autoInviteAlternates: false,
};

/** The only place that queries a municipality's review settings; an organization without a row has the defaults. */
@Injectable()
export class ReviewSettingsRepository {
  constructor(@InjectRepository(ReviewSettings) private readonly settings: Repository<ReviewSettings>) {}

  async of(organizationId: string, manager?: EntityManager): Promise<ReviewSettingsValues> {
    const repository = manager?.getRepository(ReviewSettings) ?? this.settings;
    const row = await repository.findOneBy({ organizationId });
    if (!row) return { ...DEFAULT_REVIEW_SETTINGS, reminderOffsets: [...DEFAULT_REMINDER_OFFSETS] };
    const { reminderOffsets, linkValidDaysAfterDue, autoInviteAlternates } = row;
    return { reminderOffsets, linkValidDaysAfterDue, autoInviteAlternates };
  }

  /**
   * Holds the organization's settings and wordings until the caller's transaction ends, so that a save compares what
   * it read with settings no other save changes meanwhile (an organization may have no row yet to lock).
   */
  async lock(manager: EntityManager, organizationId: string): Promise<void> {
    await lockUntilCommit(manager, `review_settings:${organizationId}`);
  }

  async save(manager: EntityManager, organizationId: string, values: ReviewSettingsValues): Promise<void> {
    await manager.upsert(ReviewSettings, { organizationId, ...values }, ['organizationId']);
  }
}
