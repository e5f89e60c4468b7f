import { Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Timestamped } from '../infra/database/timestamps';
import { Department } from '../organizations/department.entity';
import { Organization } from '../organizations/organization.entity';
import { Role } from '../access/role';
import { User } from './user.entity';

/**
 * One role of one user in one organization. A user may hold several (an expert on two panels,
 * a planning user who is also an administrator). Project owners are bound to a department.
 */
@Entity('memberships')
@Index(['userId', 'organizationId', 'role', 'departmentId'], { unique: true, where: '"department_id" IS NOT NULL' })
@Index(['userId', 'organizationId', 'role'], { unique: true, where: '"department_id" IS NULL' })
// Every authenticated request reads the caller's memberships in the organization: neither partial index above serves it.
@Index(['userId', 'organizationId'])
// An organization's members (member lists, a department's owners): the indexes above lead with the user.
@Index('IDX_memberships_organization', ['organizationId'])
@Check('"role" <> \'project_owner\' OR "department_id" IS NOT NULL')
export class Membership extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, (user) => user.memberships, { onDelete: 'CASCADE' })
  user?: Relation<User>;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  organization?: Relation<Organization>;

  @Column({ type: 'enum', enum: Role, enumName: 'role' })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  department?: Relation<Department> | null;
}
