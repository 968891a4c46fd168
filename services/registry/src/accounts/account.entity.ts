import type { StaffRole } from '@collabo/contracts';
import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { VersionedRecord } from '../database/versioned-record.js';
import { Person } from '../people/person.entity.js';

/**
 * A staff account: one per person, with roles, an argon2id password hash once the invitation was used,
 * the hash of the current set-password token, and the login throttle's counters.
 */
@Entity('accounts')
@Unique('accounts_person_id_key', ['personId'])
@Unique('accounts_invitation_token_hash_key', ['invitationTokenHash'])
@Index('accounts_roles_idx', ['roles'], { type: 'gin' })
export class Account extends VersionedRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'accounts_pkey' }) id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'text', array: true }) roles!: StaffRole[];
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash!: string | null;
  @Column({ type: 'boolean', default: false }) disabled!: boolean;
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true }) activatedAt!: Date | null;
  /**
   * The current invitation (or new link): changes each time one is sent, and is cleared when the password is
   * set through it. The `account invited` event names it; the link itself is minted over RPC at send time.
   */
  @Column({ name: 'invitation_id', type: 'uuid', nullable: true }) invitationId!: string | null;
  /** sha256 of the latest set-password token of the current invitation: the token itself is only in the email. */
  @Column({ name: 'invitation_token_hash', type: 'text', nullable: true }) invitationTokenHash!: string | null;
  @Column({ name: 'invitation_expires_at', type: 'timestamptz', nullable: true }) invitationExpiresAt!: Date | null;
  @Column({ name: 'invited_by', type: 'uuid', nullable: true }) invitedBy!: string | null;
  @Column({ name: 'failed_logins', type: 'integer', default: 0 }) failedLogins!: number;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil!: Date | null;
  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt!: Date | null;

  @OneToOne(() => Person, { nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'accounts_person_id_fkey' })
  person?: Relation<Person>;
}
