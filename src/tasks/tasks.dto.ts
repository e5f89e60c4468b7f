import { ApiProperty } from '@nestjs/swagger';
import { OWNER_SECTIONS, type Section, sectionsToEnter } from '../reports/report/report-sections';
import { type ReportView } from '../reports/report/report-view';
import { ReportListItem } from '../reports/reports.controller';
import { AssignmentView } from '../reports/reviews/reviews.dto';
import { Deadline, ReportBadge } from './report-badges';

/** The experts' opinions on a report: asked (assignments that still count), given, overdue, next due. */
export class OpinionProgress {
  @ApiProperty() asked: number;
  @ApiProperty() given: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ nullable: true, type: String, example: '2026-07-15' }) nextDue: string | null;
}

/** How far a draft is: its sections ③–⑥ as the report page's task list judges them, and whether it may be submitted. */
export class DraftProgress {
  @ApiProperty({ enum: OWNER_SECTIONS, isArray: true, description: 'The sections entered, in the report’s order' })
  entered: Section[];
  @ApiProperty({
    enum: OWNER_SECTIONS,
    isArray: true,
    description: 'The sections still lacking what submission requires, in the report’s order',
  })
  toEnter: Section[];
  @ApiProperty({ description: 'Nothing stands between the draft and its submission' })
  ready: boolean;

  static of(submission: ReportView['submission']): DraftProgress {
    const toEnter = sectionsToEnter(submission.problems);
    return {
      entered: OWNER_SECTIONS.filter((section) => !toEnter.includes(section)),
      toEnter,
      ready: submission.ready,
    };
  }
}

/** A report in a list, with what it waits for. */
export class ReportTask {
  @ApiProperty({ type: ReportListItem }) report: ReportListItem;
  @ApiProperty({ type: [ReportBadge] }) badges: ReportBadge[];
  @ApiProperty({ nullable: true, type: String, description: '差戻し理由, while the report is a returned draft' })
  returnReason: string | null;
  @ApiProperty({ description: 'Experts’ questions the owning department has not answered yet' })
  openQuestions: number;
  @ApiProperty({
    type: Deadline,
    nullable: true,
    description: 'The fiscal year’s submission deadline (年度サイクル), while the report is a draft',
  })
  deadline: Deadline | null;
  @ApiProperty({ type: OpinionProgress }) opinions: OpinionProgress;
  @ApiProperty({
    type: DraftProgress,
    required: false,
    description: 'In the owning department’s lists (my-tasks owner), for each of their drafts: how far it is',
  })
  progress?: DraftProgress;
}

/** An expert's assignment to a report, with what the report waits for. */
export class OpinionTask {
  @ApiProperty({ type: ReportListItem }) report: ReportListItem;
  @ApiProperty({ type: AssignmentView }) assignment: AssignmentView;
  @ApiProperty({ type: [ReportBadge] }) badges: ReportBadge[];
  @ApiProperty({ type: Deadline, nullable: true, description: 'The opinion’s due date, while it is awaited' })
  deadline: Deadline | null;
}

/**
 * 対応が必要: what waits for the caller in the organization, by role. A list is empty when the caller has no role
 * that acts on it. The landing pages show the same lists.
 */
export class MyTasksView {
  @ApiProperty({
    type: [ReportTask],
    description:
      '事業担当課: returned drafts (with the reason), unanswered questions, drafts to submit by the deadline',
  })
  owner: ReportTask[];
  @ApiProperty({ type: [ReportTask], description: '企画政策課: submissions to accept or return' })
  toCheck: ReportTask[];
  @ApiProperty({
    type: [ReportTask],
    description:
      '企画政策課: reports in expert review whose assigned experts have all given their opinion, for 評価の取りまとめ (evaluate)',
  })
  toConsolidate: ReportTask[];
  @ApiProperty({
    type: [ReportTask],
    description: '企画政策課: evaluated reports (評価済) awaiting a policy proposal (方針案, propose)',
  })
  toPropose: ReportTask[];
  @ApiProperty({
    type: [ReportTask],
    description: '企画政策課: policy proposals (方針案) the caller may approve; never their own (four-eyes)',
  })
  toApprove: ReportTask[];
  @ApiProperty({
    type: [ReportTask],
    description: '企画政策課: reports to publish (公表): decided (方針決定) ones and corrections (訂正中)',
  })
  toPublish: ReportTask[];
  @ApiProperty({ type: [OpinionTask], description: 'Experts’ opinions past their due date (planning, administrators)' })
  overdueOpinions: OpinionTask[];
  @ApiProperty({ type: [OpinionTask], description: '外部有識者: the caller’s opinions still to give, by due date' })
  opinionsToGive: OpinionTask[];
  @ApiProperty({ description: 'How many entries the lists hold together' })
  total: number;
}
