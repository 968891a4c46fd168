import type { EntityManager } from 'typeorm';
import type { StageKind } from '../programmes/pipeline.js';
import type { Proposal } from '../proposals/proposal.entity.js';

/** The committee's decision on a proposal (the first move into an `accepted` or `declined` stage), or null. */
export async function decisionOf(manager: EntityManager, p: Proposal): Promise<{ stage: string; effectiveAt: Date } | null> {
  const rows: { to_stage: string; effective_at: Date }[] = await manager.query(
    `SELECT t.to_stage, t.effective_at FROM proposal_transitions t
       JOIN programme_stages s ON s.programme_id = $2 AND s.code = t.to_stage
     WHERE t.proposal_id = $1 AND s.kind IN ('accepted', 'declined')
     ORDER BY t.seq LIMIT 1`,
    [p.id, p.programmeId],
  );
  return rows[0] ? { stage: rows[0].to_stage, effectiveAt: new Date(rows[0].effective_at) } : null;
}

/**
 * Whether reviews may be assigned to a proposal standing in a stage of `kind` (pure; the API's assignments and the
 * CSV history import's `review_assigned` rows both ask it): until the committee decides, and not while the
 * proposal is paused or closed.
 */
export function reviewsAssignable(kind: StageKind | undefined, decided: boolean): boolean {
  return !decided && kind !== 'paused' && kind !== 'closed';
}
