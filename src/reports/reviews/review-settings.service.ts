import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { OrganizationActor } from '../../access/actor';
import { actorEvent, AuditLog } from '../../audit/audit-log';
import { Transactions } from '../../infra/database/transactions';
import { OutboxRepository } from '../../outbox/outbox.repository';
import {
  DEFAULT_REMINDER_TEMPLATES,
  REMINDER_KINDS,
  type ReminderKind,
  reminderTextProblems,
  type ReminderText,
} from './reminder-templates';
import { ReminderTemplatesRepository } from './reminder-templates.repository';
import { ReviewSettingsRequest, ReviewSettingsView } from './review-settings.dto';
import { ReviewSettingsRepository, type ReviewSettingsValues } from './review-settings.repository';

/** Outbox event: a municipality changed its reminder days; the reminders still to come follow the new days. */
export const REVIEW_SETTINGS_CHANGED_EVENT = 'review_settings.changed';

/**
 * 409 for settings sent from a read before another save (another tab, or another planner or administrator): saved
 * whole, they would put back what that save changed. The settings now are in the details, to apply the change to.
 */
export class ReviewSettingsSavedMeanwhileException extends ConflictException {
  constructor(readonly current: ReviewSettingsView) {
    super({
      message:
        'The review settings were saved since they were read; nothing was saved. Read them again and apply your change.',
      details: { current },
    });
  }
}

/** 意見照会の設定: how a municipality reminds its experts, how long their links last, and whether alternates step in. */
@Injectable()
export class ReviewSettingsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly settings: ReviewSettingsRepository,
    private readonly templates: ReminderTemplatesRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditLog,
  ) {}

  async get(organizationId: string): Promise<ReviewSettingsView> {
    const [settings, templates] = await Promise.all([
      this.settings.of(organizationId),
      this.templates.of(organizationId),
    ]);
    return ReviewSettingsView.from(settings, templates);
  }

  /**
   * Saves the settings and any wording given (null: back to the default), audited with what changed; the same values
   * again write nothing, and `changed` says so, whatever was read. Settings read before another save (their checksum
   * is no longer the settings') would put back what it changed: 409, nothing saved, recorded or rescheduled.
   */
  async update(
    actor: OrganizationActor,
    request: ReviewSettingsRequest,
  ): Promise<{ settings: ReviewSettingsView; changed: boolean }> {
    const wanted = Object.fromEntries(
      REMINDER_KINDS.filter((kind) => request.reminderTemplates?.[kind] !== undefined).map((kind) => {
        const text = request.reminderTemplates![kind];
        return [kind, text ? { subject: text.subject.trim(), body: text.body.trim() } : null];
      }),
    ) as Partial<Record<ReminderKind, ReminderText | null>>;
    const problems = Object.entries(wanted).flatMap(([kind, text]) =>
      text ? reminderTextProblems(kind as ReminderKind, text) : [],
    );
    if (problems.length > 0)
      throw new BadRequestException({
        message: 'The settings were not saved; correct the fields named.',
        details: problems,
      });
    const after: ReviewSettingsValues = {
      reminderOffsets: [...request.reminderOffsets].sort((a, b) => a - b),
      linkValidDaysAfterDue: request.linkValidDaysAfterDue,
      autoInviteAlternates: request.autoInviteAlternates,
    };

    const changed = await this.transactions.run(async (manager) => {
      await this.settings.lock(manager, actor.organizationId);
      const before = await this.settings.of(actor.organizationId, manager);
      const templatesBefore = await this.templates.of(actor.organizationId, manager);
      const settingChanges = Object.entries(after)
        .filter(([key, value]) => !isDeepStrictEqual(before[key as keyof ReviewSettingsValues], value))
        .map(([key, value]) => ({ path: `/${key}`, before: before[key as keyof ReviewSettingsValues], after: value }));
      const wordingChanges = (Object.entries(wanted) as [ReminderKind, ReminderText | null][]).flatMap(
        ([kind, text]) => {
          // The default wording, even typed out, counts as no wording of our own: it follows future defaults.
          const own = text && !isDeepStrictEqual(text, DEFAULT_REMINDER_TEMPLATES[kind]) ? text : null;
          const previous = templatesBefore.find((template) => template.kind === kind)!;
          const previousOwn = previous.customized ? { subject: previous.subject, body: previous.body } : null;
          if (isDeepStrictEqual(previousOwn, own)) return [];
          return [{ kind, own, change: { path: `/reminderTemplates/${kind}`, before: previousOwn, after: own } }];
        },
      );
      const changes = [...settingChanges, ...wordingChanges.map((wording) => wording.change)];
      // The settings as they are, sent again: nothing to write, whatever was read, as it overwrites nothing.
      if (changes.length === 0) return false;
      const current = ReviewSettingsView.from(before, templatesBefore);
      if (request.checksum !== current.checksum) throw new ReviewSettingsSavedMeanwhileException(current);
      if (settingChanges.length > 0) await this.settings.save(manager, actor.organizationId, after);
      for (const { kind, own } of wordingChanges) await this.templates.save(manager, actor.organizationId, kind, own);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'review_settings.changed',
          { type: 'review_settings', id: actor.organizationId },
          { changes },
        ),
      );
      if (!isDeepStrictEqual(before.reminderOffsets, after.reminderOffsets))
        await this.outbox.enqueue(manager, [
          { organizationId: actor.organizationId, type: REVIEW_SETTINGS_CHANGED_EVENT, actorUserId: actor.userId },
        ]);
      return true;
    });
    return { settings: await this.get(actor.organizationId), changed };
  }
}
