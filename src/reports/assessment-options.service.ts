import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { AssessmentOptionsRequest, AssessmentScaleView } from './assessment-options.dto';
import { AssessmentScale, effectiveChoices, reviseChoices } from './report/assessment-choices';
import { AssessmentOptionsRepository } from './report/assessment-options.repository';

/** A new option's key: short, stable, and never one of the national kinds. */
const newOptionKey = () => `custom_${randomBytes(4).toString('hex')}`;

/** The wording of ⑥–⑧ an administrator sets for the municipality (reports keep the wording they were decided with). */
@Injectable()
export class AssessmentOptionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly options: AssessmentOptionsRepository,
    private readonly audit: AuditLog,
  ) {}

  async get(organizationId: string, scale: AssessmentScale): Promise<AssessmentScaleView> {
    const stored = await this.options.listOf(organizationId, scale);
    return AssessmentScaleView.from(scale, effectiveChoices(scale, stored), stored.length > 0);
  }

  all(organizationId: string): Promise<AssessmentScaleView[]> {
    return Promise.all(Object.values(AssessmentScale).map((scale) => this.get(organizationId, scale)));
  }

  /**
   * Saves the whole list (the first save turns the national list into the municipality's own), audited; the same list
   * again writes nothing, and `changed` says so.
   */
  async replace(
    actor: OrganizationActor,
    scale: AssessmentScale,
    request: AssessmentOptionsRequest,
  ): Promise<{ list: AssessmentScaleView; changed: boolean }> {
    const changed = await this.transactions.run(async (manager) => {
      await this.options.lockList(manager, actor.organizationId, scale);
      const before = effectiveChoices(scale, await this.options.listOf(actor.organizationId, scale, manager));
      const { choices, problems } = reviseChoices(scale, before, request.options, newOptionKey);
      if (problems.length > 0)
        throw new UnprocessableEntityException({
          message: 'The list was not saved; correct the options named.',
          details: problems,
        });
      // Saved as it was: nothing to write or record (and the national list stays the one followed).
      if (isDeepStrictEqual(before, choices)) return false;
      await this.options.save(manager, actor.organizationId, scale, choices);
      await this.audit.append(
        manager,
        actorEvent(
          actor,
          'assessment_options.changed',
          { type: 'assessment_options', id: actor.organizationId },
          { scale, before, after: choices },
        ),
      );
      return true;
    });
    return { list: await this.get(actor.organizationId, scale), changed };
  }
}
