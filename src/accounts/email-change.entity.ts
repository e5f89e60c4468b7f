import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Timestamped } from '../infra/database/timestamps';
import { User } from '../users/user.entity';

/**
 * A change of an account's address asked for in アカウント設定: it takes effect only when the link mailed to the new
 * address is opened, once and before it expires, so an address nobody can read never becomes the account's. Like the
 * account, it belongs to no organization.
 */
@Entity('email_changes')
@Index(['userId', 'createdAt'])
export class EmailChange extends Timestamped {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: Relation<User>;

  /** Normalized as account addresses are (lower-cased). */
  @Column({ type: 'text' })
  newEmail: string;

  /** SHA-256 of the link's token, set when the mail is written; the token itself is stored nowhere. */
  @Index({ unique: true })
  @Column({ type: 'text', nullable: true })
  tokenHash: string | null;

  /**
   * SHA-256 of the token in the notice to the old address, which cancels the change: the owner who did not ask for it
   * stops it from the mailbox they still hold. Set with tokenHash.
   */
  @Index({ unique: true })
  @Column({ type: 'text', nullable: true })
  cancelTokenHash: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** When the address was changed with it, or when it ended: cancelled, a later request, a deactivation. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
