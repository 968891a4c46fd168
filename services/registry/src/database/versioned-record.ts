import { Column, CreateDateColumn, UpdateDateColumn, VersionColumn, type ValueTransformer } from 'typeorm';

/**
 * The columns every versioned registry table shares (the migration's `audit` block): the version behind the
 * ETag, and who changed the record when. The query builder's UPDATE bumps `version` and sets `updated_at`
 * itself (VersionColumn, UpdateDateColumn); `updated_by` is the caller's to set.
 */
export abstract class VersionedRecord {
  @VersionColumn({ default: 1 }) version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ name: 'updated_by', type: 'uuid', nullable: true }) updatedBy!: string | null;
}

/** `bigint` columns arrive from pg as strings; the registry's amounts fit a JS number (validated on the way in). */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
