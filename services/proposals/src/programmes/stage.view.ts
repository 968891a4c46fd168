import type { StageRefV1 } from '@collabo/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { StageDef } from './pipeline.js';
import type { LoadedProgramme } from './programme-catalogue.js';

export class LocalizedTextView {
  @ApiProperty() ja!: string;
  @ApiProperty({ type: String, nullable: true }) en!: string | null;
}

export class StageView {
  @ApiProperty({ example: 'screening' }) code!: string;
  @ApiProperty({ type: LocalizedTextView }) label!: LocalizedTextView;
  @ApiProperty({ example: 'screening', description: 'What the stage means to the rules (see the programme).' }) kind!: string;
}

export function stageView(stage: StageDef): StageView {
  return { code: stage.code, label: { ja: stage.labelJa, en: stage.labelEn }, kind: stage.kind };
}

/** A stage as the events name it. */
export function stageRef(programme: LoadedProgramme, code: string): StageRefV1 {
  const stage = programme.stages.get(code);
  return { code, label: { ja: stage?.labelJa ?? code, en: stage?.labelEn ?? null }, ...(stage ? { kind: stage.kind } : {}) };
}
