import { Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import type { ReportView } from './report-view';
import { ResultReport } from './result-report.entity';

/**
 * One publication of a report (公表): what was published, when, and — from the second edition on — why it was corrected
 * (訂正). Written once and never changed: PostgreSQL refuses UPDATE and DELETE on this table.
 */
@Entity('report_editions')
@Unique(['reportId', 'edition'])
// A municipality's editions, with when each was written: whether its public record changed is read from this alone.
@Index('IDX_report_editions_organization', ['organizationId', 'recordedAt', 'publishedAt'])
@Check('"edition" = 1 OR "correction_reason" IS NOT NULL')
export class ReportEdition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => ResultReport, (report) => report.editions, { onDelete: 'RESTRICT' })
  report?: Relation<ResultReport>;

  /** 第1版, 第2版 … */
  @Column({ type: 'int' })
  edition: number;

  /** The report's version that was published. */
  @Column({ type: 'int' })
  reportVersion: number;

  /** The date the edition gives: when it was published, which an import of earlier years sets in the past. */
  @Column({ type: 'timestamptz' })
  publishedAt: Date;

  /**
   * When the edition was written: the public record's changes follow it (Last-Modified, kept pages). Null for editions
   * written before it was kept, whose publishedAt was that moment.
   */
  @Column({ type: 'timestamptz', nullable: true, default: () => 'clock_timestamp()' })
  recordedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ type: 'text', nullable: true })
  correctionReason: string | null;

  /** The report exactly as it was published (the API's read model, plan copy and labels included). */
  @Column({ type: 'jsonb' })
  snapshot: ReportView;

  /**
   * The experts whose opinions the edition's ⑦ rests on, by name, as they were when it was published: the public page
   * lists them where the municipality names its panel, so they belong to the record, not to today's accounts.
   */
  @Column({ type: 'text', array: true })
  panelMemberNames: string[];

  /**
   * Whether the municipality named its panel when the edition was published (外部有識者の氏名の掲載): the names are shown
   * only while both this and today's setting say so, so turning the setting on names no expert of an edition published
   * without names. Null for editions published before it was kept, which follow today's setting.
   */
  @Column({ type: 'boolean', nullable: true })
  panelNamed: boolean | null;

  /**
   * ⑦⑧の訂正: the planning users who corrected ⑧ in the correction this edition publishes, so that the report says for
   * good who rewrote the approved policy and who published it (publishedBy). Null when no one did, and for editions
   * published before it was kept.
   */
  @Column({ type: 'uuid', array: true, nullable: true })
  policyCorrectedBy: string[] | null;
}
