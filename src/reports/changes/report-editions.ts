import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type NewEdition, ReportEditionsRepository } from '../report/report-editions.repository';
import { buildReportView, type FollowUpView } from '../report/report-view';
import type { ReportEdition } from '../report/report-edition.entity';
import type { ResultReport } from '../report/result-report.entity';

/** Every publication of a report becomes an edition that is never changed; a correction is the next edition. */
@Injectable()
export class ReportEditions {
  constructor(private readonly editions: ReportEditionsRepository) {}

  /**
   * `report` as loaded by loadFull, just published, with the project's earlier years on the public record now; returns
   * the new edition.
   */
  async record(
    manager: EntityManager,
    report: ResultReport,
    publishedEarlier: ResultReport[],
    by: { userId: string | null; correctionReason: string | null; policyCorrectedBy: string[] | null },
  ): Promise<ReportEdition> {
    const { edition, panelMemberNames, panelNamed } = await this.editions.nextEditionOf(manager, report.id);
    return this.editions.add(
      manager,
      editionOf(report, edition, { ...by, panelMemberNames, panelNamed, publishedEarlier }),
    );
  }

  /**
   * Reports that come into being published (ReportDrafts): the first edition of each, in one statement. Their review
   * happened outside the system, so no panel is named.
   */
  async recordFirstOfNew(
    manager: EntityManager,
    published: { report: ResultReport; userId: string | null; publishedEarlier: ResultReport[] }[],
  ): Promise<void> {
    await this.editions.addAll(
      manager,
      published.map(({ report, userId, publishedEarlier }) =>
        editionOf(report, 1, {
          userId,
          correctionReason: null,
          policyCorrectedBy: null,
          panelMemberNames: [],
          panelNamed: false,
          publishedEarlier,
        }),
      ),
    );
  }

  /**
   * A report published before editions were kept has none yet; its frozen row is what was published. Before it is
   * reopened for a correction, that becomes edition 1, without the earlier years public then nor whether the panel was
   * named then, which are not known.
   */
  async recordFirst(manager: EntityManager, report: ResultReport): Promise<void> {
    const { edition, panelMemberNames } = await this.editions.nextEditionOf(manager, report.id);
    if (edition === 1)
      await this.editions.add(
        manager,
        editionOf(report, 1, {
          userId: null,
          correctionReason: null,
          policyCorrectedBy: null,
          panelMemberNames,
          panelNamed: null,
          publishedEarlier: null,
        }),
      );
  }
}

/**
 * `report` (as loadFull gives it, just published) as its `edition`-th edition. Its read model takes the earlier years
 * on the public record then (⑤'s 前年度実績, and whether it may name the decision it answers: publicFollowUp), which
 * the published report itself is read without; null where they are not known (an edition recorded late).
 */
function editionOf(
  report: ResultReport,
  edition: number,
  made: {
    userId: string | null;
    correctionReason: string | null;
    policyCorrectedBy: string[] | null;
    panelMemberNames: string[];
    panelNamed: boolean | null;
    publishedEarlier: ResultReport[] | null;
  },
): NewEdition {
  const view = buildReportView({ ...report, publishedEarlier: made.publishedEarlier ?? [] }, report.project!);
  return {
    organizationId: report.organizationId,
    reportId: report.id,
    edition,
    reportVersion: report.version,
    publishedAt: report.publishedAt ?? new Date(),
    publishedBy: made.userId,
    correctionReason: edition === 1 ? null : made.correctionReason,
    snapshot: made.publishedEarlier
      ? { ...view, followUp: publicFollowUp(view.followUp, made.publishedEarlier) }
      : view,
    panelMemberNames: made.panelMemberNames,
    panelNamed: made.panelNamed,
    policyCorrectedBy: made.policyCorrectedBy,
  };
}

/**
 * PDCA as citizens read it: the earlier year's decision is named only if that year's report is among `publishedEarlier`
 * (on the public record as the edition is published), never pointing at a decision they cannot read; otherwise the
 * owner's response stands without it. Editions published before this rule keep naming it: published bytes never change.
 */
function publicFollowUp(followUp: FollowUpView, publishedEarlier: ResultReport[]): FollowUpView {
  const decided = followUp.previousDecision?.fiscalYear;
  if (decided === undefined || publishedEarlier.some((earlier) => earlier.fiscalYear === decided)) return followUp;
  return { ...followUp, previousDecision: null, previousDecisionUnnamed: true };
}
