import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of Hokkaido's 14 subprefectural bureaus (reference data, loaded by a migration). */
@Entity('bureaus')
export class Bureau {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'bureaus_pkey' }) code!: string;
  @Column({ name: 'name_ja', type: 'text' }) nameJa!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column({ name: 'seat_name', type: 'text' }) seatName!: string;
}
