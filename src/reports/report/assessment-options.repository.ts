import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AssessmentOption } from './assessment-option.entity';
import { type AssessmentChoice, AssessmentScale, type ScaleKinds } from './assessment-choices';
import { lockUntilCommit } from '../../infra/database/advisory-lock';

/** A stored option as the lists use it. */
export function choiceOf<S extends AssessmentScale>(row: AssessmentOption): AssessmentChoice<S> {
  return {
    key: row.key,
    kind: row.kind as ScaleKinds[S],
    label: row.label,
    formText: row.formText ?? row.label,
    retired: row.retired,
  };
}

/** The only place that queries a municipality's wording of ⑥–⑧, but for ⑥'s read with a report (ReportsRepository). */
@Injectable()
export class AssessmentOptionsRepository {
  constructor(@InjectRepository(AssessmentOption) private readonly options: Repository<AssessmentOption>) {}

  /** The stored list, in order; empty where the municipality uses the national one. */
  async listOf<S extends AssessmentScale>(
    organizationId: string,
    scale: S,
    manager: EntityManager = this.options.manager,
  ): Promise<AssessmentChoice<S>[]> {
    const rows = await manager.find(AssessmentOption, { where: { organizationId, scale }, order: { position: 'ASC' } });
    return rows.map((row) => choiceOf<S>(row));
  }

  /** Serializes saves of one list (the first save of a list has no rows to lock yet). */
  async lockList(manager: EntityManager, organizationId: string, scale: AssessmentScale): Promise<void> {
    await lockUntilCommit(manager, `assessment_options:${organizationId}:${scale}`);
  }

  /** Stores the whole list in its order; keys are never removed, so every current row is among `choices`. */
  async save(
    manager: EntityManager,
    organizationId: string,
    scale: AssessmentScale,
    choices: AssessmentChoice[],
  ): Promise<void> {
    await manager.upsert(
      AssessmentOption,
      choices.map((choice, position) => ({
        organizationId,
        scale,
        key: choice.key,
        kind: choice.kind,
        label: choice.label,
        formText: choice.formText === choice.label ? null : choice.formText,
        position,
        retired: choice.retired,
      })),
      ['organizationId', 'scale', 'key'],
    );
  }
}
