import { Column, Entity, Index, ManyToOne, Relation } from 'typeorm';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';
import { ResultReport } from '../report/result-report.entity';

export enum CommentKind {
  /** An expert's question to the owning department. */
  Question = 'question',
  /** The owning department's answer to a question. */
  Answer = 'answer',
  /** The planning division's reason for returning a submission (差戻し). */
  Return = 'return',
}

/** Entries of a report's thread. */
export const COMMENT_KIND_LABELS: Record<CommentKind, string> = {
  [CommentKind.Question]: '質問',
  [CommentKind.Answer]: '回答',
  [CommentKind.Return]: '差戻し',
};

/** The thread on a report: questions and answers, and return comments. Visible to the planning division. */
@Entity('report_comments')
@Index(['reportId', 'createdAt'])
// A question's answer, which every list's open-question badge looks for.
@Index(['parentId'])
export class ReportComment extends OrganizationOwned {
  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ResultReport, { onDelete: 'CASCADE' })
  report?: Relation<ResultReport>;

  @Column({ type: 'enum', enum: CommentKind, enumName: 'comment_kind' })
  kind: CommentKind;

  /** The question an answer answers. */
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'uuid' })
  authorUserId: string;

  @Column({ type: 'text' })
  body: string;
}
