import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Bureau } from './bureau.entity.js';

/** One of Hokkaido's 179 municipalities (reference data, loaded by a migration). */
@Entity('municipalities')
@Check('municipalities_code_check', `code ~ '^01[0-9]{4}$'`)
@Check('municipalities_kind_check', `kind IN ('city', 'town', 'village')`)
@Index('municipalities_bureau_idx', ['bureauCode'])
export class Municipality {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'municipalities_pkey' }) code!: string;
  @Column({ name: 'name_ja', type: 'text' }) nameJa!: string;
  @Column({ name: 'name_kana', type: 'text' }) nameKana!: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn!: string;
  @Column({ type: 'text' }) kind!: 'city' | 'town' | 'village';
  @Column({ name: 'bureau_code', type: 'text' }) bureauCode!: string;

  @ManyToOne(() => Bureau, { nullable: false })
  @JoinColumn({ name: 'bureau_code', foreignKeyConstraintName: 'municipalities_bureau_code_fkey' })
  bureau?: Relation<Bureau>;
}
