import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Timestamped } from '../infra/database/timestamps';
import { User } from '../users/user.entity';

/**
 * A link that lets the holder of an account's mailbox set a new password once: asked for on the sign-in page
 * (パスワードを忘れた場合) or sent by an administrator. An account belongs to no organization, so neither does this.
 */
@Entity('password_resets')
@Index(['userId', 'createdAt'])
export class PasswordReset extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: Relation<User>;

  /** The administrator who sent it; null when the person asked for it themselves. */
  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  requestedBy?: Relation<User> | null;

  /** SHA-256 of the link's token, set when the mail is written; the token itself is stored nowhere. */
  @Index({ unique: true })
  @Column({ type: 'text', nullable: true })
  tokenHash: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /**
   * When a password was set with it, or when it died with another link's use, a change of password or address or a
   * deactivation.
   */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
