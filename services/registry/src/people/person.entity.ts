import type { FocusField, Language } from '@collabo/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { VersionedRecord } from '../database/versioned-record.js';

/**
 * A person, as the `people` table stores them. Property names are those of `PersonRecord`. The email is
 * unique whatever its case through the expression index `people_email_key ON people (lower(email))`,
 * which TypeORM neither reads nor expresses: the migration makes it.
 */
@Entity('people')
@Index('people_expertise_fields_idx', ['expertiseFields'], { type: 'gin' })
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
  /** Written by Postgres (GENERATED ALWAYS ... STORED): family and given name in lower case without spaces. */
  @Index('people_search_name_trgm', { synchronize: false }) // GIN with gin_trgm_ops: made by the migration only
  @Column({
    name: 'search_name',
    type: 'text',
    nullable: true,
    generatedType: 'STORED',
    asExpression: `lower(replace(family_name || given_name, ' ', ''))`,
    insert: false,
    update: false,
    select: false,
  })
  searchName?: string;
  /** Written by Postgres: both readings without spaces. */
  @Index('people_search_kana_trgm', { synchronize: false }) // GIN with gin_trgm_ops: made by the migration only
  @Column({
    name: 'search_kana',
    type: 'text',
    nullable: true,
    generatedType: 'STORED',
    asExpression: `replace(family_name_kana || given_name_kana, ' ', '')`,
    insert: false,
    update: false,
    select: false,
  })
  searchKana?: string;
}
