import { Injectable } from '@nestjs/common';
import { ValidationFailedError, page, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { pipelineProblems, type PipelineDef } from '../domain/pipeline.js';
import { rubricProblems, type RubricDef } from '../domain/rubric.js';
import { ErrorCodes, conflict, programmeNotFound } from '../shared/errors.js';
import { ProgrammeCatalogue, type LoadedProgramme } from '../shared/programme-catalogue.js';
import type { CreateProgrammeDto, CreateRubricDto, ProgrammeQuery, RubricQuery } from './dto/programme.dto.js';
import { Programme, ProgrammeStage, ProgrammeTransition, Rubric, RubricCriterion } from './programme.entity.js';
import { programmeView, rubricView, type ProgrammeView, type RubricView } from './programme.view.js';

/** Programmes (pipelines as data) and their rubric versions. Both are written once and never edited. */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: ProgrammeCatalogue,
  ) {}

  async list(query: ProgrammeQuery): Promise<Page<ProgrammeView>> {
    const all = await this.catalogue.all();
    return page(all.slice(query.offset, query.offset + query.limit).map(programmeView), all.length, query);
  }

  async get(code: string): Promise<ProgrammeView> {
    return programmeView(await this.load(code));
  }

  async create(actor: Actor, dto: CreateProgrammeDto): Promise<ProgrammeView> {
    const pipeline: PipelineDef = {
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
    const problems = pipelineProblems(pipeline);
    if (dto.rubric) problems.push(...rubricProblems(this.rubricDef(dto.rubric)).map((p) => ({ ...p, field: `rubric.${p.field}` })));
    if (problems.length) throw new ValidationFailedError(problems, 'The programme definition is not sound.');
    if (await this.catalogue.programmeByCode(dto.code)) throw conflict(ErrorCodes.programmeExists, `Programme ${dto.code} exists already.`);
    await this.dataSource.transaction(async (tx) => {
      const id = uuidv7();
      await tx.insert(Programme, {
        id,
        code: dto.code,
        nameJa: dto.name.ja,
        nameEn: dto.name.en ?? null,
        initialStage: pipeline.initialStage,
        minCompletedReviews: pipeline.minCompletedReviews,
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
      if (dto.rubric) await this.insertRubric(tx, id, dto.rubric, actor);
    });
    return this.get(dto.code);
  }

  async rubrics(code: string, query: RubricQuery): Promise<Page<RubricView>> {
    const programme = await this.load(code);
    const [rows, total] = await this.dataSource.manager.findAndCount(Rubric, {
      where: { programmeId: programme.programme.id, ...(query.fiscalYear !== undefined ? { fiscalYear: query.fiscalYear } : {}) },
      order: { fiscalYear: 'DESC', version: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
    const items = await Promise.all(rows.map(async (r) => rubricView(await this.catalogue.rubric(r.id), code)));
    return page(items, total, query);
  }

  async rubricInForce(code: string, fiscalYear: number): Promise<RubricView> {
    const programme = await this.load(code);
    const rubric = await this.catalogue.rubricInForce(programme.programme.id, fiscalYear);
    if (!rubric) throw conflict(ErrorCodes.noRubric, `Programme ${code} has no rubric in force for FY${fiscalYear}.`);
    return rubricView(rubric, code);
  }

  async createRubric(actor: Actor, code: string, dto: CreateRubricDto): Promise<RubricView> {
    const programme = await this.load(code);
    const problems = rubricProblems(this.rubricDef(dto));
    if (problems.length) throw new ValidationFailedError(problems, 'The rubric is not sound.');
    const id = await this.dataSource.transaction((tx) => this.insertRubric(tx, programme.programme.id, dto, actor));
    return rubricView(await this.catalogue.rubric(id), code);
  }

  private async insertRubric(tx: EntityManager, programmeId: string, dto: CreateRubricDto, actor: Actor): Promise<string> {
    // Serialise version numbering per programme and fiscal year.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rubric:${programmeId}:${dto.fiscalYear}`]);
    const [{ next }] = await tx.query(
      'SELECT COALESCE(max(version), 0) + 1 AS next FROM rubrics WHERE programme_id = $1 AND fiscal_year = $2',
      [programmeId, dto.fiscalYear],
    );
    const id = uuidv7();
    await tx.insert(Rubric, {
      id,
      programmeId,
      fiscalYear: dto.fiscalYear,
      version: next,
      minTotal: dto.minTotal,
      minCriterionRatio: dto.minCriterionRatio,
      note: dto.note ?? null,
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

  private rubricDef(dto: CreateRubricDto): RubricDef {
    return {
      minTotal: dto.minTotal,
      minCriterionRatio: dto.minCriterionRatio,
      criteria: dto.criteria.map((c) => ({ code: c.code, labelJa: c.label.ja, labelEn: c.label.en ?? null, maxPoints: c.maxPoints })),
    };
  }

  private async load(code: string): Promise<LoadedProgramme> {
    const programme = await this.catalogue.programmeByCode(code);
    if (!programme) throw programmeNotFound(code);
    return programme;
  }
}
