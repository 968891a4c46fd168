import { Injectable } from '@nestjs/common';
import { hasRole, type Actor } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { Proposal } from '../proposals/proposal.entity.js';
import { ProposalNotFoundError } from '../errors.js';

/** SQL condition (on alias `p`) for the proposals an advisor may see: reviews assigned to them, teams they are on. */
export const ADVISOR_VISIBLE_SQL = `(
  EXISTS (SELECT 1 FROM review_assignments a WHERE a.proposal_id = p.id AND a.advisor_id = :actorId AND a.status IN ('assigned', 'submitted'))
  OR EXISTS (SELECT 1 FROM teams t JOIN team_members m ON m.team_id = t.id WHERE t.proposal_id = p.id AND m.person_id = :actorId)
)`;

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
    const qb = manager.createQueryBuilder(Proposal, 'p').where('p.id = :id', { id });
    if (!ProposalAccess.seesAll(actor)) qb.andWhere(ADVISOR_VISIBLE_SQL, { actorId: actor.personId });
    if (lock) qb.setLock('pessimistic_write');
    const proposal = await qb.getOne();
    if (!proposal) throw new ProposalNotFoundError(id);
    return proposal;
  }
}
