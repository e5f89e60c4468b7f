import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Timestamped } from '../infra/database/timestamps';
import { Organization } from './organization.entity';

/** A department (課) of a municipality; project owners belong to one. */
@Entity('departments')
@Index(['organizationId', 'name'], { unique: true })
export class Department extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  organization?: Relation<Organization>;

  @Column({ type: 'text' })
  name: string;
}
