import { Column, Entity, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Timestamped } from '../infra/database/timestamps';
import { Membership } from './membership.entity';

/** The unique constraint on users.email (named by the migration that made it): one account per address. */
export const USER_EMAIL_UNIQUE = 'UQ_97672ac88f789774dd47f7c8be3';

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

  /**
   * Set when an administrator deactivates the account (the person left): no sign-in, no session, no mail. The account
   * and its memberships stay, so its history keeps its name and it can be reactivated.
   */
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  /** Runs the platform itself (the queue dashboard across every organization); granted by the operator CLI only. */
  @Column({ type: 'boolean', default: false, select: false })
  platformOperator: boolean;

  @OneToMany(() => Membership, (membership) => membership.user)
  memberships?: Relation<Membership[]>;
}
