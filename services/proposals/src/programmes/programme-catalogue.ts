import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PipelineDef, StageDef } from './pipeline.js';
import type { RubricDef } from './rubric.js';
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
 * Programme versions and rubric versions, read from the database. Both are immutable once written (a change
 * is a new version), so what was read once is kept in memory by id. Which version is a programme's latest is
 * always asked of the database (another replica may just have added one).
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

  /** The programme's latest version (the one new proposals are brought in with), or null. */
  async programmeByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedProgramme | null> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM programmes WHERE code = $1 ORDER BY version DESC LIMIT 1`, [code]);
    return rows[0] ? this.programme(rows[0].id, manager) : null;
  }

  /** One version of a programme, or null. */
  async programmeVersion(code: string, version: number, manager: EntityManager = this.dataSource.manager): Promise<LoadedProgramme | null> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM programmes WHERE code = $1 AND version = $2`, [code, version]);
    return rows[0] ? this.programme(rows[0].id, manager) : null;
  }

  /** The latest version of every programme, by code. */
  async all(): Promise<LoadedProgramme[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT DISTINCT ON (code) id FROM programmes ORDER BY code, version DESC`);
    return Promise.all(rows.map((r) => this.programme(r.id)));
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
    programmeCode: string,
    fiscalYear: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LoadedRubric | null> {
    const rubric = await manager
      .createQueryBuilder(Rubric, 'r')
      .where('r.programme_code = :programmeCode AND r.fiscal_year <= :fiscalYear', { programmeCode, fiscalYear })
      .orderBy('r.fiscal_year', 'DESC')
      .addOrderBy('r.version', 'DESC')
      .getOne();
    return rubric ? this.rubric(rubric.id, manager) : null;
  }
}
