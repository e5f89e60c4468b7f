import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { FiscalYearCycle } from './fiscal-year-cycle.entity';

/** The only place that queries fiscal-year cycles. */
@Injectable()
export class CyclesRepository {
  constructor(@InjectRepository(FiscalYearCycle) private readonly cycles: Repository<FiscalYearCycle>) {}

  list(organizationId: string): Promise<FiscalYearCycle[]> {
    return this.cycles.find({ where: { organizationId }, order: { fiscalYear: 'DESC' } });
  }

  find(organizationId: string, cycleId: string): Promise<FiscalYearCycle | null> {
    return this.cycles.findOneBy({ id: cycleId, organizationId });
  }

  exists(manager: EntityManager, organizationId: string, fiscalYear: number): Promise<boolean> {
    return manager.existsBy(FiscalYearCycle, { organizationId, fiscalYear });
  }

  create(
    manager: EntityManager,
    cycle: Pick<FiscalYearCycle, 'organizationId' | 'fiscalYear' | 'submissionDueDate' | 'reviewDueDate' | 'openedBy'>,
  ): Promise<FiscalYearCycle> {
    return manager.save(manager.create(FiscalYearCycle, cycle));
  }

  lock(manager: EntityManager, organizationId: string, cycleId: string): Promise<FiscalYearCycle | null> {
    return manager.findOne(FiscalYearCycle, {
      where: { id: cycleId, organizationId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  save(manager: EntityManager, cycle: FiscalYearCycle): Promise<FiscalYearCycle> {
    return manager.save(cycle);
  }
}
