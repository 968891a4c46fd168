import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Whether a person (or a guest's address) wants the emails of one category. No row: subscribed. */
@Entity({ name: 'preferences' })
export class Preference {
  @PrimaryColumn('text', { name: 'recipient_key' }) recipientKey!: string;
  @PrimaryColumn('text') category!: string;
  @Column('boolean') subscribed!: boolean;
  @Column('text') source!: 'unsubscribe_link' | 'staff';
  @Column('uuid', { name: 'changed_by', nullable: true }) changedBy!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
