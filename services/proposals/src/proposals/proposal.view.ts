import { ApiProperty } from '@nestjs/swagger';
import { PageView } from '@collabo/service-kit';
import { allowedNextStages } from '../programmes/pipeline.js';
import { fiscalYearOfDate, formatInstant } from '@collabo/calendar';
import type { LoadedProgramme } from '../programmes/programme-catalogue.js';
import { LocalizedTextView, StageView, stageView } from '../programmes/stage.view.js';
import type { Proposal, ProposalTransition } from './proposal.entity.js';

export class ProgrammeRefView {
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'The version of the programme the proposal runs on: the one it was brought in with.' }) version!: number;
  @ApiProperty({ type: LocalizedTextView }) name!: LocalizedTextView;
}

export class OrganizationRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ description: 'Name as the registry gave it when the proposal was brought in.' }) name!: string;
}

export class RubricRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fiscalYear!: number;
  @ApiProperty() version!: number;
}

export class ProposalView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'P2002-0042' }) referenceNumber!: string;
  @ApiProperty({ type: ProgrammeRefView }) programme!: ProgrammeRefView;
  @ApiProperty({ type: LocalizedTextView }) title!: LocalizedTextView;
  @ApiProperty({ type: LocalizedTextView }) summary!: LocalizedTextView;
  @ApiProperty({ type: OrganizationRefView }) proposingOrganization!: OrganizationRefView;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) studyGroupId!: string | null;
  @ApiProperty({ format: 'uuid' }) contactPersonId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) coordinatorId!: string | null;
  @ApiProperty({ type: [String] }) focusFields!: string[];
  @ApiProperty({ type: [String] }) municipalityCodes!: string[];
  @ApiProperty({ type: [String] }) bureauCodes!: string[];
  @ApiProperty({ type: [String] }) participatingOrganizationIds!: string[];
  @ApiProperty() supportRequested!: string;
  @ApiProperty({ example: '2002-05-10' }) broughtInOn!: string;
  @ApiProperty({ example: 2002 }) fiscalYear!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) originEventId!: string | null;
  @ApiProperty({ type: StageView }) stage!: StageView;
  @ApiProperty({ type: [StageView], description: 'Where the programme allows it to go next.' }) allowedNextStages!: StageView[];
  @ApiProperty({ type: RubricRefView, nullable: true, description: 'The rubric fixed when screening started.' })
  rubric!: RubricRefView | null;
  @ApiProperty() historical!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The foundation’s old reference number (history import).' })
  legacyReference!: string | null;
  @ApiProperty({ description: 'Also the ETag: send it back in If-Match to change the proposal.' }) version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export function proposalView(p: Proposal, programme: LoadedProgramme, rubric: RubricRefView | null): ProposalView {
  const stage = programme.stages.get(p.stage)!;
  return {
    id: p.id,
    referenceNumber: p.referenceNumber,
    programme: {
      code: programme.programme.code,
      version: programme.programme.version,
      name: { ja: programme.programme.nameJa, en: programme.programme.nameEn },
    },
    title: { ja: p.titleJa, en: p.titleEn },
    summary: { ja: p.summaryJa, en: p.summaryEn },
    proposingOrganization: { id: p.proposingOrganizationId, kind: p.proposingOrganizationKind, name: p.proposingOrganizationName },
    studyGroupId: p.studyGroupId,
    contactPersonId: p.contactPersonId,
    coordinatorId: p.coordinatorId,
    focusFields: p.focusFields,
    municipalityCodes: p.municipalityCodes,
    bureauCodes: p.bureauCodes,
    participatingOrganizationIds: p.participatingOrganizationIds,
    supportRequested: p.supportRequested,
    broughtInOn: p.broughtInOn,
    fiscalYear: fiscalYearOfDate(p.broughtInOn),
    originEventId: p.originEventId,
    stage: stageView(stage),
    allowedNextStages: allowedNextStages(programme.pipeline, p.stage, p.resumeStage).map(stageView),
    rubric,
    historical: p.historical,
    legacyReference: p.legacyReference ?? null,
    version: p.version,
    createdAt: formatInstant(p.createdAt),
    updatedAt: formatInstant(p.updatedAt),
  };
}

export class TransitionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ type: StageView, nullable: true, description: 'null for the first line (brought in).' }) from!: StageView | null;
  @ApiProperty({ type: StageView }) to!: StageView;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time', example: '2003-03-31T23:30:00.000+09:00' }) effectiveAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ description: 'Back to where a paused proposal came from.' }) resumed!: boolean;
  @ApiProperty({ description: 'Brought over from paper or spreadsheets; evidence guards were not checked.' }) historical!: boolean;
}

export function transitionView(t: ProposalTransition, programme: LoadedProgramme): TransitionView {
  const view = (code: string) => {
    const stage = programme.stages.get(code);
    return stage ? stageView(stage) : { code, label: { ja: code, en: null }, kind: 'step' };
  };
  return {
    id: t.id,
    seq: t.seq,
    from: t.fromStage ? view(t.fromStage) : null,
    to: view(t.toStage),
    reason: t.reason,
    effectiveAt: formatInstant(t.effectiveAt),
    recordedAt: formatInstant(t.recordedAt),
    actorId: t.actorId,
    resumed: t.resumed,
    historical: t.historical,
  };
}

/** `GET /v1/proposals`: a page of proposals (an advisor's: only those assigned to them). */
export const ProposalPageView = PageView(ProposalView, 'ProposalPage');

/** `GET /v1/proposals/{id}/transitions`: a page of the proposal's history, oldest first. */
export const TransitionPageView = PageView(TransitionView, 'TransitionPage');

/** `POST /v1/proposals/{id}/transitions`: the history line written and the proposal as it is now. */
export class TransitionResultView {
  @ApiProperty({ type: TransitionView }) transition!: TransitionView;
  @ApiProperty({ type: ProposalView }) proposal!: ProposalView;
}
