import { Injectable } from '@nestjs/common';
import { ProposalSubmittedV1, type OrganizationV1 } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, assertIfMatch, page, type Actor, type FieldError, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BUREAU_CODES, referenceNumber } from './codes.js';
import { fiscalYearOfDate, fiscalYearRange, startOfTokyoDay, todayInTokyo } from '@collabo/calendar';
import { SUPPORT_TRACK } from '../programmes/support-track.js';
import { OrganizationNotEligibleError, UnknownOrganizationError, UnknownPersonError, UnknownProgrammeError } from '../errors.js';
import { ADVISOR_VISIBLE_SQL, ProposalAccess } from './proposal-access.js';
import { ProgrammeCatalogue, type LoadedProgramme } from '../programmes/programme-catalogue.js';
import { RegistryGateway } from '../registry/registry.gateway.js';
import { stageRef } from '../programmes/stage.view.js';
import { proposalRef } from './proposal-ref.js';
import type { CreateProposalDto, ProposalQuery, UpdateProposalDto } from './dto/proposal.dto.js';
import type { HistoryQuery } from './dto/transition.dto.js';
import { Proposal, ProposalTransition } from './proposal.entity.js';
import { proposalView, transitionView, type ProposalView, type RubricRefView, type TransitionView } from './proposal.view.js';

/** What ProposalsService.insert writes: the request, and its parties as the registry knows them. */
export interface NewProposal {
  dto: CreateProposalDto;
  programme: LoadedProgramme;
  proposer: OrganizationV1;
  studyGroupId: string | null;
  /** Survivors, without the proposer. */
  participants: string[];
  broughtInOn: string;
  historical: boolean;
  actorId: string | null;
  now: Date;
  legacyReference?: string;
  historyImportId?: string;
}

/** Organisation kinds that may bring in a proposal (docs/domain.md: a company or a study group). */
export const PROPOSER_KINDS = ['company', 'study_group'] as const;

@Injectable()
export class ProposalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly registry: RegistryGateway,
    private readonly access: ProposalAccess,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateProposalDto): Promise<ProposalView> {
    const now = this.clock.now();
    const today = todayInTokyo(now);
    // History is the past: today's work goes through the ordinary path (and its emails).
    if (dto.historical && !(dto.broughtInOn && dto.broughtInOn < today)) {
      throw new ValidationFailedError([
        { field: 'broughtInOn', message: 'a historical record says the day it was brought in, before today' },
      ]);
    }
    const broughtInOn = dto.broughtInOn ?? today;
    if (broughtInOn > today) throw new ValidationFailedError([{ field: 'broughtInOn', message: 'broughtInOn must not be in the future' }]);
    if (broughtInOn < '1990-01-01')
      throw new ValidationFailedError([{ field: 'broughtInOn', message: 'broughtInOn must not be before 1990' }]);
    const programme = await this.catalogue.programmeByCode(dto.programmeCode ?? SUPPORT_TRACK.code);
    if (!programme) {
      throw new UnknownProgrammeError(dto.programmeCode);
    }

    const proposer = await this.proposer(dto.proposingOrganizationId);
    const studyGroupId = await this.studyGroup(dto.studyGroupId, proposer);
    const participants = await this.participants(dto.participatingOrganizationIds ?? [], proposer.id);
    await this.assertPeople({ contactPersonId: dto.contactPersonId, coordinatorId: dto.coordinatorId });

    const proposal = await this.dataSource.transaction((tx) =>
      this.insert(tx, {
        dto,
        programme,
        proposer,
        studyGroupId,
        participants,
        broughtInOn,
        historical: dto.historical ?? false,
        actorId: actor.personId,
        now,
      }),
    );
    return this.view(proposal, programme);
  }

  /**
   * Writes a checked proposal (its parties as the registry knows them), the first line of its history (brought
   * in: at the start of that day when it is not today) and ProposalSubmittedV1, in the caller's transaction;
   * numbered `P<FY>-NNNN` in the fiscal year it was brought in. Also the history import's way in.
   */
  async insert(tx: EntityManager, input: NewProposal): Promise<Proposal> {
    const { dto, programme, proposer, broughtInOn, now } = input;
    const fiscalYear = fiscalYearOfDate(broughtInOn);
    const [{ last_value: sequence }] = await tx.query(
      `INSERT INTO reference_counters (fiscal_year, last_value) VALUES ($1, 1)
       ON CONFLICT (fiscal_year) DO UPDATE SET last_value = reference_counters.last_value + 1 RETURNING last_value`,
      [fiscalYear],
    );
    const p = tx.create(Proposal, {
      id: uuidv7(),
      referenceNumber: referenceNumber(fiscalYear, sequence),
      programmeId: programme.programme.id,
      titleJa: dto.title.ja,
      titleEn: dto.title.en ?? null,
      summaryJa: dto.summary.ja,
      summaryEn: dto.summary.en ?? null,
      proposingOrganizationId: proposer.id,
      proposingOrganizationKind: proposer.kind,
      proposingOrganizationName: proposer.name,
      studyGroupId: input.studyGroupId,
      contactPersonId: dto.contactPersonId,
      coordinatorId: dto.coordinatorId ?? null,
      focusFields: dto.focusFields ?? proposer.focusFields,
      municipalityCodes: dto.municipalityCodes ?? (proposer.municipalityCode ? [proposer.municipalityCode] : []),
      bureauCodes:
        dto.bureauCodes ?? (proposer.bureauCode && (BUREAU_CODES as string[]).includes(proposer.bureauCode) ? [proposer.bureauCode] : []),
      participatingOrganizationIds: input.participants,
      supportRequested: dto.supportRequested ?? '',
      broughtInOn,
      originEventId: dto.originEventId ?? null,
      stage: programme.pipeline.initialStage,
      resumeStage: null,
      rubricId: null,
      historical: input.historical,
      legacyReference: input.legacyReference ?? null,
      historyImportId: input.historyImportId ?? null,
      version: 1,
      createdAt: now,
      createdBy: input.actorId,
      updatedAt: now,
    });
    await tx.insert(Proposal, p);
    await tx.insert(ProposalTransition, {
      id: uuidv7(),
      proposalId: p.id,
      seq: 1,
      fromStage: null,
      toStage: p.stage,
      reason: 'brought in',
      effectiveAt: broughtInOn < todayInTokyo(now) ? startOfTokyoDay(broughtInOn) : now,
      recordedAt: now,
      actorId: input.actorId,
      resumed: false,
      historical: p.historical,
    });
    await this.outbox.add(tx, ProposalSubmittedV1, {
      aggregateId: p.id,
      data: {
        proposal: proposalRef(p, programme),
        stage: stageRef(programme, p.stage),
        broughtInOn,
        originEventId: p.originEventId,
        historical: p.historical,
      },
    });
    return p;
  }

  async list(actor: Actor, query: ProposalQuery): Promise<Page<ProposalView>> {
    const qb = this.dataSource.manager.createQueryBuilder(Proposal, 'p');
    if (!ProposalAccess.seesAll(actor)) qb.andWhere(ADVISOR_VISIBLE_SQL, { actorId: actor.personId });
    if (query.programme) {
      qb.andWhere('p.programme_id IN (SELECT pr.id FROM programmes pr WHERE pr.code = :programmeCode)', { programmeCode: query.programme });
    }
    if (query.stage?.length) qb.andWhere('p.stage IN (:...stages)', { stages: query.stage });
    if (query.fiscalYear !== undefined) {
      const { firstDay, nextFirstDay } = fiscalYearRange(query.fiscalYear);
      qb.andWhere('p.brought_in_on >= :first AND p.brought_in_on < :next', { first: firstDay, next: nextFirstDay });
    }
    if (query.focusField) qb.andWhere(':focusField = ANY(p.focus_fields)', { focusField: query.focusField });
    if (query.bureau) qb.andWhere(':bureau = ANY(p.bureau_codes)', { bureau: query.bureau });
    if (query.studyGroupId) qb.andWhere('p.study_group_id = :studyGroupId', { studyGroupId: query.studyGroupId });
    if (query.coordinatorId) qb.andWhere('p.coordinator_id = :coordinatorId', { coordinatorId: query.coordinatorId });
    if (query.organizationId) {
      qb.andWhere('(p.proposing_organization_id = :orgId OR :orgId = ANY(p.participating_organization_ids))', {
        orgId: query.organizationId,
      });
    }
    if (query.q?.trim()) {
      const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        `(p.reference_number ILIKE :like OR p.legacy_reference ILIKE :like OR p.title_ja ILIKE :like OR p.title_en ILIKE :like OR p.summary_ja ILIKE :like
          OR p.summary_en ILIKE :like OR p.proposing_organization_name ILIKE :like)`,
        { like },
      );
    }
    qb.orderBy('p.brought_in_on', 'DESC').addOrderBy('p.reference_number', 'DESC').skip(query.offset).take(query.limit);
    const [rows, total] = await qb.getManyAndCount();
    const items = await Promise.all(rows.map(async (p) => this.view(p, await this.catalogue.programme(p.programmeId))));
    return page(items, total, query);
  }

  async get(actor: Actor, id: string): Promise<ProposalView> {
    const p = await this.access.visible(actor, id);
    return this.view(p, await this.catalogue.programme(p.programmeId));
  }

  async update(actor: Actor, id: string, ifMatch: string | undefined, dto: UpdateProposalDto): Promise<ProposalView> {
    if (Object.values(dto).every((v) => v === undefined)) {
      throw new ValidationFailedError([{ field: '', message: 'the request changes nothing' }]);
    }
    // Check against the registry before taking the row lock (the ids do not depend on the row); 404 first.
    const current = await this.access.visible(actor, id);
    await this.assertPeople({ contactPersonId: dto.contactPersonId, coordinatorId: dto.coordinatorId ?? undefined });
    const participants = dto.participatingOrganizationIds
      ? await this.participants(dto.participatingOrganizationIds, current.proposingOrganizationId)
      : undefined;
    const updated = await this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, id, tx, true);
      assertIfMatch(ifMatch, p.version, 'proposal');
      if (dto.title) {
        p.titleJa = dto.title.ja;
        p.titleEn = dto.title.en ?? null;
      }
      if (dto.summary) {
        p.summaryJa = dto.summary.ja;
        p.summaryEn = dto.summary.en ?? null;
      }
      if (dto.contactPersonId) p.contactPersonId = dto.contactPersonId;
      if (dto.coordinatorId !== undefined) p.coordinatorId = dto.coordinatorId;
      if (dto.focusFields) p.focusFields = dto.focusFields;
      if (dto.municipalityCodes) p.municipalityCodes = dto.municipalityCodes;
      if (dto.bureauCodes) p.bureauCodes = dto.bureauCodes;
      if (participants) p.participatingOrganizationIds = participants;
      if (dto.supportRequested !== undefined) p.supportRequested = dto.supportRequested;
      p.version += 1;
      p.updatedAt = this.clock.now();
      await tx.save(Proposal, p);
      return p;
    });
    return this.view(updated, await this.catalogue.programme(updated.programmeId));
  }

  async history(actor: Actor, id: string, query: HistoryQuery): Promise<Page<TransitionView>> {
    const p = await this.access.visible(actor, id);
    const programme = await this.catalogue.programme(p.programmeId);
    const [rows, total] = await this.dataSource.manager.findAndCount(ProposalTransition, {
      where: { proposalId: id },
      order: { seq: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return page(
      rows.map((t) => transitionView(t, programme)),
      total,
      query,
    );
  }

  async view(p: Proposal, programme: LoadedProgramme, manager?: EntityManager): Promise<ProposalView> {
    let rubric: RubricRefView | null = null;
    if (p.rubricId) {
      const r = await this.catalogue.rubric(p.rubricId, manager);
      rubric = { id: r.rubric.id, fiscalYear: r.rubric.fiscalYear, version: r.rubric.version };
    }
    return proposalView(p, programme, rubric);
  }

  /** The proposing organisation as the registry knows it: it must exist, be active, and be a company or a study group. */
  private async proposer(organizationId: string): Promise<OrganizationV1> {
    const org = await this.registry.organization(organizationId);
    const field = 'proposingOrganizationId';
    if (!org) throw new UnknownOrganizationError('The registry has no such organisation.', [{ field, message: 'unknown organisation' }]);
    if (org.archived) {
      throw new OrganizationNotEligibleError('The organisation is archived in the registry.', [
        { field, message: 'archived organisation' },
      ]);
    }
    if (!(PROPOSER_KINDS as readonly string[]).includes(org.kind)) {
      throw new OrganizationNotEligibleError('A proposal is brought in by a company or a study group.', [
        { field, message: `a ${org.kind} cannot bring in a proposal` },
      ]);
    }
    return org;
  }

  private async studyGroup(studyGroupId: string | undefined, proposer: OrganizationV1): Promise<string | null> {
    if (!studyGroupId) return proposer.kind === 'study_group' ? proposer.id : null;
    if (studyGroupId === proposer.id) {
      if (proposer.kind !== 'study_group') {
        throw new OrganizationNotEligibleError('Not a study group.', [{ field: 'studyGroupId', message: 'not a study group' }]);
      }
      return proposer.id;
    }
    const group = await this.registry.organization(studyGroupId);
    if (!group)
      throw new UnknownOrganizationError('The registry has no such study group.', [
        { field: 'studyGroupId', message: 'unknown organisation' },
      ]);
    if (group.kind !== 'study_group') {
      throw new OrganizationNotEligibleError('Not a study group.', [
        { field: 'studyGroupId', message: `a ${group.kind}, not a study group` },
      ]);
    }
    return group.id;
  }

  /**
   * The contact person and the coordinator must be people the registry knows (notifications email them from
   * the ids in the events): 422 naming each unknown field. A registry that does not answer is a 503.
   */
  private async assertPeople(fields: Record<'contactPersonId' | 'coordinatorId', string | undefined>): Promise<void> {
    const given = Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string');
    if (given.length === 0) return;
    const unknown = new Set(await this.registry.unknownPeople(given.map(([, id]) => id)));
    const errors = given.filter(([, id]) => unknown.has(id)).map(([field]) => ({ field, message: 'unknown person' }));
    if (errors.length) throw new UnknownPersonError(errors);
  }

  /** Participating organisations as the registry knows them (merged ids become their survivors), without the proposer. */
  private async participants(ids: string[], proposerId: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const { organizations, missing } = await this.registry.organizations(ids);
    if (missing.length) {
      const errors: FieldError[] = ids
        .map((id, i) =>
          missing.includes(id) ? { field: `participatingOrganizationIds.${i}`, message: `unknown organisation ${id}` } : null,
        )
        .filter((e): e is FieldError => e !== null);
      throw new UnknownOrganizationError('The registry does not know some participating organisations.', errors);
    }
    return [...new Set(organizations.map((o) => o.id))].filter((id) => id !== proposerId);
  }
}
