import { Injectable, NotFoundException } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { isValidLocalGovernmentCode } from '../organizations/local-government-code';
import { type Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { type ReportEdition } from '../reports/report/report-edition.entity';
import { type ReportView } from '../reports/report/report-view';
import { type KpiLedgerView, publishedKpiLedger } from '../reports/ledger/kpi-ledger';
import {
  type EditionWithdrawal,
  type PublicEditionEntry,
  type PublicRecordEntry,
  type PublicRecordEvent,
  type PublicRecordState,
  PublicationsRepository,
  type PublishedYear,
} from './publications.repository';

/** A municipality as the public sees it: name, code and what it decided about publication. */
export interface PublicOrganization {
  id: string;
  name: string;
  code: string;
  licence: { name: string; url: string };
  publishPanelMemberNames: boolean;
}

/** One edition of a published report: its content exactly as published, and when. */
export interface PublishedReport {
  reportId: string;
  edition: number;
  publishedAt: Date;
  correctionReason: string | null;
  view: ReportView;
  /** The experts named under ⑦, as the edition recorded them; empty where the municipality does not name its panel. */
  panelMemberNames: string[];
}

export interface EditionSummary {
  edition: number;
  publishedAt: Date;
  correctionReason: string | null;
  /** The withdrawal that took this edition down, if one did: it stays down after a later edition is published. */
  withdrawal: EditionWithdrawal | null;
}

/** A withdrawn publication as the year's list names it: the project as last published, and when it was withdrawn. */
export interface WithdrawnNotice {
  entry: PublicRecordEntry;
  projectNumber: string | null;
  projectName: string;
}

/** What the sitemap lists of one municipality. */
export interface SitemapRecord {
  years: PublishedYear[];
  editions: PublicEditionEntry[];
  changedAt: Date | null;
}

/** What the public URL of a report shows: the current edition, or the notice that the publication was withdrawn. */
export type PublicReportRecord =
  | { state: 'published'; current: PublishedReport; editions: EditionSummary[] }
  | { state: 'withdrawn'; entry: PublicRecordEntry; last: PublishedReport; editions: EditionSummary[] };

const NOT_PUBLISHED = '公表されていないか、存在しないページです。';

function publishedReport(organization: PublicOrganization, edition: ReportEdition): PublishedReport {
  return {
    reportId: edition.reportId,
    edition: edition.edition,
    publishedAt: edition.publishedAt,
    correctionReason: edition.correctionReason,
    view: edition.snapshot,
    // The choice to name the panel stays the municipality's to withdraw: the names are people's, the record keeps them.
    // Naming it later names no one of an edition published without names (panelNamed false).
    panelMemberNames:
      organization.publishPanelMemberNames && edition.panelNamed !== false ? edition.panelMemberNames : [],
  };
}

/**
 * The public record of each municipality: only what was published, from the editions that never change. Anything not
 * on the record answers 404 the same way whether it exists or not, so a guessed URL learns nothing.
 */
@Injectable()
export class PublicRecordService {
  constructor(
    private readonly publications: PublicationsRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  async organization(code: string): Promise<PublicOrganization> {
    const organization = isValidLocalGovernmentCode(code) ? await this.organizations.findByCode(code) : null;
    if (!organization) throw new NotFoundException(NOT_PUBLISHED);
    return publicOrganization(organization);
  }

  /** Every municipality with something on its public record. */
  async organizationsWithRecord(): Promise<PublicOrganization[]> {
    const found = await this.organizations.findByIds(await this.publications.publishingOrganizationIds());
    return found.map(publicOrganization).sort((a, b) => a.code.localeCompare(b.code));
  }

  years(organization: PublicOrganization): Promise<PublishedYear[]> {
    return this.publications.publishedYears(organization.id);
  }

  /** The current edition of every public report of a fiscal year (or of all years), by year and project number. */
  async currentReports(organization: PublicOrganization, fiscalYear?: number): Promise<PublishedReport[]> {
    return (await this.publications.currentEditions(organization.id, { fiscalYear })).map((edition) =>
      publishedReport(organization, edition),
    );
  }

  /** The editions before the current one of every public report of a fiscal year (or all), by report, oldest first. */
  async earlierEditions(
    organization: PublicOrganization,
    fiscalYear?: number,
  ): Promise<Map<string, PublishedReport[]>> {
    const byReport = new Map<string, PublishedReport[]>();
    for (const edition of await this.publications.earlierEditions(organization.id, fiscalYear))
      byReport.set(edition.reportId, [
        ...(byReport.get(edition.reportId) ?? []),
        publishedReport(organization, edition),
      ]);
    return byReport;
  }

  withdrawn(organization: PublicOrganization, fiscalYear?: number): Promise<PublicRecordEntry[]> {
    return this.publications.withdrawn(organization.id, fiscalYear);
  }

  async report(organization: PublicOrganization, reportId: string): Promise<PublicReportRecord> {
    const entry = isUUID(reportId) ? await this.publications.recordEntry(organization.id, reportId) : null;
    if (!entry) throw new NotFoundException(NOT_PUBLISHED);
    const [stored, withdrawals] = await Promise.all([
      this.publications.editionsOf(organization.id, reportId),
      this.publications.withdrawalsOf(organization.id, reportId),
    ]);
    const editions = stored.map(({ edition, publishedAt, correctionReason }) => ({
      edition,
      publishedAt,
      correctionReason,
      withdrawal: withdrawals.find((withdrawal) => withdrawal.edition >= edition) ?? null,
    }));
    const last = await this.publications.edition(organization.id, reportId, editions.at(-1)!.edition);
    const current = publishedReport(organization, last!);
    return entry.withdrawnAt !== null
      ? { state: 'withdrawn', entry, last: current, editions }
      : { state: 'published', current, editions };
  }

  /**
   * An earlier (or the current) edition of a public report whose record was read (report); a withdrawn report's
   * editions are withdrawn with it. The current edition is the record's own, not read again.
   */
  async edition(
    organization: PublicOrganization,
    record: PublicReportRecord,
    edition: number,
  ): Promise<PublishedReport | { withdrawal: EditionWithdrawal }> {
    if (record.state !== 'published' || !Number.isSafeInteger(edition)) throw new NotFoundException(NOT_PUBLISHED);
    if (edition === record.current.edition) return record.current;
    // Taken down by a withdrawal: when and why, never its content again.
    const withdrawal = record.editions.find((summary) => summary.edition === edition)?.withdrawal;
    if (withdrawal) return { withdrawal };
    const found = await this.publications.edition(organization.id, record.current.reportId, edition);
    if (!found) throw new NotFoundException(NOT_PUBLISHED);
    return publishedReport(organization, found);
  }

  /**
   * The public KPI ledger of each of these reports' projects, from the current editions of their published years:
   * the reports given (current editions, read already) and the projects' other years, so that each is read once.
   */
  async ledgers(organization: PublicOrganization, reports: PublishedReport[]): Promise<Map<string, KpiLedgerView>> {
    const byProject = new Map<string, ReportView[]>();
    for (const view of await this.projectYears(organization, reports))
      byProject.set(view.project.id, [...(byProject.get(view.project.id) ?? []), view]);
    return new Map([...byProject].map(([projectId, views]) => [projectId, publishedKpiLedger(views)]));
  }

  /** What the page of a report's current edition shows beside it: its project's public KPI ledger, every year's. */
  async ledgerOf(organization: PublicOrganization, current: PublishedReport): Promise<KpiLedgerView> {
    return publishedKpiLedger(await this.projectYears(organization, [current]));
  }

  /** The current editions of the reports' projects: those given, and the others read. */
  private async projectYears(organization: PublicOrganization, reports: PublishedReport[]): Promise<ReportView[]> {
    const others = await this.publications.currentEditions(organization.id, {
      projectIds: [...new Set(reports.map((report) => report.view.project.id))],
      exceptReportIds: reports.map((report) => report.reportId),
    });
    return [...reports.map((report) => report.view), ...others.map((edition) => edition.snapshot)];
  }

  /** Withdrawn publications of a year (or all years), each named as it was last published. */
  async withdrawnNotices(organization: PublicOrganization, fiscalYear?: number): Promise<WithdrawnNotice[]> {
    const entries = await this.publications.withdrawn(organization.id, fiscalYear);
    const last = new Map(
      (
        await this.publications.lastEditionsOf(
          organization.id,
          entries.map((entry) => entry.reportId),
        )
      ).map((edition) => [edition.reportId, edition.snapshot.project]),
    );
    return entries.map((entry) => ({
      entry,
      projectNumber: last.get(entry.reportId)?.projectNumber ?? null,
      projectName: last.get(entry.reportId)?.name ?? '',
    }));
  }

  /** The latest changes of the municipality's public record, newest first: what its feed announces. */
  recordEvents(organization: PublicOrganization, limit: number): Promise<PublicRecordEvent[]> {
    return this.publications.recordEvents(organization.id, limit);
  }

  /** When the public record of each municipality last changed (the sitemap index's lastmod), in one statement. */
  changedAtOf(organizations: PublicOrganization[]): Promise<Map<string, Date | null>> {
    return this.publications.recordChangedAtOf(organizations.map((organization) => organization.id));
  }

  /**
   * For the sitemap, of each municipality: its published years, every edition of its public reports (without content)
   * and when its record last changed; three statements for all of them.
   */
  async sitemapRecords(organizations: PublicOrganization[]): Promise<Map<string, SitemapRecord>> {
    const ids = organizations.map((organization) => organization.id);
    const [years, editions, changedAt] = await Promise.all([
      this.publications.publishedYearsOf(ids),
      this.publications.publicEditionEntriesOf(ids),
      this.publications.recordChangedAtOf(ids),
    ]);
    return new Map(
      ids.map((id) => [
        id,
        { years: years.get(id) ?? [], editions: editions.get(id) ?? [], changedAt: changedAt.get(id) ?? null },
      ]),
    );
  }

  /**
   * When what is public about a municipality (or, without a code, about any) last changed: pages' Last-Modified. A code
   * that names no municipality changed never.
   */
  async changedAt(code: string | null): Promise<Date | null> {
    return (await this.state(code)).changedAt;
  }

  /** The stamp under which built pages are kept (PublicResponses): every change of the public record moves it. */
  async stamp(code: string | null): Promise<string> {
    return (await this.state(code)).stamp;
  }

  private state(code: string | null): Promise<PublicRecordState> {
    return code === null || isValidLocalGovernmentCode(code)
      ? this.publications.recordState(code)
      : Promise.resolve({ changedAt: null, stamp: 'never' });
  }
}

function publicOrganization(organization: Organization): PublicOrganization {
  return {
    id: organization.id,
    name: organization.name,
    code: organization.localGovernmentCode,
    licence: { name: organization.openDataLicence, url: organization.openDataLicenceUrl },
    publishPanelMemberNames: organization.publishPanelMemberNames,
  };
}
