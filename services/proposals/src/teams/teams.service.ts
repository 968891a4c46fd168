import { Injectable } from '@nestjs/common';
import { TeamFormedV1, type FocusField, type Sector } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, assertIfMatch, type Actor, type FieldError } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { dayOf, type Conflict } from '../reviews/conflicts.js';
import { todayInTokyo } from '@collabo/calendar';
import { rankSuggestions, type Candidate, type Exclusion, type Suggestion } from './team-suggestions.js';
import type { Proposal } from '../proposals/proposal.entity.js';
import { ConflictChecker } from '../reviews/conflict-checker.js';
import { TeamConflictOfInterestError, TeamNotAllowedError, TeamNotFoundError, UnknownPersonError } from '../errors.js';
import { ProposalAccess } from '../proposals/proposal-access.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { RegistryGateway } from '../registry/registry.gateway.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import type { SetTeamDto } from './dto/team.dto.js';
import { SupportTeam, TeamMember } from './team.entity.js';
import { teamView, type TeamView } from './team.view.js';
import { ceasedPeople } from '../privacy/privacy-cessations.js';

export interface TeamSuggestions {
  proposalId: string;
  focusFields: string[];
  teamSectors: Sector[];
  /** False when the registry could not list every advisor account. */
  candidatesComplete: boolean;
  lookBackYears: number;
  suggestions: Suggestion[];
  excluded: Exclusion[];
}

/** Open work per person: reviews not yet written, and teams of proposals still in progress. */
const OPEN_ASSIGNMENTS_SQL = `
  SELECT person_id, count(*)::int AS open FROM (
    SELECT a.advisor_id AS person_id FROM review_assignments a WHERE a.status = 'assigned' AND a.advisor_id = ANY($1)
    UNION ALL
    SELECT m.person_id FROM team_members m
      JOIN teams t ON t.id = m.team_id
      JOIN proposals p ON p.id = t.proposal_id
      JOIN programme_stages s ON s.programme_id = p.programme_id AND s.code = p.stage
    WHERE m.person_id = ANY($1) AND s.kind NOT IN ('closed', 'declined', 'on_sale')
  ) work GROUP BY person_id`;

@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly access: ProposalAccess,
    private readonly registry: RegistryGateway,
    private readonly conflicts: ConflictChecker,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, proposalId: string): Promise<TeamView> {
    await this.access.visible(actor, proposalId);
    const team = await this.dataSource.manager.findOneBy(SupportTeam, { proposalId });
    if (!team) throw new TeamNotFoundError();
    const members = await this.dataSource.manager.findBy(TeamMember, { teamId: team.id });
    return teamView(team, members, { staff: ProposalAccess.isStaff(actor), personId: actor.personId });
  }

  /** Forms the team (first time) or replaces its members (If-Match the team's ETag). */
  async set(actor: Actor, proposalId: string, ifMatch: string | undefined, dto: SetTeamDto): Promise<{ view: TeamView; created: boolean }> {
    this.checkShape(dto);
    const before = await this.access.visible(actor, proposalId);
    await this.assertAccepted(before, this.dataSource.manager);
    const conflicts = await this.memberConflicts(before, dto);
    return this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, proposalId, tx, true);
      await this.assertAccepted(p, tx);
      const now = this.clock.now();
      let team = await tx.findOneBy(SupportTeam, { proposalId });
      const created = !team;
      if (team) {
        assertIfMatch(ifMatch, team.version, 'team');
        await tx.delete(TeamMember, { teamId: team.id });
        team.version += 1;
        team.updatedAt = now;
        await tx.update(SupportTeam, { id: team.id }, { version: team.version, updatedAt: now });
      } else {
        team = tx.create(SupportTeam, { id: uuidv7(), proposalId, formedAt: now, formedBy: actor.personId, updatedAt: now, version: 1 });
        await tx.insert(SupportTeam, team);
      }
      const members = dto.members.map((m) =>
        tx.create(TeamMember, {
          teamId: team.id,
          personId: m.personId,
          role: m.role,
          conflicts: conflicts.get(m.personId) ?? [],
          waiverReason: conflicts.get(m.personId)?.length ? m.waiverReason! : null,
          addedAt: now,
        }),
      );
      await tx.insert(TeamMember, members);
      if (created) {
        const programme = await this.catalogue.programme(p.programmeId, tx);
        await this.outbox.add(tx, TeamFormedV1, {
          aggregateId: p.id,
          data: {
            teamId: team.id,
            proposal: proposalRef(p, programme),
            members: dto.members.map((m) => ({ personId: m.personId, role: m.role })),
          },
        });
      }
      return { view: teamView(team, members, { staff: true, personId: actor.personId }), created };
    });
  }

  async suggestions(actor: Actor, proposalId: string, limit: number): Promise<TeamSuggestions> {
    const p = await this.access.visible(actor, proposalId);
    const team = await this.dataSource.manager.findOneBy(SupportTeam, { proposalId });
    const members = team ? await this.dataSource.manager.findBy(TeamMember, { teamId: team.id }) : [];
    const { accounts, complete } = await this.registry.accountsByRole('advisor');
    // Cessation of use (issue #20): a person who asked for it is not suggested.
    const ceased = await ceasedPeople(
      this.dataSource.manager,
      accounts.map((a) => a.personId),
    );
    const candidateIds = [...new Set(accounts.map((a) => a.personId))].filter((id) => !ceased.has(id));
    const memberIds = members.map((m) => m.personId);
    const everyone = [...new Set([...candidateIds, ...memberIds])];
    const facts = new Map(
      (await this.registry.inParallel(everyone, async (id) => [id, await this.registry.affiliationsOf(id)] as const)).filter(
        (entry): entry is readonly [string, NonNullable<(typeof entry)[1]>] => entry[1] !== null,
      ),
    );
    const today = todayInTokyo(this.clock.now());
    const sectorsOf = (id: string): Sector[] => [
      ...new Set((facts.get(id)?.affiliations ?? []).filter((a) => !a.to || dayOf(a.to)! >= today).map((a) => a.sector)),
    ];
    const known = candidateIds.filter((id) => facts.has(id));
    const people = new Map((await this.registry.people(known)).map((person) => [person.id, person]));
    const open = new Map<string, number>(
      (await this.dataSource.query(OPEN_ASSIGNMENTS_SQL, [known])).map((r: { person_id: string; open: number }) => [r.person_id, r.open]),
    );
    const candidates: Candidate[] = known.map((id) => ({
      personId: id,
      sectors: sectorsOf(id),
      expertiseFields: people.get(id)?.expertiseFields ?? [],
      openAssignments: open.get(id) ?? 0,
      conflicts: this.conflicts.fromFacts(facts.get(id)!, p),
    }));
    const teamSectors = [...new Set(members.filter((m) => m.role !== 'coordinator').flatMap((m) => sectorsOf(m.personId)))];
    const ranked = rankSuggestions({
      candidates,
      focusFields: p.focusFields as FocusField[],
      teamSectors,
      teamMemberIds: memberIds,
      limit,
    });
    return {
      proposalId,
      focusFields: p.focusFields,
      teamSectors,
      candidatesComplete: complete && known.length === candidateIds.length,
      lookBackYears: this.conflicts.lookBackYears,
      ...ranked,
    };
  }

  private checkShape(dto: SetTeamDto): void {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    dto.members.forEach((m, i) => {
      if (seen.has(m.personId)) errors.push({ field: `members.${i}.personId`, message: 'each person once' });
      seen.add(m.personId);
    });
    if (!dto.members.some((m) => m.role === 'coordinator')) errors.push({ field: 'members', message: 'a team needs a coordinator' });
    if (!dto.members.some((m) => m.role !== 'coordinator')) errors.push({ field: 'members', message: 'a team needs at least one advisor' });
    if (errors.length) throw new ValidationFailedError(errors);
  }

  /** Conflicts of interest of the advisors on the team (coordinators are the foundation's own staff). */
  private async memberConflicts(p: Proposal, dto: SetTeamDto): Promise<Map<string, Conflict[]>> {
    const advisors = dto.members.map((m, i) => ({ m, i })).filter(({ m }) => m.role !== 'coordinator');
    const found = await this.registry.inParallel(advisors, async ({ m, i }) => ({
      m,
      i,
      conflicts: await this.conflicts.conflictsOf(m.personId, p),
    }));
    const unknown = found.filter((f) => f.conflicts === null);
    if (unknown.length) {
      throw new UnknownPersonError(
        unknown.map((f) => ({ field: `members.${f.i}.personId`, message: 'unknown person' })),
        'The registry does not know some team members.',
      );
    }
    const unwaived = found.filter((f) => f.conflicts!.length && !f.m.waiverReason);
    if (unwaived.length) {
      throw new TeamConflictOfInterestError(
        unwaived.map((f) => ({ personId: f.m.personId, conflicts: f.conflicts })),
        this.conflicts.lookBackYears,
      );
    }
    return new Map(found.map((f) => [f.m.personId, f.conflicts!]));
  }

  /** A team is formed around an accepted proposal that is still open. */
  private async assertAccepted(p: Proposal, manager: EntityManager): Promise<void> {
    const programme = await this.catalogue.programme(p.programmeId, manager);
    const kind = programme.stages.get(p.stage)?.kind;
    const [{ accepted }] = await manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM proposal_transitions t JOIN programme_stages s ON s.programme_id = $2 AND s.code = t.to_stage
         WHERE t.proposal_id = $1 AND s.kind = 'accepted') AS accepted`,
      [p.id, p.programmeId],
    );
    if (!accepted || kind === 'closed' || kind === 'declined') {
      throw new TeamNotAllowedError(p.stage);
    }
  }
}
