import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { OrganizationActor } from '../access/actor';
import { actorEvent, AuditLog } from '../audit/audit-log';
import { Transactions } from '../infra/database/transactions';
import { AssessmentOptionsRequest, AssessmentScaleView } from './assessment-options.dto';
import { AssessmentScale, choicesChecksum, effectiveChoices, reviseChoices } from './report/assessment-choices';
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
   * again writes nothing, and `changed` says so. A list read before another was saved (its checksum is no longer the
   * list's) would put back what that save changed: 409, nothing saved.
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
      // The same list again (sent twice, or made alike by two administrators): nothing to write or record, whatever
      // was read, as it overwrites nothing (and the national list stays the one followed).
      if (problems.length === 0 && isDeepStrictEqual(before, choices)) return false;
      const checksum = choicesChecksum(before);
      // Before the list's own problems: those of a list read before another save are not the ones to correct.
      if (request.checksum !== checksum)
        throw new ConflictException({
          message:
            'The options were changed by someone else since the list was read; nothing was saved. Read the list again and apply your change.',
          details: { checksum },
        });
      if (problems.length > 0)
        throw new UnprocessableEntityException({
          message: 'The list was not saved; correct the options named.',
          details: problems,
        });
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
