import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { PlanAmendment } from './plan-amendment.entity';

/** The only place that queries plan amendments (計画変更). */
@Injectable()
export class PlanAmendmentsRepository {
  constructor(@InjectRepository(PlanAmendment) private readonly amendments: Repository<PlanAmendment>) {}

  add(manager: EntityManager, amendment: Omit<PlanAmendment, 'id' | 'project' | 'amendedAt'>): Promise<PlanAmendment> {
    return manager.save(manager.create(PlanAmendment, amendment));
  }

  /** The fiscal year the project's latest amendment applies from; null for a project never amended. */
  async latestEffectiveYear(manager: EntityManager, projectId: string): Promise<number | null> {
    const latest = await manager.findOne(PlanAmendment, {
      where: { projectId },
      select: { id: true, effectiveFiscalYear: true },
      order: { amendedAt: 'DESC' },
    });
    return latest?.effectiveFiscalYear ?? null;
  }

  /** The project's amendments, newest first. */
  listOf(organizationId: string, projectId: string): Promise<PlanAmendment[]> {
    return this.amendments.find({ where: { organizationId, projectId }, order: { amendedAt: 'DESC' } });
  }
}
