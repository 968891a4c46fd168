import type { PrivacyRequestKind } from '@collabo/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';
import type { RegistryPrivacyAnswer, StoredPrivacySubject } from './privacy-answer.js';

/** What removed a completed request's personal data. */
export type PersonalDataRemoval = 'retention' | 'erasure';

/** A privacy request (開示・消去・利用停止) staff opened, with the registry's own answer. See Privacy1732800000030. */
@Entity('privacy_requests')
@Check(
  'privacy_requests_removed_by_check',
  `(personal_data_removed_at IS NULL) = (personal_data_removed_by IS NULL)
   AND (personal_data_removed_by IS NULL OR personal_data_removed_by IN ('retention', 'erasure'))`,
)
@Index('privacy_requests_opened_idx', ['openedAt'])
@Index('privacy_requests_person_idx', ['personId'])
export class PrivacyRequest {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'privacy_requests_pkey' }) id!: string;
  @Column({ type: 'text' }) kind!: PrivacyRequestKind;
  @Column({ name: 'person_id', type: 'uuid', nullable: true }) personId!: string | null;
  /** The email given on the request (lower-cased), when staff opened it by email. */
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'jsonb' }) subject!: StoredPrivacySubject;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'opened_by', type: 'uuid', nullable: true }) openedBy!: string | null;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'registry_answer', type: 'jsonb' }) registryAnswer!: RegistryPrivacyAnswer;
  /**
   * When the retention job removed the personal data of the completed request (RETENTION_PRIVACY_ANSWERS_DAYS after
   * `completed_at`): the answers keep what staff need as proof of handling, the email addresses are markers, and
   * the disclosure is 410 Gone. See PrivacyRequestRetention1732800000041.
   */
  @Column({ name: 'personal_data_removed_at', type: 'timestamptz', nullable: true }) personalDataRemovedAt!: Date | null;
  /** Who removed it: the retention job, or an erasure of the same person (PrivacyRemovalReason1732800000060). */
  @Column({ name: 'personal_data_removed_by', type: 'text', nullable: true }) personalDataRemovedBy!: PersonalDataRemoval | null;

  @ManyToOne(() => Person, { nullable: true })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'privacy_requests_person_id_fkey' })
  person?: Relation<Person>;
}

/** One service's answer to a privacy request, as it arrived (the event's data). */
@Entity('privacy_request_answers')
export class PrivacyRequestAnswer {
  @PrimaryColumn({ name: 'request_id', type: 'uuid', primaryKeyConstraintName: 'privacy_request_answers_pkey' }) requestId!: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'privacy_request_answers_pkey' }) service!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'answered_at', type: 'timestamptz' }) answeredAt!: Date;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ type: 'jsonb' }) answer!: Record<string, unknown>;

  @ManyToOne(() => PrivacyRequest, { nullable: false })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'privacy_request_answers_request_id_fkey' })
  request?: Relation<PrivacyRequest>;
}
