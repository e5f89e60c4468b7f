import { Column, Entity, Index } from 'typeorm';
import { OrganizationOwned } from './organization-owned.entity';

/** A department (課) of a municipality; project owners belong to one. */
@Entity('departments')
@Index(['organizationId', 'name'], { unique: true })
export class Department extends OrganizationOwned {
  @Column({ type: 'text' })
  name: string;
}
