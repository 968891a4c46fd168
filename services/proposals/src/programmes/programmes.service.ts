import { Injectable } from '@nestjs/common';
import { Clock, ValidationFailedError, assertIfMatch, page, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { pipelineProblems, samePipeline, type PipelineDef } from './pipeline.js';
import { rubricProblems, type RubricDef } from './rubric.js';
import { NoRubricInForceError, ProgrammeExistsError, ProgrammeNotFoundError, ProgrammeVersionNotFoundError } from '../errors.js';
import { ProgrammeCatalogue, type LoadedProgramme } from './programme-catalogue.js';
import type {
  CreateProgrammeDto,
  CreateRubricDto,
  ProgrammeDefinitionDto,
  ProgrammeQuery,
  ProgrammeVersionQuery,
  ReviseProgrammeDto,
  RubricQuery,
} from './dto/programme.dto.js';
import { Programme, ProgrammeStage, ProgrammeTransition, Rubric, RubricCriterion } from './programme.entity.js';
import { programmeView, rubricView, type ProgrammeVersionView, type ProgrammeView, type RubricView } from './programme.view.js';

/** Stage kinds a proposal is done with: it no longer moves through the pipeline in earnest. */
const DONE_KINDS = ['closed', 'declined', 'on_sale'];

/**
 * Programmes (pipelines as data) and their rubric versions. Nothing is edited in place: a change of stages
 * or transitions is the programme's next version (new proposals are brought in with it; proposals already
 * in flight stay on the version they started under), a change of rubric is the rubric's next version.
 */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly clock: Clock,
  ) {}

  async list(query: ProgrammeQuery): Promise<Page<ProgrammeView>> {
    const all = await this.catalogue.all();
    return page(all.slice(query.offset, query.offset + query.limit).map(programmeView), all.length, query);
  }

  async get(code: string): Promise<ProgrammeView> {
    return programmeView(await this.load(code));
  }

  async create(actor: Actor, dto: CreateProgrammeDto): Promise<ProgrammeView> {
    const pipeline = this.pipelineOf(dto);
    const problems = pipelineProblems(pipeline);
    if (dto.rubric) problems.push(...rubricProblems(this.rubricDef(dto.rubric)).map((p) => ({ ...p, field: `rubric.${p.field}` })));
    if (problems.length) throw new ValidationFailedError(problems, 'The programme definition is not sound.');
    await this.dataSource.transaction(async (tx) => {
      await this.lockCode(tx, dto.code);
      if (await this.latestVersion(tx, dto.code)) throw new ProgrammeExistsError(dto.code);
      await this.insertVersion(tx, dto.code, 1, dto, pipeline, null, actor);
      if (dto.rubric) await this.insertRubric(tx, dto.code, dto.rubric, actor);
    });
    return this.get(dto.code);
  }

  /**
   * The programme's next version, with the whole definition as it is to be from now on. New proposals are
   * brought in with it; proposals in flight stay on the version they started under, so their allowed moves,
   * the reviews a decision needs and the meaning of their history do not change under them.
   */
  async revise(actor: Actor, code: string, ifMatch: string | undefined, dto: ReviseProgrammeDto): Promise<ProgrammeView> {
    const pipeline = this.pipelineOf(dto);
    const problems = pipelineProblems(pipeline);
    if (problems.length) throw new ValidationFailedError(problems, 'The programme definition is not sound.');
    await this.load(code);
    await this.dataSource.transaction(async (tx) => {
      await this.lockCode(tx, code);
      const version = (await this.latestVersion(tx, code))!;
      assertIfMatch(ifMatch, version, 'programme');
      const current = (await this.catalogue.programmeVersion(code, version, tx))!;
      const sameNames = current.programme.nameJa === dto.name.ja && current.programme.nameEn === (dto.name.en ?? null);
      if (sameNames && samePipeline(current.pipeline, pipeline)) {
        throw new ValidationFailedError([{ field: '', message: `the definition is the same as version ${version}` }]);
      }
      await this.insertVersion(tx, code, version + 1, dto, pipeline, dto.note, actor);
    });
    return this.get(code);
  }

  async version(code: string, version: number): Promise<ProgrammeView> {
    const programme = await this.catalogue.programmeVersion(code, version);
    if (!programme) {
      if (!(await this.catalogue.programmeByCode(code))) throw new ProgrammeNotFoundError(code);
      throw new ProgrammeVersionNotFoundError(code, version);
    }
    return programmeView(programme);
  }

  /** Every version of the programme, newest first, with how many proposals run on each. */
  async versions(code: string, query: ProgrammeVersionQuery): Promise<Page<ProgrammeVersionView>> {
    await this.load(code);
    const rows: { id: string; proposals: number; open: number; total: number }[] = await this.dataSource.query(
      `SELECT pr.id, count(p.id)::int AS proposals, (count(p.id) FILTER (WHERE s.kind <> ALL ($2)))::int AS open,
              (count(*) OVER ())::int AS total
       FROM programmes pr
       LEFT JOIN proposals p ON p.programme_id = pr.id
       LEFT JOIN programme_stages s ON s.programme_id = p.programme_id AND s.code = p.stage
       WHERE pr.code = $1
       GROUP BY pr.id, pr.version ORDER BY pr.version DESC OFFSET $3 LIMIT $4`,
      [code, DONE_KINDS, query.offset, query.limit],
    );
    const items: ProgrammeVersionView[] = [];
    for (const r of rows) {
      items.push({ ...programmeView(await this.catalogue.programme(r.id)), proposals: r.proposals, openProposals: r.open });
    }
    const total = rows[0]?.total ?? (await this.latestVersion(this.dataSource.manager, code)) ?? 0;
    return page(items, total, query);
  }

  async rubrics(code: string, query: RubricQuery): Promise<Page<RubricView>> {
    const programme = await this.load(code);
    const [rows, total] = await this.dataSource.manager.findAndCount(Rubric, {
      where: { programmeCode: programme.programme.code, ...(query.fiscalYear !== undefined ? { fiscalYear: query.fiscalYear } : {}) },
      order: { fiscalYear: 'DESC', version: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
    const items = await Promise.all(rows.map(async (r) => rubricView(await this.catalogue.rubric(r.id), code)));
    return page(items, total, query);
  }

  async rubricInForce(code: string, fiscalYear: number): Promise<RubricView> {
    const programme = await this.load(code);
    const rubric = await this.catalogue.rubricInForce(programme.programme.code, fiscalYear);
    if (!rubric) throw new NoRubricInForceError(code, fiscalYear);
    return rubricView(rubric, code);
  }

  async createRubric(actor: Actor, code: string, dto: CreateRubricDto): Promise<RubricView> {
    const programme = await this.load(code);
    const problems = rubricProblems(this.rubricDef(dto));
    if (problems.length) throw new ValidationFailedError(problems, 'The rubric is not sound.');
    const id = await this.dataSource.transaction((tx) => this.insertRubric(tx, programme.programme.code, dto, actor));
    return rubricView(await this.catalogue.rubric(id), code);
  }

  private async insertRubric(tx: EntityManager, programmeCode: string, dto: CreateRubricDto, actor: Actor): Promise<string> {
    // Serialise version numbering per programme and fiscal year.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rubric:${programmeCode}:${dto.fiscalYear}`]);
    const [{ next }] = await tx.query(
      'SELECT COALESCE(max(version), 0) + 1 AS next FROM rubrics WHERE programme_code = $1 AND fiscal_year = $2',
      [programmeCode, dto.fiscalYear],
    );
    const id = uuidv7();
    await tx.insert(Rubric, {
      id,
      programmeCode,
      fiscalYear: dto.fiscalYear,
      version: next,
      minTotal: dto.minTotal,
      minCriterionRatio: dto.minCriterionRatio,
      note: dto.note ?? null,
      createdAt: this.clock.now(),
      createdBy: actor.personId,
    });
    await tx.insert(
      RubricCriterion,
      dto.criteria.map((c, i) => ({
        rubricId: id,
        code: c.code,
        labelJa: c.label.ja,
        labelEn: c.label.en ?? null,
        maxPoints: c.maxPoints,
        position: i + 1,
      })),
    );
    return id;
  }

  private pipelineOf(dto: ProgrammeDefinitionDto): PipelineDef {
    return {
      initialStage: dto.initialStage,
      minCompletedReviews: dto.minCompletedReviews,
      stages: dto.stages.map((s) => ({
        code: s.code,
        labelJa: s.label.ja,
        labelEn: s.label.en ?? null,
        kind: s.kind,
        position: s.position,
      })),
      transitions: dto.transitions.map((t) => ({ from: t.from, to: t.to, resumeOnly: t.resumeOnly ?? false })),
    };
  }

  /** Serialises changes to one programme code (its versions are numbered one after the other). */
  private async lockCode(tx: EntityManager, code: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`programme:${code}`]);
  }

  private async latestVersion(manager: EntityManager, code: string): Promise<number | null> {
    const [{ version }] = await manager.query('SELECT max(version) AS version FROM programmes WHERE code = $1', [code]);
    return version ?? null;
  }

  private async insertVersion(
    tx: EntityManager,
    code: string,
    version: number,
    dto: ProgrammeDefinitionDto,
    pipeline: PipelineDef,
    note: string | null,
    actor: Actor,
  ): Promise<void> {
    const id = uuidv7();
    await tx.insert(Programme, {
      id,
      code,
      version,
      note,
      nameJa: dto.name.ja,
      nameEn: dto.name.en ?? null,
      initialStage: pipeline.initialStage,
      minCompletedReviews: pipeline.minCompletedReviews,
      createdAt: this.clock.now(),
      createdBy: actor.personId,
    });
    await tx.insert(
      ProgrammeStage,
      pipeline.stages.map((s) => ({ programmeId: id, ...s })),
    );
    if (pipeline.transitions.length) {
      await tx.insert(
        ProgrammeTransition,
        pipeline.transitions.map((t) => ({ programmeId: id, fromStage: t.from, toStage: t.to, resumeOnly: t.resumeOnly })),
      );
    }
  }

  private rubricDef(dto: CreateRubricDto): RubricDef {
    return {
      minTotal: dto.minTotal,
      minCriterionRatio: dto.minCriterionRatio,
      criteria: dto.criteria.map((c) => ({ code: c.code, labelJa: c.label.ja, labelEn: c.label.en ?? null, maxPoints: c.maxPoints })),
    };
  }

  private async load(code: string): Promise<LoadedProgramme> {
    const programme = await this.catalogue.programmeByCode(code);
    if (!programme) throw new ProgrammeNotFoundError(code);
    return programme;
  }
}
