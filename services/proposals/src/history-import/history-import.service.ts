import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProposalAdvancedV1, ProposalDecidedV1, type OrganizationV1 } from '@collabo/contracts';
import {
  Clock,
  KIT_ENV,
  Outbox,
  readCsvUpload,
  type Actor,
  type CsvEncoding,
  type DetectedEncoding,
  type FieldError,
} from '@collabo/service-kit';
import { fiscalYearOfInstant, formatInstant, startOfTokyoDay, todayInTokyo } from '@collabo/calendar';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ProposalsEnv } from '../config/proposals-env.js';
import { CsvTooManyRowsError, CsvUnreadableError, ImportInvalidError, LegacyReferenceTakenError } from '../errors.js';
import { OutcomesService } from '../outcomes/outcomes.service.js';
import { ProgrammeCatalogue, type LoadedProgramme } from '../programmes/programme-catalogue.js';
import { stageRef } from '../programmes/stage.view.js';
import { SUPPORT_TRACK } from '../programmes/support-track.js';
import { Proposal, ProposalTransition } from '../proposals/proposal.entity.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import { PROPOSER_KINDS, ProposalsService } from '../proposals/proposals.service.js';
import { RegistryGateway } from '../registry/registry.gateway.js';
import { ConflictChecker } from '../reviews/conflict-checker.js';
import type { ProposalParties } from '../reviews/conflicts.js';
import { ReviewAssignment } from '../reviews/review.entity.js';
import type { CreateProposalDto } from '../proposals/dto/proposal.dto.js';
import { headerProblems, planHistory, readRow, type PlannedProposal, type ReadRow } from './history-plan.js';

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

export interface ImportedProposal {
  legacyRef: string;
  id: string;
  referenceNumber: string;
}

export interface HistoryImportReport {
  dryRun: boolean;
  encoding: DetectedEncoding;
  rows: number;
  valid: number;
  invalid: number;
  proposals: number;
  transitions: number;
  outcomes: number;
  /** Review assignments still open (`review_assigned` rows). */
  assignments: number;
  /** Every problem of every bad row, by line and column. A commit writes nothing while there is one. */
  errors: ImportProblem[];
  /** After a commit: the import's id and the proposals brought in, in the order of the file. */
  importId?: string;
  created?: ImportedProposal[];
}

export interface HistoryImportOptions {
  dryRun: boolean;
  encoding?: CsvEncoding;
}

/** What the registry says about a proposal's parties, checked once per id for the whole file. */
interface Parties {
  /** By the id the file names (a merged id answers with its survivor); null when unknown. */
  organizations: Map<string, OrganizationV1 | null>;
  unknownPeople: Set<string>;
}

/**
 * The CSV import of proposal history (issue 16, item 4): proposals keyed by their old reference number, their
 * stage changes, outcomes and open review assignments, one row each. A dry run reports every problem by line and
 * column; a commit writes everything in one transaction or nothing. Everything it writes is `historical`, and so
 * are its events (the same events as the API's historical path), so that notifications mail nobody about the
 * past. Review assignments are not history but work still open: they are ordinary assignments (the reminder job
 * reminds their advisors, overdue ones included), checked as the API checks them (the advisor known to the
 * registry, no conflict of interest, a proposal where reviews are assigned), but no ReviewerAssignedV1 is
 * published for them: that event has no `historical` flag and mails the advisor "you have been assigned", which
 * an assignment made in the spreadsheet era must not do.
 */
@Injectable()
export class HistoryImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly registry: RegistryGateway,
    private readonly outcomes: OutcomesService,
    private readonly proposals: ProposalsService,
    private readonly conflicts: ConflictChecker,
    private readonly clock: Clock,
    @Inject(KIT_ENV) private readonly env: ProposalsEnv,
  ) {}

  async import(bytes: Buffer, options: HistoryImportOptions, actor: Actor): Promise<HistoryImportReport> {
    const now = this.clock.now();
    const today = todayInTokyo(now);
    const { rows, encoding } = this.read(bytes, options.encoding);
    const read = rows.map((row) => readRow(row, today));

    const codes = new Set<string>([SUPPORT_TRACK.code]);
    for (const r of read) if (r.row?.kind === 'brought_in' && r.row.proposal.programmeCode) codes.add(r.row.proposal.programmeCode);
    const programmes = new Map<string, LoadedProgramme | null>();
    for (const code of codes) programmes.set(code, await this.catalogue.programmeByCode(code));
    const plans = planHistory({
      rows: read,
      pipelineOf: (code) => programmes.get(code)?.pipeline ?? null,
      defaultProgramme: SUPPORT_TRACK.code,
      today,
      now,
    });
    const byLine = new Map(read.map((r) => [r.line, r]));
    const problem = (line: number, error: FieldError) => byLine.get(line)!.errors.push(error);

    await this.checkLegacyReferences(plans, problem);
    const parties = await this.checkParties(plans, problem);
    await this.checkAdvisors(read, plans, parties, problem);
    await this.checkRubrics(plans, programmes, problem);

    const report = this.report(read, plans, encoding, options.dryRun);
    if (options.dryRun) return report;
    if (report.invalid) {
      throw new ImportInvalidError(
        report.invalid,
        report.rows,
        report.errors.slice(0, 100).map((e) => ({ field: `line ${e.line}: ${e.field}`, message: e.message })),
        report,
      );
    }
    const fileSha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      const { importId, created } = await this.dataSource.transaction((tx) =>
        this.write(tx, plans, programmes, parties, { actor, now, fileSha256, encoding, report }),
      );
      return { ...report, importId, created };
    } catch (err) {
      // Another import brought in one of these old reference numbers in the meantime.
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === 'proposals_legacy_reference_key') {
        throw new LegacyReferenceTakenError();
      }
      throw err;
    }
  }

  private read(bytes: Buffer, encoding: CsvEncoding | undefined) {
    const parsed = readCsvUpload(bytes, encoding, (message, errors) => new CsvUnreadableError(message, errors));
    const header = headerProblems(parsed.header);
    if (header.length) throw new CsvUnreadableError('The header row does not fit the history import.', header);
    if (parsed.rows.length === 0) throw new CsvUnreadableError('The file has a header but no rows.');
    if (parsed.rows.length > this.env.HISTORY_IMPORT_MAX_ROWS)
      throw new CsvTooManyRowsError(parsed.rows.length, this.env.HISTORY_IMPORT_MAX_ROWS);
    return { rows: parsed.rows, encoding: parsed.encoding };
  }

  /** An old reference number is brought in once: a second import of the same proposal is refused. */
  private async checkLegacyReferences(plans: PlannedProposal[], problem: (line: number, e: FieldError) => void): Promise<void> {
    if (!plans.length) return;
    const taken: { legacy_reference: string; reference_number: string }[] = await this.dataSource.query(
      `SELECT legacy_reference, reference_number FROM proposals WHERE legacy_reference = ANY($1::text[])`,
      [plans.map((p) => p.legacyRef)],
    );
    const byRef = new Map(taken.map((t) => [t.legacy_reference, t.reference_number]));
    for (const p of plans) {
      const ref = byRef.get(p.legacyRef);
      if (ref) problem(p.broughtIn.line, { field: 'legacy_ref', message: `${p.legacyRef} is already imported as ${ref}` });
    }
  }

  /**
   * The proposer (a company or a study group; archived ones too, since history names organisations that have
   * closed since), the study group, the participants, the contact person and the coordinator, as the registry
   * knows them: each id asked once for the whole file. Merged organisations become their survivors.
   */
  private async checkParties(plans: PlannedProposal[], problem: (line: number, e: FieldError) => void): Promise<Parties> {
    const single = new Set<string>();
    const people = new Set<string>();
    for (const { broughtIn } of plans) {
      const d = broughtIn.proposal;
      single.add(d.proposingOrganizationId);
      if (d.studyGroupId) single.add(d.studyGroupId);
      for (const id of d.participatingOrganizationIds ?? []) single.add(id);
      people.add(d.contactPersonId);
      if (d.coordinatorId) people.add(d.coordinatorId);
    }
    const organizations = new Map<string, OrganizationV1 | null>();
    const ids = [...single];
    const answers = await this.registry.inParallel(ids, (id) => this.registry.organization(id));
    ids.forEach((id, i) => organizations.set(id, answers[i] ?? null));
    const unknownPeople = new Set(await this.registry.unknownPeople([...people]));

    for (const { broughtIn } of plans) {
      const d = broughtIn.proposal;
      const line = broughtIn.line;
      const proposer = organizations.get(d.proposingOrganizationId);
      if (!proposer) problem(line, { field: 'proposing_organization_id', message: 'the registry has no such organisation' });
      else if (!(PROPOSER_KINDS as readonly string[]).includes(proposer.kind))
        problem(line, { field: 'proposing_organization_id', message: `a ${proposer.kind} cannot bring in a proposal` });
      if (d.studyGroupId) {
        const group = organizations.get(d.studyGroupId);
        if (!group) problem(line, { field: 'study_group_id', message: 'the registry has no such organisation' });
        else if (group.kind !== 'study_group') problem(line, { field: 'study_group_id', message: `a ${group.kind}, not a study group` });
      }
      for (const id of d.participatingOrganizationIds ?? [])
        if (!organizations.get(id)) problem(line, { field: 'participating_organization_ids', message: `unknown organisation ${id}` });
      if (unknownPeople.has(d.contactPersonId)) problem(line, { field: 'contact_person_id', message: 'unknown person' });
      if (d.coordinatorId && unknownPeople.has(d.coordinatorId)) problem(line, { field: 'coordinator_id', message: 'unknown person' });
    }
    return { organizations, unknownPeople };
  }

  /**
   * The advisors of the `review_assigned` rows, as the API's assignment checks them: known to the registry, and no
   * conflict of interest with the proposal's parties (as the registry resolves them; the conflict checker's own
   * rule, look-back included). Every row that reads is checked, also those refused for the proposal's stage, so
   * that the dry run reports every problem. Each advisor's affiliations are asked once for the whole file. There is
   * no waiver column: a conflicted advisor is reported, and can be assigned through the API with a waiver instead.
   */
  private async checkAdvisors(
    read: ReadRow[],
    plans: PlannedProposal[],
    parties: Parties,
    problem: (line: number, e: FieldError) => void,
  ): Promise<void> {
    const planOf = new Map(plans.map((p) => [p.legacyRef, p]));
    const rows = read.flatMap((r) => (r.row?.kind === 'review_assigned' && planOf.has(r.legacyRef) ? [r.row] : []));
    if (!rows.length) return;
    const ids = [...new Set(rows.map((a) => a.advisorId))];
    const answers = await this.registry.inParallel(ids, (id) => this.registry.affiliationsOf(id));
    const facts = new Map(ids.map((id, i) => [id, answers[i] ?? null]));
    for (const a of rows) {
      const known = facts.get(a.advisorId);
      if (!known) {
        problem(a.line, { field: 'advisor_id', message: 'unknown person' });
        continue;
      }
      // Unknown parties are reported on the brought_in row already; the conflicts need them all.
      const resolved = partiesOf(planOf.get(a.legacyRef)!.broughtIn.proposal, parties);
      if (!resolved) continue;
      const found = this.conflicts.fromFacts(known, resolved);
      if (found.length) {
        const what = found.map((c) => `${c.kind} (${c.organizationName ?? c.organizationId})`).join(', ');
        problem(a.line, { field: 'advisor_id', message: `conflict of interest: ${what}` });
      }
    }
  }

  /** Entering screening fixes the rubric in force for the fiscal year of the day it took effect: there must be one. */
  private async checkRubrics(
    plans: PlannedProposal[],
    programmes: Map<string, LoadedProgramme | null>,
    problem: (line: number, e: FieldError) => void,
  ): Promise<void> {
    const known = new Map<string, boolean>();
    for (const plan of plans) {
      const programme = programmes.get(plan.broughtIn.proposal.programmeCode ?? SUPPORT_TRACK.code);
      if (!programme) continue;
      const first = plan.transitions.find((t) => t.startsScreening);
      if (!first) continue;
      const fy = fiscalYearOfInstant(first.row.effectiveAt);
      const key = `${programme.programme.code}|${fy}`;
      if (!known.has(key)) known.set(key, (await this.catalogue.rubricInForce(programme.programme.code, fy)) !== null);
      if (!known.get(key))
        problem(first.row.line, { field: 'stage', message: `no rubric of ${programme.programme.code} is in force for FY${fy}` });
    }
  }

  private report(read: ReadRow[], plans: PlannedProposal[], encoding: DetectedEncoding, dryRun: boolean): HistoryImportReport {
    const invalid = read.filter((r) => r.errors.length).length;
    return {
      dryRun,
      encoding,
      rows: read.length,
      valid: read.length - invalid,
      invalid,
      proposals: plans.length,
      transitions: plans.reduce((n, p) => n + p.transitions.length, 0),
      outcomes: plans.reduce((n, p) => n + p.outcomes.length, 0),
      assignments: plans.reduce((n, p) => n + p.assignments.length, 0),
      errors: read.flatMap((r) => r.errors.map((e) => ({ line: r.line, ...e }))),
    };
  }

  private async write(
    tx: EntityManager,
    plans: PlannedProposal[],
    programmes: Map<string, LoadedProgramme | null>,
    parties: Parties,
    run: { actor: Actor; now: Date; fileSha256: string; encoding: DetectedEncoding; report: HistoryImportReport },
  ): Promise<{ importId: string; created: ImportedProposal[] }> {
    const { actor, now, report } = run;
    const importId = uuidv7();
    await tx.query(
      `INSERT INTO history_imports (id, imported_at, imported_by, file_sha256, encoding, rows, proposals, transitions, outcomes, assignments)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        importId,
        now,
        actor.personId,
        run.fileSha256,
        run.encoding,
        report.rows,
        report.proposals,
        report.transitions,
        report.outcomes,
        report.assignments,
      ],
    );
    const created: ImportedProposal[] = [];
    for (const plan of plans) {
      const d = plan.broughtIn.proposal;
      const programme = programmes.get(d.programmeCode ?? SUPPORT_TRACK.code)!;
      const proposer = parties.organizations.get(d.proposingOrganizationId)!;
      const resolved = partiesOf(d, parties)!;
      const p = await this.proposals.insert(tx, {
        dto: d,
        programme,
        proposer,
        studyGroupId: resolved.studyGroupId,
        participants: resolved.participatingOrganizationIds,
        broughtInOn: plan.broughtIn.date,
        historical: true,
        actorId: actor.personId,
        now,
        legacyReference: plan.legacyRef,
        historyImportId: importId,
      });
      const ref = () => proposalRef(p, programme);

      let seq = 1;
      for (const t of plan.transitions) {
        seq += 1;
        if (t.startsScreening && !p.rubricId) {
          const rubric = await this.catalogue.rubricInForce(programme.programme.code, fiscalYearOfInstant(t.row.effectiveAt), tx);
          p.rubricId = rubric!.rubric.id;
        }
        const transition = tx.create(ProposalTransition, {
          id: uuidv7(),
          proposalId: p.id,
          seq,
          fromStage: t.from,
          toStage: t.row.to,
          reason: t.row.reason,
          effectiveAt: t.row.effectiveAt,
          recordedAt: now,
          actorId: actor.personId,
          resumed: t.resumed,
          historical: true,
        });
        await tx.insert(ProposalTransition, transition);
        p.stage = t.row.to;
        p.resumeStage = t.resumeStage;
        p.version += 1;
        await this.outbox.add(tx, ProposalAdvancedV1, {
          aggregateId: p.id,
          data: {
            transitionId: transition.id,
            proposal: ref(),
            from: stageRef(programme, t.from),
            to: stageRef(programme, t.row.to),
            reason: t.row.reason,
            effectiveAt: formatInstant(t.row.effectiveAt),
            recordedAt: formatInstant(now),
            actorId: actor.personId,
            historical: true,
            resumed: t.resumed,
          },
        });
        if (t.decision) {
          await this.outbox.add(tx, ProposalDecidedV1, {
            aggregateId: p.id,
            data: {
              transitionId: transition.id,
              proposal: ref(),
              decision: t.decision,
              effectiveAt: formatInstant(t.row.effectiveAt),
              historical: true,
            },
          });
        }
      }
      if (plan.transitions.length) {
        await tx.update(Proposal, { id: p.id }, { stage: p.stage, resumeStage: p.resumeStage, rubricId: p.rubricId, version: p.version });
      }
      for (const o of plan.outcomes) await this.outcomes.insert(tx, p, programme, o.outcome, { actorId: actor.personId, now });
      // Open assignments as the API makes them (checked above: no conflicts), dated the day they were assigned; no
      // ReviewerAssignedV1 (see the class comment). The reminder job finds them like any other.
      for (const a of plan.assignments) {
        await tx.insert(ReviewAssignment, {
          id: uuidv7(),
          proposalId: p.id,
          advisorId: a.advisorId,
          status: 'assigned',
          dueOn: a.dueOn,
          assignedAt: startOfTokyoDay(a.assignedOn),
          assignedBy: actor.personId,
          conflicts: [],
          waiverReason: null,
          waivedBy: null,
          responseReason: null,
          respondedAt: null,
          version: 1,
        });
      }
      created.push({ legacyRef: plan.legacyRef, id: p.id, referenceNumber: p.referenceNumber });
    }
    return { importId, created };
  }
}

/**
 * A proposal's parties as the registry resolves them (merged organisations become their survivors; a study group
 * proposing is its own study group; participants without the proposer), as bringing it in records them; null
 * while one of them is unknown.
 */
function partiesOf(d: CreateProposalDto, parties: Parties): ProposalParties | null {
  const proposer = parties.organizations.get(d.proposingOrganizationId);
  const group = d.studyGroupId ? parties.organizations.get(d.studyGroupId) : undefined;
  const others = (d.participatingOrganizationIds ?? []).map((id) => parties.organizations.get(id));
  if (!proposer || group === null || others.some((o) => !o)) return null;
  return {
    proposingOrganizationId: proposer.id,
    studyGroupId: group ? group.id : proposer.kind === 'study_group' ? proposer.id : null,
    participatingOrganizationIds: [...new Set(others.map((o) => o!.id))].filter((id) => id !== proposer.id),
  };
}
