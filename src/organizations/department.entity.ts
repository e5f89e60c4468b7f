import { Check, Column, Entity, Index, ManyToOne, Relation } from 'typeorm';
import { OrganizationOwned } from './organization-owned.entity';

/**
 * A department (課) of a municipality; project owners belong to one. A retired one (廃止) keeps its row, so the name on
 * published reports, past editions and the audit log stays; its projects and owners went to its successor.
 */
@Entity('departments')
@Index(['organizationId', 'name'], { unique: true })
@Check(`("successor_id" IS NULL OR "retired_at" IS NOT NULL) AND "successor_id" IS DISTINCT FROM "id"`)
export class Department extends OrganizationOwned {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** Where its projects and owners went (統合); none for a department retired with nothing to hand on. */
  @Column({ type: 'uuid', nullable: true })
  successorId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  successor?: Relation<Department> | null;
}
