import type { ProposalRefV1, StageRefV1, FocusField } from '@collabo/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StageDef } from '../domain/pipeline.js';
import type { Proposal } from '../proposals/proposal.entity.js';
import type { LoadedProgramme } from './programme-catalogue.js';

export class LocalizedTextView {
  @ApiProperty() ja!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) en!: string | null;
}

export class StageView {
  @ApiProperty({ example: 'screening' }) code!: string;
  @ApiProperty({ type: LocalizedTextView }) label!: LocalizedTextView;
  @ApiProperty({ example: 'screening', description: 'What the stage means to the rules (see the programme).' }) kind!: string;
}

export function stageView(stage: StageDef): StageView {
  return { code: stage.code, label: { ja: stage.labelJa, en: stage.labelEn }, kind: stage.kind };
}

export function stageRef(programme: LoadedProgramme, code: string): StageRefV1 {
  const stage = programme.stages.get(code);
  return { code, label: { ja: stage?.labelJa ?? code, en: stage?.labelEn ?? null } };
}

/** What every proposal event carries about its proposal. */
export function proposalRef(p: Proposal, programme: LoadedProgramme): ProposalRefV1 {
  return {
    proposalId: p.id,
    referenceNumber: p.referenceNumber,
    title: { ja: p.titleJa, en: p.titleEn },
    programmeCode: programme.programme.code,
    programmeName: { ja: programme.programme.nameJa, en: programme.programme.nameEn },
    proposingOrganizationId: p.proposingOrganizationId,
    contactPersonId: p.contactPersonId,
    coordinatorId: p.coordinatorId,
    focusFields: p.focusFields as FocusField[],
  };
}
