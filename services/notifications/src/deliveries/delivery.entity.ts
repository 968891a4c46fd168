import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EmailAttachment } from '../templates/template-types.js';
import type { SecretLink } from './secret-links.js';

export const DeliveryStatuses = ['queued', 'sending', 'sent', 'failed', 'ambiguous', 'suppressed'] as const;
export type DeliveryStatus = (typeof DeliveryStatuses)[number];

/** One email: the unique (event, recipient, kind), its rendered content and where its sending stands. */
@Entity({ name: 'deliveries' })
export class Delivery {
  @PrimaryColumn('uuid') id!: string;
  /** The envelope id of the event that caused the email. */
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'event_subject' }) eventSubject!: string;
  @Column('text') kind!: string;
  @Column('text') category!: string;
  @Column('text', { name: 'recipient_key' }) recipientKey!: string;
  @Column('text', { name: 'recipient_role' }) recipientRole!: string;
  @Column('uuid', { name: 'person_id', nullable: true }) personId!: string | null;
  @Column('text', { name: 'recipient_email', nullable: true }) recipientEmail!: string | null;
  @Column('text', { name: 'recipient_name', nullable: true }) recipientName!: string | null;
  @Column('text', { name: 'recipient_source' }) recipientSource!: 'registry' | 'event' | 'missing';
  @Column('text') language!: 'ja' | 'en';
  @Column('uuid', { name: 'proposal_id', nullable: true }) proposalId!: string | null;
  @Column('uuid', { name: 'exchange_event_id', nullable: true }) exchangeEventId!: string | null;
  @Column('text', { name: 'message_id' }) messageId!: string;
  @Column('text') subject!: string;
  @Column('text', { name: 'text_body' }) textBody!: string;
  @Column('text', { name: 'html_body' }) htmlBody!: string;
  @Column('jsonb') attachments!: EmailAttachment[];
  /** Masked (`?token=•••`), like every link in the content; the real one exists only in the email on the wire. */
  @Column('text', { name: 'unsubscribe_url', nullable: true }) unsubscribeUrl!: string | null;
  /** How the worker gets the real link behind each masked link at send time (never the real link). */
  @Column('jsonb', { name: 'secret_links' }) secretLinks!: SecretLink[];
  @Column('text') status!: DeliveryStatus;
  @Column('text', { nullable: true }) phase!: 'claimed' | 'data' | null;
  @Column('int') attempts!: number;
  @Column('int') resends!: number;
  @Column('timestamptz', { name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column('uuid', { name: 'claim_token', nullable: true }) claimToken!: string | null;
  @Column('text', { name: 'claimed_by', nullable: true }) claimedBy!: string | null;
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('text', { name: 'last_error_code', nullable: true }) lastErrorCode!: string | null;
  @Column('text', { name: 'smtp_response', nullable: true }) smtpResponse!: string | null;
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  /** When retention removed its personal data (address, name, person, content); null while it has them. */
  @Column('timestamptz', { name: 'redacted_at', nullable: true }) redactedAt!: Date | null;
  @Column('int') version!: number;
}
