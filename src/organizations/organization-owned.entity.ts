import { Column, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Organization } from './organization.entity';
import { Timestamped } from '../infra/database/timestamps';

/** A row that belongs to one municipality (tenant); read it through OrganizationScopedRepository or a scoped query. */
export abstract class OrganizationOwned extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  organization?: Relation<Organization>;
}
