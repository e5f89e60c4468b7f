import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import { insertRows } from '../../infra/database/insert-statements';
import { markPartsWritten } from './parts-written';
import { ReportEdition } from './report-edition.entity';
import { type BudgetLineView, type ReportView } from './report-view';
import { onPublicRecord } from './reports.repository';

/** An edition as written: the database numbers it and notes when. */
export type NewEdition = Omit<ReportEdition, 'id' | 'report' | 'recordedAt'>;

/**
 * An edition a withdrawal (公表の取消) took down stays down when the report is published again as a corrected
 * edition: what was withdrawn (personal data published by mistake, say) never comes back by a later publication.
 */
const NOT_WITHDRAWN =
  'NOT EXISTS (SELECT 1 FROM report_withdrawals w WHERE w.report_id = edition.report_id AND w.edition >= edition.edition)';

/**
 * The editions of these organizations' reports on the public record (onPublicRecord), joined to their `report`: for
 * the public site and for readers inside who may not open a report itself.
 */
export function publicRecordEditions(
  editions: Repository<ReportEdition>,
  organizationIds: string[],
): SelectQueryBuilder<ReportEdition> {
  return editions
    .createQueryBuilder('edition')
    .innerJoin('edition.report', 'report')
    .where('edition.organizationId = ANY(:organizationIds)', { organizationIds })
    .andWhere(onPublicRecord('report'))
    .andWhere(NOT_WITHDRAWN);
}

/** Of publicRecordEditions, the current (latest) edition of each report only. */
export function currentPublicEditions(
  editions: Repository<ReportEdition>,
  organizationIds: string[],
): SelectQueryBuilder<ReportEdition> {
  return publicRecordEditions(editions, organizationIds)
    .distinctOn(['edition.reportId'])
    .orderBy('edition.reportId')
    .addOrderBy('edition.edition', 'DESC');
}

/** The only place that queries published editions. Editions are inserted, never updated (PostgreSQL enforces it). */
@Injectable()
export class ReportEditionsRepository {
  constructor(@InjectRepository(ReportEdition) private readonly editions: Repository<ReportEdition>) {}

  /**
   * What a report's next edition is, in one query: its number (one after the editions so far) and the names of the
   * experts who gave an opinion on the report (the panel of its ⑦), and whether its municipality names its panel now.
   * Assignments are the reviews', read here by table
   * because an edition is written below them.
   */
  async nextEditionOf(
    manager: EntityManager,
    reportId: string,
  ): Promise<{ edition: number; panelMemberNames: string[]; panelNamed: boolean }> {
    const [row] = await manager.query<{ edition: number; names: string[]; named: boolean }[]>(
      `SELECT (SELECT count(*)::int + 1 FROM report_editions WHERE report_id = $1) AS edition, ARRAY(
        SELECT DISTINCT expert.display_name FROM review_assignments assignment
        JOIN users expert ON expert.id = assignment.expert_user_id
        WHERE assignment.report_id = $1 AND assignment.opinion_submitted_at IS NOT NULL AND assignment.status <> 'removed'
        ORDER BY expert.display_name
      ) AS names, (
        SELECT organization.publish_panel_member_names FROM organizations organization
        JOIN result_reports report ON report.organization_id = organization.id WHERE report.id = $1
      ) AS named`,
      [reportId],
    );
    return { edition: row.edition, panelMemberNames: row.names, panelNamed: row.named };
  }

  add(manager: EntityManager, edition: NewEdition): Promise<ReportEdition> {
    markPartsWritten(manager, [edition.reportId]);
    return manager.save(manager.create(ReportEdition, edition));
  }

  /** Editions of many reports in one statement. */
  async addAll(manager: EntityManager, editions: NewEdition[]): Promise<void> {
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

  /**
   * The ④ lines of a report's latest edition, read out of its snapshot alone: what the public reads of the report now,
   * while a correction is under way too. Null for a report never published.
   */
  async latestBudgetLines(
    organizationId: string,
    reportId: string,
    manager?: EntityManager,
  ): Promise<{ edition: number; budgetLines: BudgetLineView[] } | null> {
    const row = await (manager?.getRepository(ReportEdition) ?? this.editions)
      .createQueryBuilder('edition')
      .select('edition.edition', 'edition')
      .addSelect(`edition.snapshot -> 'budgetLines'`, 'budgetLines')
      .where('edition.organizationId = :organizationId', { organizationId })
      .andWhere('edition.reportId = :reportId', { reportId })
      .orderBy('edition.edition', 'DESC')
      .limit(1)
      .getRawOne<{ edition: number; budgetLines: BudgetLineView[] | null }>();
    return row ? { edition: row.edition, budgetLines: row.budgetLines ?? [] } : null;
  }

  /**
   * The project's reports on the public record (of one fiscal year, or all), each as its current edition has it: what
   * anyone may read of them, oldest year first.
   */
  async currentPublicOfProject(organizationId: string, projectId: string, fiscalYear?: number): Promise<ReportView[]> {
    const query = currentPublicEditions(this.editions, [organizationId]).andWhere('report.projectId = :projectId', {
      projectId,
    });
    if (fiscalYear !== undefined) query.andWhere('report.fiscalYear = :fiscalYear', { fiscalYear });
    const found = await query.getMany();
    return found.map((edition) => edition.snapshot).sort((a, b) => a.fiscalYear - b.fiscalYear);
  }

  find(organizationId: string, reportId: string, edition: number): Promise<ReportEdition | null> {
    return this.editions.findOneBy({ organizationId, reportId, edition });
  }
}
