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

  /** The project's amendments, oldest first: what a report's plan copy works out its year's plan from. */
  inOrderOf(manager: EntityManager, projectId: string): Promise<PlanAmendment[]> {
    return manager.find(PlanAmendment, {
      where: { projectId },
      select: { id: true, effectiveFiscalYear: true, changes: true, amendedAt: true },
      order: { amendedAt: 'ASC' },
    });
  }

  /** The project's amendments, newest first. */
  listOf(organizationId: string, projectId: string): Promise<PlanAmendment[]> {
    return this.amendments.find({ where: { organizationId, projectId }, order: { amendedAt: 'DESC' } });
  }
}
