import { Injectable } from '@nestjs/common';
import { OrganizationActor } from '../../access/actor';
import { fiscalYearLabel } from '../../common/era-input';
import { type AssignExpertsRequest } from '../reviews/reviews.dto';
import { ReviewsService } from '../reviews/reviews.service';
import { ReportStatus } from '../rules/report-status';
import { ReportAction } from '../rules/report-workflow';
import { BulkChanges } from './bulk-changes';
import { BulkAcceptanceView, BulkReportItem } from './workflow.dto';

const ACCEPTED = { from: ReportStatus.Submitted, done: 'accepted' };

/**
 * 一括受理: the planning division accepts several submitted reports of a year at once, asking one panel of experts for
 * their opinions by one due date. Each report is accepted exactly as one accepted alone (the Accept rule, its own
 * assignments, audit entry and requests to the experts).
 */
@Injectable()
export class BulkAcceptanceService {
  constructor(
    private readonly bulk: BulkChanges,
    private readonly reviews: ReviewsService,
  ) {}

  /** What may be accepted together: every submitted report of the year the caller may see, in list order. */
  async acceptable(actor: OrganizationActor, fiscalYear: number): Promise<BulkReportItem[]> {
    return (await this.bulk.candidates(actor, fiscalYear, ReportStatus.Submitted)).map(BulkReportItem.from);
  }

  /**
   * The chosen reports as they are now, for a page that confirms them: refused as the acceptance would refuse them when
   * one is no longer submitted or changed since the version the list showed (ChangedSinceListedException).
   */
  async stillAcceptable(
    actor: OrganizationActor,
    fiscalYear: number,
    reportIds: string[],
    readVersions?: number[],
  ): Promise<BulkReportItem[]> {
    return (await this.bulk.chosen(actor, fiscalYear, reportIds, readVersions, ACCEPTED)).map(BulkReportItem.from);
  }

  /**
   * Accepts the chosen submitted reports of the year, all or nothing (BulkChanges); with the versions read, in the
   * order of reportIds, a report changed since is refused with the rest.
   */
  async accept(
    actor: OrganizationActor,
    fiscalYear: number,
    reportIds: string[],
    request: AssignExpertsRequest,
    readVersions?: number[],
  ): Promise<BulkAcceptanceView> {
    const assigned = { experts: request.experts, dueDate: request.dueDate };
    const accepted = await this.bulk.run(
      actor,
      fiscalYear,
      reportIds,
      {
        ...ACCEPTED,
        request: {
          action: ReportAction.Accept,
          auditAction: 'report.accepted',
          auditDetails: { ...assigned, bulk: true },
        },
        change: this.reviews.asking(actor, assigned),
        auditAction: 'reports.bulk_accepted',
        auditDetails: assigned,
      },
      readVersions,
    );
    return {
      fiscalYear,
      fiscalYearLabel: fiscalYearLabel(fiscalYear),
      ...assigned,
      accepted: accepted.map(BulkReportItem.from),
    };
  }
}
