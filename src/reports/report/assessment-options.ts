import { BadRequestException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type AssessmentChoice,
  AssessmentScale,
  effectiveChoices,
  findChoice,
  offeredChoices,
} from './assessment-choices';
import { AssessmentOptionsRepository } from './assessment-options.repository';

/** A municipality's lists of ⑥–⑧ as the reports use them: what to offer, and the option a request names. */
@Injectable()
export class AssessmentOptions {
  constructor(private readonly options: AssessmentOptionsRepository) {}

  /** The whole list (retired options included), the national one where the municipality has none of its own. */
  async list<S extends AssessmentScale>(
    organizationId: string,
    scale: S,
    manager?: EntityManager,
  ): Promise<AssessmentChoice<S>[]> {
    return effectiveChoices(scale, await this.options.listOf(organizationId, scale, manager));
  }

  /**
   * The option `key` names, for a report whose current option is `currentKey` (which may be chosen again even if it
   * was retired since). 400 listing the keys that may be sent, at `path` of the request.
   */
  async choose<S extends AssessmentScale>(
    organizationId: string,
    scale: S,
    key: string,
    { path, currentKey, manager }: { path: string; currentKey: string | null; manager?: EntityManager },
  ): Promise<AssessmentChoice<S>> {
    const choices = await this.list(organizationId, scale, manager);
    const chosen = findChoice(choices, key, currentKey);
    if (chosen) return chosen;
    const allowed = offeredChoices(choices, currentKey).map((choice) => choice.key);
    const name = path.slice(1);
    throw new BadRequestException({
      message: `${name} is not one of this organization's options.`,
      details: [{ path, message: `${name} must be one of: ${allowed.join(', ')}` }],
    });
  }
}
