import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PipelineDef, StageDef } from '../domain/pipeline.js';
import type { RubricDef } from '../domain/rubric.js';
import { Programme, ProgrammeStage, ProgrammeTransition, Rubric, RubricCriterion } from '../programmes/programme.entity.js';

export interface LoadedProgramme {
  programme: Programme;
  pipeline: PipelineDef;
  stages: Map<string, StageDef>;
}

export interface LoadedRubric {
  rubric: Rubric;
  def: RubricDef;
}

/**
 * Programmes and rubric versions, read from the database. Both are immutable once written (a rubric
 * change is a new version), so what was read once is kept in memory.
 */
@Injectable()
export class ProgrammeCatalogue {
  private readonly byId = new Map<string, LoadedProgramme>();
  private readonly rubrics = new Map<string, LoadedRubric>();

  constructor(private readonly dataSource: DataSource) {}

  async programme(id: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedProgramme> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const programme = await manager.findOneByOrFail(Programme, { id });
    return this.load(programme, manager);
  }

  async programmeByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedProgramme | null> {
    for (const loaded of this.byId.values()) if (loaded.programme.code === code) return loaded;
    const programme = await manager.findOneBy(Programme, { code });
    return programme ? this.load(programme, manager) : null;
  }

  async all(): Promise<LoadedProgramme[]> {
    const programmes = await this.dataSource.manager.find(Programme, { order: { code: 'ASC' } });
    return Promise.all(programmes.map((p) => this.programme(p.id)));
  }

  private async load(programme: Programme, manager: EntityManager): Promise<LoadedProgramme> {
    const [stageRows, transitionRows] = await Promise.all([
      manager.find(ProgrammeStage, { where: { programmeId: programme.id }, order: { position: 'ASC', code: 'ASC' } }),
      manager.find(ProgrammeTransition, { where: { programmeId: programme.id } }),
    ]);
    const stages: StageDef[] = stageRows.map((s) => ({
      code: s.code,
      labelJa: s.labelJa,
      labelEn: s.labelEn,
      kind: s.kind,
      position: s.position,
    }));
    const loaded: LoadedProgramme = {
      programme,
      pipeline: {
        initialStage: programme.initialStage,
        minCompletedReviews: programme.minCompletedReviews,
        stages,
        transitions: transitionRows.map((t) => ({ from: t.fromStage, to: t.toStage, resumeOnly: t.resumeOnly })),
      },
      stages: new Map(stages.map((s) => [s.code, s])),
    };
    this.byId.set(programme.id, loaded);
    return loaded;
  }

  async rubric(id: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedRubric> {
    const cached = this.rubrics.get(id);
    if (cached) return cached;
    const rubric = await manager.findOneByOrFail(Rubric, { id });
    const criteria = await manager.find(RubricCriterion, { where: { rubricId: id }, order: { position: 'ASC' } });
    const loaded: LoadedRubric = {
      rubric,
      def: {
        minTotal: rubric.minTotal,
        minCriterionRatio: rubric.minCriterionRatio,
        criteria: criteria.map((c) => ({ code: c.code, labelJa: c.labelJa, labelEn: c.labelEn, maxPoints: c.maxPoints })),
      },
    };
    this.rubrics.set(id, loaded);
    return loaded;
  }

  /** The rubric in force for a fiscal year: the latest version of the latest fiscal year not after it. */
  async rubricInForce(
    programmeId: string,
    fiscalYear: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LoadedRubric | null> {
    const rubric = await manager
      .createQueryBuilder(Rubric, 'r')
      .where('r.programme_id = :programmeId AND r.fiscal_year <= :fiscalYear', { programmeId, fiscalYear })
      .orderBy('r.fiscal_year', 'DESC')
      .addOrderBy('r.version', 'DESC')
      .getOne();
    return rubric ? this.rubric(rubric.id, manager) : null;
  }
}
