import type { FocusField, Language } from '@collabo/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { GeneratedSearchColumn, SearchGramsColumn } from '../database/search-columns.js';
import { VersionedRecord } from '../database/versioned-record.js';

/**
 * A person, as the `people` table stores them. Property names are those of `PersonRecord`. The email is
 * unique whatever its case through the expression index `people_email_key ON people (lower(email))`,
 * which TypeORM neither reads nor expresses: the migration makes it.
 */
@Entity('people')
@Index('people_expertise_fields_idx', ['expertiseFields'], { type: 'gin' })
// Reading order: the default order of lists and the keyset of exports (ReadingOrderIndexes1732800000007).
@Index('people_reading_order_idx', ['familyNameKana', 'givenNameKana', 'id'])
@Index('people_merged_into_idx', ['mergedInto'], { where: 'merged_into IS NOT NULL' })
export class Person extends VersionedRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'people_pkey' }) id!: string;
  @Column({ name: 'family_name', type: 'text' }) familyName!: string;
  @Column({ name: 'given_name', type: 'text' }) givenName!: string;
  @Column({ name: 'family_name_kana', type: 'text' }) familyNameKana!: string;
  @Column({ name: 'given_name_kana', type: 'text' }) givenNameKana!: string;
  @Column({ name: 'name_en', type: 'text', nullable: true }) nameEn!: string | null;
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ name: 'preferred_language', type: 'text', default: 'ja' }) preferredLanguage!: Language;
  @Column({ name: 'consent_to_list', type: 'boolean', default: false }) consentToList!: boolean;
  @Column({ name: 'expertise_fields', type: 'text', array: true, default: [] }) expertiseFields!: FocusField[];
  @Column({ type: 'boolean', default: false }) archived!: boolean;
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
  /** When this record was merged into another (the same person registered twice), the surviving record's id. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true }) mergedInto!: string | null;
  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true }) mergedAt!: Date | null;
  /** Cessation of use (利用停止, a privacy request) in force since then; null when not stopped (see src/privacy). */
  @Column({ name: 'processing_stopped_at', type: 'timestamptz', nullable: true }) processingStoppedAt!: Date | null;
  /** Written by Postgres (GENERATED ALWAYS ... STORED): family and given name in lower case without spaces. */
  @GeneratedSearchColumn('search_name', `lower(replace(family_name || given_name, ' ', ''))`)
  searchName?: string;
  /** Written by Postgres: both readings without spaces. */
  @GeneratedSearchColumn('search_kana', `replace(family_name_kana || given_name_kana, ' ', '')`)
  searchKana?: string;
  /** Written by Postgres: the grams of the search name and reading. */
  @SearchGramsColumn('people')
  searchGrams?: string[];

  @ManyToOne(() => Person, { nullable: true })
  @JoinColumn({ name: 'merged_into', foreignKeyConstraintName: 'people_merged_into_fkey' })
  survivor?: Relation<Person> | null;
}
