import { Column, Entity, Index } from 'typeorm';
import { OrganizationOwned } from '../../organizations/organization-owned.entity';
import { AssessmentScale } from './assessment-choices';

/**
 * One option of a municipality's own wording of ⑥, ⑦ or ⑧ (see assessment-choices.ts). A municipality without rows
 * for a list uses the national one; its first save stores the whole list. Rows are retired, never deleted.
 */
@Entity('assessment_options')
@Index(['organizationId', 'scale', 'key'], { unique: true })
export class AssessmentOption extends OrganizationOwned {
  @Column({ type: 'enum', enum: AssessmentScale, enumName: 'assessment_scale' })
  scale: AssessmentScale;

  /** Stable: what requests send and reports keep. A national option's key is its kind (e.g. continue). */
  @Column({ type: 'text' })
  key: string;

  /** The national kind it counts as, a value of the list's enum (EffectLevel, PanelRating or PolicyDecision). */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  label: string;

  /** ⑧: the long wording of the form's cell (null: the label). */
  @Column({ type: 'text', nullable: true })
  formText: string | null;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'boolean', default: false })
  retired: boolean;
}
