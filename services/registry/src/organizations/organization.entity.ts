import type { FocusField, OrganizationKind, Sector } from '@collabo/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { GeneratedSearchColumn, SearchGramsColumn } from '../database/search-columns.js';
import { bigintAsNumber, VersionedRecord } from '../database/versioned-record.js';
import { Municipality } from '../reference/municipality.entity.js';

/**
 * An organisation (company, university, public body, financial institution, study group...), as the
 * `organizations` table stores it. Property names are those of `OrganizationRecord`, so a record maps onto
 * the entity field by field. Search reads go through hand-written SQL (the search grams); see name-search.ts.
 */
@Entity('organizations')
@Check('organizations_corporate_number_check', `corporate_number ~ '^[0-9]{13}$'`)
@Check('organizations_capital_yen_check', `capital_yen >= 0`)
@Check('organizations_employees_check', `employees >= 0`)
@Check('organizations_check', `(jsic_code IS NULL) = (jsic_revision IS NULL)`)
// The same corporate number twice among live records is refused; a merged alias keeps its number for history.
@Index('organizations_corporate_number_key', ['corporateNumber'], {
  unique: true,
  where: 'corporate_number IS NOT NULL AND merged_into IS NULL',
})
@Index('organizations_corporate_number_idx', ['corporateNumber'], { where: 'corporate_number IS NOT NULL' })
@Index('organizations_municipality_idx', ['municipalityCode'])
@Index('organizations_kind_idx', ['kind'])
@Index('organizations_focus_fields_idx', ['focusFields'], { type: 'gin' })
// Reading order: the default order of lists and the keyset of exports (ReadingOrderIndexes1732800000007).
@Index('organizations_reading_order_idx', ['nameKana', 'id'])
@Index('organizations_merged_into_idx', ['mergedInto'], { where: 'merged_into IS NOT NULL' })
export class Organization extends VersionedRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'organizations_pkey' }) id!: string;
  @Column({ type: 'text' }) kind!: OrganizationKind;
  @Column({ type: 'text' }) sector!: Sector;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'name_kana', type: 'text' }) nameKana!: string;
  @Column({ name: 'name_en', type: 'text', nullable: true }) nameEn!: string | null;
  /** The name without legal forms and punctuation, for duplicate checks (see organizationNameKey). */
  @Column({ name: 'name_key', type: 'text' })
  @Index('organizations_name_key_trgm', { synchronize: false }) // GIN with gin_trgm_ops: made by the migration only
  nameKey!: string;
  @Column({ name: 'corporate_number', type: 'text', nullable: true }) corporateNumber!: string | null;
  @Column({ name: 'jsic_code', type: 'text', nullable: true }) jsicCode!: string | null;
  @Column({ name: 'jsic_revision', type: 'smallint', nullable: true }) jsicRevision!: number | null;
  @Column({ name: 'focus_fields', type: 'text', array: true, default: [] }) focusFields!: FocusField[];
  @Column({ name: 'postal_code', type: 'text', nullable: true }) postalCode!: string | null;
  @Column({ name: 'municipality_code', type: 'text', nullable: true }) municipalityCode!: string | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ name: 'capital_yen', type: 'bigint', nullable: true, transformer: bigintAsNumber }) capitalYen!: number | null;
  @Column({ type: 'integer', nullable: true }) employees!: number | null;
  @Column({ name: 'founded_on', type: 'date', nullable: true }) foundedOn!: string | null;
  @Column({ name: 'dissolved_on', type: 'date', nullable: true }) dissolvedOn!: string | null;
  @Column({ type: 'text', nullable: true }) representative!: string | null;
  @Column({ type: 'text', nullable: true }) website!: string | null;
  @Column({ name: 'contact_email', type: 'text', nullable: true }) contactEmail!: string | null;
  @Column({ name: 'contact_phone', type: 'text', nullable: true }) contactPhone!: string | null;
  @Column({ name: 'area_municipality_codes', type: 'text', array: true, default: [] }) areaMunicipalityCodes!: string[];
  @Column({ name: 'area_bureau_codes', type: 'text', array: true, default: [] }) areaBureauCodes!: string[];
  @Column({ type: 'boolean', default: false }) archived!: boolean;
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
  /** Set when this record was merged into another: it stays as an alias of the survivor. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true }) mergedInto!: string | null;
  /** Written by Postgres (GENERATED ALWAYS ... STORED): the name in lower case without spaces. */
  @GeneratedSearchColumn('search_name', `lower(replace(name, ' ', ''))`)
  searchName?: string;
  /** Written by Postgres: the reading without spaces. */
  @GeneratedSearchColumn('search_kana', `replace(name_kana, ' ', '')`)
  searchKana?: string;
  /** Written by Postgres: the grams of the search name and reading. */
  @SearchGramsColumn('organizations')
  searchGrams?: string[];

  @ManyToOne(() => Municipality)
  @JoinColumn({ name: 'municipality_code', foreignKeyConstraintName: 'organizations_municipality_code_fkey' })
  municipality?: Relation<Municipality> | null;

  @ManyToOne(() => Organization)
  @JoinColumn({ name: 'merged_into', foreignKeyConstraintName: 'organizations_merged_into_fkey' })
  survivor?: Relation<Organization> | null;
}
