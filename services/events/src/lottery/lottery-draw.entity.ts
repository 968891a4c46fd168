import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A lottery draw as it happened: the seed and the applicants in, the order out. Anyone can re-run it. */
@Entity('lottery_draws')
export class LotteryDraw {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('text') seed!: string;
  @Column('text') algorithm!: string;
  @Column('integer') seats!: number;
  @Column('uuid', { name: 'applicant_ids', array: true }) applicantIds!: string[];
  @Column('uuid', { name: 'drawn_order', array: true }) drawnOrder!: string[];
  @Column('timestamptz', { name: 'drawn_at' }) drawnAt!: Date;
  @Column('uuid', { name: 'drawn_by', nullable: true }) drawnBy!: string | null;
}
