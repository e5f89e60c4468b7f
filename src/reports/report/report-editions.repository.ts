import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { insertRows } from '../../infra/database/insert-statements';
import { markPartsWritten } from './parts-written';
import { ReportEdition } from './report-edition.entity';

/** The only place that queries published editions. Editions are inserted, never updated (PostgreSQL enforces it). */
@Injectable()
export class ReportEditionsRepository {
  constructor(@InjectRepository(ReportEdition) private readonly editions: Repository<ReportEdition>) {}

  count(manager: EntityManager, reportId: string): Promise<number> {
    return manager.countBy(ReportEdition, { reportId });
  }

  add(manager: EntityManager, edition: Omit<ReportEdition, 'id' | 'report'>): Promise<ReportEdition> {
    markPartsWritten(manager, [edition.reportId]);
    return manager.save(manager.create(ReportEdition, edition));
  }

  /** Editions of many reports in one statement. */
  async addAll(manager: EntityManager, editions: Omit<ReportEdition, 'id' | 'report'>[]): Promise<void> {
    markPartsWritten(
      manager,
      editions.map((edition) => edition.reportId),
    );
    await insertRows(manager, ReportEdition, editions);
  }

  /** Without the snapshots: the history of a report's publications. */
  listOf(organizationId: string, reportId: string): Promise<ReportEdition[]> {
    return this.editions.find({
      where: { organizationId, reportId },
      select: {
        id: true,
        reportId: true,
        edition: true,
        reportVersion: true,
        publishedAt: true,
        publishedBy: true,
        correctionReason: true,
      },
      order: { edition: 'ASC' },
    });
  }

  find(organizationId: string, reportId: string, edition: number): Promise<ReportEdition | null> {
    return this.editions.findOneBy({ organizationId, reportId, edition });
  }
}
