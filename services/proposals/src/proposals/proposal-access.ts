import { Injectable } from '@nestjs/common';
import { hasRole, queryPrepared, type Actor } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { EntityRows } from '../database/raw-rows.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { ProposalNotFoundError } from '../errors.js';

/** SQL condition (on alias `p`) for the proposals an advisor may see: reviews assigned to them, teams they are on. */
export const ADVISOR_VISIBLE_SQL = `(
  EXISTS (SELECT 1 FROM review_assignments a WHERE a.proposal_id = p.id AND a.advisor_id = :actorId AND a.status IN ('assigned', 'submitted'))
  OR EXISTS (SELECT 1 FROM teams t JOIN team_members m ON m.team_id = t.id WHERE t.proposal_id = p.id AND m.person_id = :actorId)
)`;

/** The same condition with the actor as the second positional parameter, for plain SQL. */
const ADVISOR_VISIBLE_SQL_POSITIONAL = ADVISOR_VISIBLE_SQL.replaceAll(':actorId', '$2');

const proposalRows = new EntityRows(Proposal);

/**
 * Who sees which proposal. Admins, coordinators and viewers see every proposal; an advisor sees only the
 * proposals assigned to them (review or team). For anything else the answer is 404, exactly as for a
 * proposal that does not exist, so that existence does not leak.
 */
@Injectable()
export class ProposalAccess {
  constructor(private readonly dataSource: DataSource) {}

  /** Sees every proposal. */
  static seesAll(actor: Actor): boolean {
    return hasRole(actor, 'admin', 'coordinator', 'viewer');
  }

  /** Manages proposals, reviews and teams. */
  static isStaff(actor: Actor): boolean {
    return hasRole(actor, 'admin', 'coordinator');
  }

  /** The proposal if the actor may see it; 404 otherwise. `lock` takes a row lock for a change. */
  async visible(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Proposal> {
    // Every request about a proposal starts here (a transition with the row lock): plain SQL, its text built once.
    const seesAll = ProposalAccess.seesAll(actor);
    const { rows } = await queryPrepared(
      manager,
      `SELECT ${proposalRows.select(this.dataSource, 'p')} FROM proposals p WHERE p.id = $1` +
        (seesAll ? '' : ` AND ${ADVISOR_VISIBLE_SQL_POSITIONAL}`) +
        (lock ? ' FOR UPDATE' : ''),
      seesAll ? [id] : [id, actor.personId],
    );
    if (!rows[0]) throw new ProposalNotFoundError(id);
    return proposalRows.hydrate(manager, rows[0]);
  }
}
