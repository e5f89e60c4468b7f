import { Column, Entity, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Timestamped } from '../infra/database/timestamps';
import { Membership } from './membership.entity';

@Entity('users')
export class User extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased so log-in is case-insensitive. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ type: 'text' })
  displayName: string;

  /** argon2id hash; never leaves the auth module. */
  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /** Runs the platform itself (the queue dashboard across every organization); granted by the operator CLI only. */
  @Column({ type: 'boolean', default: false, select: false })
  platformOperator: boolean;

  @OneToMany(() => Membership, (membership) => membership.user)
  memberships?: Relation<Membership[]>;
}
