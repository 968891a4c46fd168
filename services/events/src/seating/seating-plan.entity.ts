import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The current seating plan of an event: registration ids per table, as planned and then adjusted by hand. */
@Entity('seating_plans')
export class SeatingPlan {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('integer') version!: number;
  @Column('integer', { name: 'table_size' }) tableSize!: number;
  @Column('integer', { name: 'hosts_per_table' }) hostsPerTable!: number;
  @Column('jsonb') tables!: string[][];
  @Column('text', { name: 'input_hash' }) inputHash!: string;
  @Column('timestamptz', { name: 'generated_at' }) generatedAt!: Date;
  @Column('uuid', { name: 'generated_by', nullable: true }) generatedBy!: string | null;
  @Column('timestamptz', { name: 'adjusted_at', nullable: true }) adjustedAt!: Date | null;
  @Column('uuid', { name: 'adjusted_by', nullable: true }) adjustedBy!: string | null;
  @Column('integer', { name: 'manual_moves' }) manualMoves!: number;
}
