import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StageKind } from './pipeline.js';
import { numberColumn } from '../database/column-transformers.js';

/**
 * One version of a programme: its own stages and transitions (the default programme is the support track).
 * A version is never edited: a change of stages or transitions is the next version of the same `code`, and
 * every proposal stays on the version it was brought in with.
 */
@Entity('programmes')
export class Programme {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('int') version!: number;
  /** What changed in this version. */
  @Column('text', { nullable: true }) note!: string | null;
  @Column('text', { name: 'name_ja' }) nameJa!: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn!: string | null;
  @Column('text', { name: 'initial_stage' }) initialStage!: string;
  @Column('int', { name: 'min_completed_reviews' }) minCompletedReviews!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
}

@Entity('programme_stages')
export class ProgrammeStage {
  @PrimaryColumn('uuid', { name: 'programme_id' }) programmeId!: string;
  @PrimaryColumn('text') code!: string;
  @Column('text', { name: 'label_ja' }) labelJa!: string;
  @Column('text', { name: 'label_en', nullable: true }) labelEn!: string | null;
  @Column('text') kind!: StageKind;
  @Column('int') position!: number;
}

@Entity('programme_transitions')
export class ProgrammeTransition {
  @PrimaryColumn('uuid', { name: 'programme_id' }) programmeId!: string;
  @PrimaryColumn('text', { name: 'from_stage' }) fromStage!: string;
  @PrimaryColumn('text', { name: 'to_stage' }) toStage!: string;
  @Column('boolean', { name: 'resume_only' }) resumeOnly!: boolean;
}

/**
 * A version of a programme's rubric for a fiscal year; in force until a later fiscal year has one. Never
 * edited. Rubrics belong to the programme's code, whatever version of its stages a proposal runs on.
 */
@Entity('rubrics')
export class Rubric {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'programme_code' }) programmeCode!: string;
  @Column('int', { name: 'fiscal_year' }) fiscalYear!: number;
  @Column('int') version!: number;
  @Column('numeric', { name: 'min_total', transformer: numberColumn }) minTotal!: number;
  @Column('numeric', { name: 'min_criterion_ratio', transformer: numberColumn }) minCriterionRatio!: number;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
}

@Entity('rubric_criteria')
export class RubricCriterion {
  @PrimaryColumn('uuid', { name: 'rubric_id' }) rubricId!: string;
  @PrimaryColumn('text') code!: string;
  @Column('text', { name: 'label_ja' }) labelJa!: string;
  @Column('text', { name: 'label_en', nullable: true }) labelEn!: string | null;
  @Column('int', { name: 'max_points' }) maxPoints!: number;
  @Column('int') position!: number;
}
