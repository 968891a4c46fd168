import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '@collabo/calendar';
import { PageView } from '@collabo/service-kit';
import { maxTotal } from './rubric.js';
import type { LoadedProgramme, LoadedRubric } from './programme-catalogue.js';
import { LocalizedTextView, StageView, stageView } from './stage.view.js';

export class TransitionDefView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() resumeOnly!: boolean;
}

/** A stage of a programme, with its place in the programme's order. */
export class ProgrammeStageView extends StageView {
  @ApiProperty({ type: Number }) position!: number;
}

export class ProgrammeView {
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'Also the ETag: send it back in If-Match to revise the programme.' }) version!: number;
  @ApiProperty({ type: String, nullable: true, description: 'What changed in this version.' }) note!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: LocalizedTextView }) name!: LocalizedTextView;
  @ApiProperty() initialStage!: string;
  @ApiProperty() minCompletedReviews!: number;
  @ApiProperty({ type: [ProgrammeStageView] }) stages!: ProgrammeStageView[];
  @ApiProperty({ type: [TransitionDefView] }) transitions!: TransitionDefView[];
}

export function programmeView(p: LoadedProgramme): ProgrammeView {
  return {
    code: p.programme.code,
    version: p.programme.version,
    note: p.programme.note,
    createdAt: formatInstant(p.programme.createdAt),
    createdBy: p.programme.createdBy,
    name: { ja: p.programme.nameJa, en: p.programme.nameEn },
    initialStage: p.pipeline.initialStage,
    minCompletedReviews: p.pipeline.minCompletedReviews,
    stages: p.pipeline.stages.map((s) => ({ ...stageView(s), position: s.position })),
    transitions: p.pipeline.transitions.map((t) => ({ from: t.from, to: t.to, resumeOnly: t.resumeOnly })),
  };
}

export class ProgrammeVersionView extends ProgrammeView {
  @ApiProperty({ description: 'Proposals on this version (each stays on the version it was brought in with).' }) proposals!: number;
  @ApiProperty({ description: 'Of those, the ones still open (not closed, declined or on sale).' }) openProposals!: number;
}

export class CriterionView {
  @ApiProperty() code!: string;
  @ApiProperty({ type: LocalizedTextView }) label!: LocalizedTextView;
  @ApiProperty() maxPoints!: number;
}

export class RubricView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() programmeCode!: string;
  @ApiProperty() fiscalYear!: number;
  @ApiProperty() version!: number;
  @ApiProperty() minTotal!: number;
  @ApiProperty() minCriterionRatio!: number;
  @ApiProperty() maxTotal!: number;
  @ApiProperty({ type: [CriterionView] }) criteria!: CriterionView[];
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() createdAt!: string;
}

export function rubricView(r: LoadedRubric, programmeCode: string): RubricView {
  return {
    id: r.rubric.id,
    programmeCode,
    fiscalYear: r.rubric.fiscalYear,
    version: r.rubric.version,
    minTotal: r.def.minTotal,
    minCriterionRatio: r.def.minCriterionRatio,
    maxTotal: maxTotal(r.def),
    criteria: r.def.criteria.map((c) => ({ code: c.code, label: { ja: c.labelJa, en: c.labelEn }, maxPoints: c.maxPoints })),
    note: r.rubric.note,
    createdAt: formatInstant(r.rubric.createdAt),
  };
}

/** `GET /v1/programmes`: the programmes' latest versions. */
export const ProgrammePageView = PageView(ProgrammeView, 'ProgrammePage');
/** `GET /v1/programmes/{code}/versions`. */
export const ProgrammeVersionPageView = PageView(ProgrammeVersionView, 'ProgrammeVersionPage');
/** `GET /v1/programmes/{code}/rubrics`. */
export const RubricPageView = PageView(RubricView, 'RubricPage');
