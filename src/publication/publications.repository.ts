import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type SelectQueryBuilder } from 'typeorm';
import { ReportEdition } from '../reports/report/report-edition.entity';
import { currentPublicEditions, publicRecordEditions } from '../reports/report/report-editions.repository';
import { PUBLISHED_STATUSES } from '../reports/report/kpi-year-values';
import { ReportStatus } from '../reports/rules/report-status';

/** A report that has been on the public record: its latest facts, without any edition's content. */
export interface PublicRecordEntry {
  reportId: string;
  projectId: string;
  fiscalYear: number;
  status: ReportStatus;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
}

/** A withdrawal of a report's publication: the edition public then (and those before it) stay withdrawn. */
export interface EditionWithdrawal {
  edition: number;
  withdrawnAt: Date;
  reason: string;
}

/** One edition of a public report, without its content: what the sitemap lists. */
export interface PublicEditionEntry {
  reportId: string;
  fiscalYear: number;
  edition: number;
  publishedAt: Date;
  /** When the edition was written (its page's lastmod): an imported one's publishedAt is in the past. */
  changedAt: Date;
}

/** A change of the public record, as a feed announces it: an edition written, or a publication withdrawn. */
export interface PublicRecordEvent {
  kind: 'edition' | 'withdrawal';
  reportId: string;
  fiscalYear: number;
  /** The edition written; of a withdrawal, the edition it withdrew (the latest then), whose project it names. */
  edition: number;
  /** The report's latest edition: its page is the report's own. */
  isLatest: boolean;
  /** The report's publication is withdrawn now: each of its pages gives the notice. */
  withdrawn: boolean;
  /** The project's name as the edition published it. */
  projectName: string;
  /** When it was written to the record, by the rule of CHANGED_AT. */
  writtenAt: Date;
  /** Why an edition after the first corrects the one before, or why the publication was withdrawn. */
  reason: string | null;
}

/** What is public about a municipality now: see PublicationsRepository.recordState. */
export interface PublicRecordState {
  changedAt: Date | null;
  stamp: string;
}

/**
 * Of each organization `o`: its editions (how many, and when the latest was written: an edition's recorded_at, not the
 * date it gives, as an import of earlier years dates its editions in the past; editions written before that column was
 * kept give their publication) and those of its withdrawn reports (how many, and the latest withdrawal). Each is read
 * from the organization's own index entries, never from the whole country's editions.
 */
const RECORD_OF_ORGANIZATION = `
  CROSS JOIN LATERAL (
    SELECT max(coalesce(e.recorded_at, e.published_at)) AS written_at, count(*)::int AS editions
      FROM report_editions e WHERE e.organization_id = o.id) edition
  CROSS JOIN LATERAL (
    SELECT max(r.withdrawn_at) AS withdrawn_at, count(*)::int AS editions
      FROM result_reports r JOIN report_editions e ON e.report_id = r.id
     WHERE r.organization_id = o.id AND r.withdrawn_at IS NOT NULL) withdrawn`;
/** When an organization's public record last changed (in a query of RECORD_OF_ORGANIZATION): its public settings too. */
const CHANGED_AT = 'greatest(o.public_changed_at, edition.written_at, withdrawn.withdrawn_at)';
/** When an edition was written, by the same rule, in a query of `edition`. */
const WRITTEN_AT = 'coalesce(edition.recordedAt, edition.publishedAt)';

export interface PublishedYear {
  fiscalYear: number;
  reports: number;
  lastPublishedAt: Date;
  /** When the year's pages last changed: an edition of it written, or a report of it withdrawn. */
  changedAt: Date;
}

/**
 * The only place that reads what citizens may see. Everything public comes from report_editions, which hold only what
 * was published and never change; a report counts while it is published or being corrected (its last edition stays
 * public until the next one), and a withdrawn one only as a notice.
 */
@Injectable()
export class PublicationsRepository {
  constructor(@InjectRepository(ReportEdition) private readonly editions: Repository<ReportEdition>) {}

  /** Fiscal years with at least one public report, newest first. */
  async publishedYears(organizationId: string): Promise<PublishedYear[]> {
    return (await this.publishedYearsOf([organizationId])).get(organizationId) ?? [];
  }

  /** publishedYears of many organizations in one statement (the sitemap); an organization without any is left out. */
  async publishedYearsOf(organizationIds: string[]): Promise<Map<string, PublishedYear[]>> {
    const rows = await this.publicEditions(organizationIds)
      .select('edition.organizationId', 'organizationId')
      .addSelect('report.fiscalYear', 'fiscalYear')
      .addSelect('count(DISTINCT report.id)::int', 'reports')
      .addSelect('max(edition.publishedAt)', 'lastPublishedAt')
      .addSelect(
        `greatest(max(${WRITTEN_AT}), (SELECT max(withdrawn.withdrawn_at) FROM result_reports withdrawn
          WHERE withdrawn.organization_id = edition.organization_id AND withdrawn.fiscal_year = report.fiscal_year))`,
        'changedAt',
      )
      .groupBy('edition.organizationId')
      .addGroupBy('report.fiscalYear')
      .orderBy('report.fiscalYear', 'DESC')
      .getRawMany<PublishedYear & { organizationId: string }>();
    return groupedBy(rows, ({ organizationId, ...year }) => [organizationId, year]);
  }

  /**
   * The current (latest) edition of every public report, with its content; of one fiscal year, one project, or all,
   * but for the reports whose content the caller holds already. Ordered by year, then project number.
   */
  currentEditions(
    organizationId: string,
    scope: { fiscalYear?: number; projectId?: string; projectIds?: string[]; exceptReportIds?: string[] } = {},
  ): Promise<ReportEdition[]> {
    const query = currentPublicEditions(this.editions, [organizationId]);
    if (scope.fiscalYear !== undefined) query.andWhere('report.fiscalYear = :fiscalYear', scope);
    if (scope.projectId !== undefined) query.andWhere('report.projectId = :projectId', scope);
    if (scope.projectIds !== undefined) query.andWhere('report.projectId = ANY(:projectIds)', scope);
    if (scope.exceptReportIds?.length) query.andWhere('report.id <> ALL(:exceptReportIds)', scope);
    return query.getMany().then((found) =>
      found.sort(
        (a, b) =>
          a.snapshot.fiscalYear - b.snapshot.fiscalYear ||
          (a.snapshot.project.projectNumber ?? '').localeCompare(b.snapshot.project.projectNumber ?? '', 'ja', {
            numeric: true,
          }) ||
          a.snapshot.project.name.localeCompare(b.snapshot.project.name, 'ja'),
      ),
    );
  }

  /**
   * The editions before the current one of every public report (of one fiscal year, or all), with their content: what
   * a correction replaced. By report, oldest first.
   */
  earlierEditions(organizationId: string, fiscalYear?: number): Promise<ReportEdition[]> {
    const query = this.publicEditions([organizationId]).andWhere(
      'edition.edition < (SELECT max(later.edition) FROM report_editions later WHERE later.report_id = edition.reportId)',
    );
    if (fiscalYear !== undefined) query.andWhere('report.fiscalYear = :fiscalYear', { fiscalYear });
    return query.orderBy('edition.reportId').addOrderBy('edition.edition').getMany();
  }

  /** A report that has ever been published (null otherwise: drafts and decided reports do not exist publicly). */
  async recordEntry(organizationId: string, reportId: string): Promise<PublicRecordEntry | null> {
    const row = await this.editions
      .createQueryBuilder('edition')
      .innerJoin('edition.report', 'report')
      .select('report.id', 'reportId')
      .addSelect('report.projectId', 'projectId')
      .addSelect('report.fiscalYear', 'fiscalYear')
      .addSelect('report.status', 'status')
      .addSelect('report.withdrawnAt', 'withdrawnAt')
      .addSelect('report.withdrawalReason', 'withdrawalReason')
      .where('edition.organizationId = :organizationId AND edition.reportId = :reportId', {
        organizationId,
        reportId,
      })
      .andWhere(`report.status IN (:...statuses)`, { statuses: [...PUBLISHED_STATUSES, ReportStatus.Withdrawn] })
      .limit(1)
      .getRawOne<PublicRecordEntry>();
    return row ?? null;
  }

  /** Every edition of a report, oldest first; with content only when asked for one edition. */
  editionsOf(organizationId: string, reportId: string): Promise<ReportEdition[]> {
    return this.editions.find({
      where: { organizationId, reportId },
      select: { id: true, reportId: true, edition: true, publishedAt: true, correctionReason: true },
      order: { edition: 'ASC' },
    });
  }

  edition(organizationId: string, reportId: string, edition: number): Promise<ReportEdition | null> {
    return this.editions.findOneBy({ organizationId, reportId, edition });
  }

  /** Each withdrawal of a report, oldest first: the edition it took down with those before it, when and why. */
  withdrawalsOf(organizationId: string, reportId: string): Promise<EditionWithdrawal[]> {
    return this.editions.query<EditionWithdrawal[]>(
      `SELECT edition, withdrawn_at AS "withdrawnAt", reason FROM report_withdrawals
        WHERE organization_id = $1 AND report_id = $2 ORDER BY edition`,
      [organizationId, reportId],
    );
  }

  /** The last edition of each of these reports, whatever their state now (a withdrawn report's notice names it). */
  lastEditionsOf(organizationId: string, reportIds: string[]): Promise<ReportEdition[]> {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.editions
      .createQueryBuilder('edition')
      .where('edition.organizationId = :organizationId AND edition.reportId = ANY(:reportIds)', {
        organizationId,
        reportIds,
      })
      .distinctOn(['edition.reportId'])
      .orderBy('edition.reportId')
      .addOrderBy('edition.edition', 'DESC')
      .getMany();
  }

  /** Every edition of every public report of the organization, without content, by report and edition. */
  async publicEditionEntriesOf(organizationIds: string[]): Promise<Map<string, PublicEditionEntry[]>> {
    const rows = await this.publicEditions(organizationIds)
      .select('edition.organizationId', 'organizationId')
      .addSelect('edition.reportId', 'reportId')
      .addSelect('report.fiscalYear', 'fiscalYear')
      .addSelect('edition.edition', 'edition')
      .addSelect('edition.publishedAt', 'publishedAt')
      .addSelect(WRITTEN_AT, 'changedAt')
      .orderBy('report.fiscalYear', 'ASC')
      .addOrderBy('edition.reportId')
      .addOrderBy('edition.edition')
      .getRawMany<PublicEditionEntry & { organizationId: string }>();
    return groupedBy(rows, ({ organizationId, ...entry }) => [organizationId, entry]);
  }

  /** Withdrawn publications of a year (or all years), newest first: the public lists keep a line for each. */
  async withdrawn(organizationId: string, fiscalYear?: number): Promise<PublicRecordEntry[]> {
    const query = this.editions
      .createQueryBuilder('edition')
      .innerJoin('edition.report', 'report')
      .select('report.id', 'reportId')
      .distinct(true)
      .addSelect('report.projectId', 'projectId')
      .addSelect('report.fiscalYear', 'fiscalYear')
      .addSelect('report.status', 'status')
      .addSelect('report.withdrawnAt', 'withdrawnAt')
      .addSelect('report.withdrawalReason', 'withdrawalReason')
      .where('edition.organizationId = :organizationId', { organizationId })
      .andWhere('report.withdrawnAt IS NOT NULL')
      .orderBy('report.withdrawnAt', 'DESC');
    if (fiscalYear !== undefined) query.andWhere('report.fiscalYear = :fiscalYear', { fiscalYear });
    return query.getRawMany<PublicRecordEntry>();
  }

  /**
   * The latest changes of a municipality's public record, newest first: each edition of a report on the record or
   * withdrawn from it, and each withdrawal ever announced (report_withdrawals), also of a report published again since.
   * Ties (a year's reports published at once) keep one order.
   */
  async recordEvents(organizationId: string, limit: number): Promise<PublicRecordEvent[]> {
    const rows = await this.editions.query<PublicRecordEvent[]>(
      `WITH editions AS (
         SELECT e.report_id, r.fiscal_year, e.edition, coalesce(e.recorded_at, e.published_at) AS written_at,
                e.correction_reason, e.snapshot #>> '{project,name}' AS project_name,
                -- Withdrawn with the report, or by a withdrawal before the report was published again.
                r.withdrawn_at IS NOT NULL OR EXISTS (
                  SELECT 1 FROM report_withdrawals w WHERE w.report_id = e.report_id AND w.edition >= e.edition
                ) AS withdrawn,
                e.edition = max(e.edition) OVER (PARTITION BY e.report_id) AS is_latest
           FROM report_editions e
           JOIN result_reports r ON r.id = e.report_id
          WHERE e.organization_id = $1 AND r.status::text = ANY($2)
       )
       SELECT 'edition' AS kind, report_id AS "reportId", fiscal_year AS "fiscalYear", edition,
              is_latest AS "isLatest", withdrawn, project_name AS "projectName", written_at AS "writtenAt",
              correction_reason AS reason
         FROM editions
       UNION ALL
       SELECT 'withdrawal', w.report_id, w.fiscal_year, w.edition, e.is_latest, e.withdrawn, e.project_name,
              w.withdrawn_at, w.reason
         FROM report_withdrawals w
         JOIN editions e ON e.report_id = w.report_id AND e.edition = w.edition
        WHERE w.organization_id = $1
        ORDER BY "writtenAt" DESC, kind DESC, "reportId", edition DESC
        LIMIT $3`,
      [organizationId, [...PUBLISHED_STATUSES, ReportStatus.Withdrawn], limit],
    );
    return rows.map((row) => ({ ...row, writtenAt: new Date(row.writtenAt) }));
  }

  /**
   * The state of what is public about one municipality (or, without a code, about any): when it last changed — a
   * publication, correction or withdrawal as written, or what the pages show of the organization itself (its name,
   * whether panel members are named, the licence; not the ⑥ threshold, which they never show) — and a stamp that
   * every committed change moves, whatever its clock said.
   */
  async recordState(localGovernmentCode: string | null): Promise<PublicRecordState> {
    // Without a code, no condition at all: `$1 IS NULL OR …` would keep the code's unique index out of the plan.
    const [row] = await this.editions.query<{ changedAt: Date | null; editions: number; withdrawn: number }[]>(
      `SELECT max(${CHANGED_AT}) AS "changedAt", coalesce(sum(edition.editions), 0)::int AS editions,
              coalesce(sum(withdrawn.editions), 0)::int AS withdrawn
         FROM organizations o ${RECORD_OF_ORGANIZATION}
        ${localGovernmentCode === null ? '' : 'WHERE o.local_government_code = $1'}`,
      localGovernmentCode === null ? [] : [localGovernmentCode],
    );
    const changedAt = row?.changedAt ? new Date(row.changedAt) : null;
    // Times alone could miss a change: an edition dated in the past, or one whose transaction began before another's
    // commit and committed after it. Editions are only ever added, so their count moves with every publication.
    return { changedAt, stamp: `${changedAt?.toISOString() ?? 'never'} ${row?.editions ?? 0} ${row?.withdrawn ?? 0}` };
  }

  /** When the public record of each of many organizations last changed (recordState), in one statement: the sitemap. */
  async recordChangedAtOf(organizationIds: string[]): Promise<Map<string, Date | null>> {
    const rows = await this.editions.query<{ organizationId: string; changedAt: Date | null }[]>(
      `SELECT o.id AS "organizationId", ${CHANGED_AT} AS "changedAt"
         FROM organizations o ${RECORD_OF_ORGANIZATION}
        WHERE o.id = ANY($1)`,
      [organizationIds],
    );
    return new Map(
      rows.map(({ organizationId, changedAt }) => [organizationId, changedAt ? new Date(changedAt) : null]),
    );
  }

  /**
   * Organizations with anything on the public record, for the site's index and sitemap: each is asked for one such
   * edition through its own editions' index, rather than every edition of the country joined to its report.
   */
  async publishingOrganizationIds(): Promise<string[]> {
    const rows = await this.editions.query<{ organizationId: string }[]>(
      `SELECT o.id AS "organizationId" FROM organizations o CROSS JOIN LATERAL (
         SELECT 1 FROM report_editions e JOIN result_reports r ON r.id = e.report_id
          WHERE e.organization_id = o.id AND r.status = ANY($1::report_status[]) LIMIT 1) on_record`,
      [[...PUBLISHED_STATUSES, ReportStatus.Withdrawn]],
    );
    return rows.map((row) => row.organizationId);
  }

  private publicEditions(organizationIds: string[]): SelectQueryBuilder<ReportEdition> {
    return publicRecordEditions(this.editions, organizationIds);
  }
}

/** Rows grouped under the key each gives, in the rows' order. */
function groupedBy<Row, Value>(rows: Row[], split: (row: Row) => [string, Value]): Map<string, Value[]> {
  const groups = new Map<string, Value[]>();
  for (const row of rows) {
    const [key, value] = split(row);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
