import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ReminderTemplate } from './reminder-template.entity';
import { DEFAULT_REMINDER_TEMPLATES, REMINDER_KINDS, ReminderKind, ReminderText } from './reminder-templates';

/** The wording of each reminder kind as a municipality uses it. */
export interface ReminderTemplateValues extends ReminderText {
  kind: ReminderKind;
  /** false while the default wording applies. */
  customized: boolean;
}

/** The only place that queries the municipalities' reminder wordings. */
@Injectable()
export class ReminderTemplatesRepository {
  constructor(@InjectRepository(ReminderTemplate) private readonly templates: Repository<ReminderTemplate>) {}

  /** Every kind, in order: the municipality's wording where it has one, the default elsewhere. */
  async of(organizationId: string, manager?: EntityManager): Promise<ReminderTemplateValues[]> {
    const repository = manager?.getRepository(ReminderTemplate) ?? this.templates;
    const rows = await repository.findBy({ organizationId });
    return REMINDER_KINDS.map((kind) => {
      const row = rows.find((candidate) => candidate.kind === kind);
      return row
        ? { kind, subject: row.subject, body: row.body, customized: true }
        : { kind, ...DEFAULT_REMINDER_TEMPLATES[kind], customized: false };
    });
  }

  async textOf(organizationId: string, kind: ReminderKind): Promise<ReminderText> {
    const row = await this.templates.findOneBy({ organizationId, kind });
    return row ? { subject: row.subject, body: row.body } : DEFAULT_REMINDER_TEMPLATES[kind];
  }

  /** Inside the caller's transaction: the kind's wording, or (null) back to the default. */
  async save(
    manager: EntityManager,
    organizationId: string,
    kind: ReminderKind,
    text: ReminderText | null,
  ): Promise<void> {
    if (text === null) await manager.delete(ReminderTemplate, { organizationId, kind });
    else await manager.upsert(ReminderTemplate, { organizationId, kind, ...text }, ['organizationId', 'kind']);
  }
}
