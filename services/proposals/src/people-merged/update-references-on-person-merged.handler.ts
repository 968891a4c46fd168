import { PersonMergedV1, type EventEnvelope } from '@collabo/contracts';
import { Clock, ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';

/**
 * The registry merged two person records (`mergedId` is now an alias of `survivorId`): every reference this
 * service holds to the merged one follows to the survivor.
 *
 * - proposals: contact person and coordinator (the proposal's version goes up);
 * - review assignments and reviews: the advisor. An open assignment (assigned or submitted) of the survivor on the
 *   same proposal already exists: the merged one's stays as it is (both are kept, nothing is lost; the registry
 *   answers the merged id with the survivor);
 * - support teams: a member; one person twice in a team stays once, with the stronger role
 *   (coordinator, lead advisor, advisor) and both records' conflicts;
 * - interviews: the invitees (listed once); weekly digests: the coordinator (a week already sent to the survivor
 *   keeps its row).
 * Actor columns (`assigned_by`, `formed_by`, ...) are history and are left alone. Replays find nothing left to move.
 */
@ConsumesEvent(PersonMergedV1, { durable: 'proposals-update-references-on-person-merged' })
export class UpdateReferencesOnPersonMerged implements EventHandler<typeof PersonMergedV1> {
  constructor(private readonly clock: Clock) {}

  async handle(event: EventEnvelope<PersonMergedV1.Data>, tx: EntityManager): Promise<void> {
    const { survivorId, mergedId } = event.data;
    if (survivorId === mergedId) return;
    const now = this.clock.now();
    await tx.query(
      `UPDATE proposals SET
         contact_person_id = CASE WHEN contact_person_id = $2 THEN $1::uuid ELSE contact_person_id END,
         coordinator_id = CASE WHEN coordinator_id = $2 THEN $1::uuid ELSE coordinator_id END,
         version = version + 1, updated_at = $3
       WHERE contact_person_id = $2 OR coordinator_id = $2`,
      [survivorId, mergedId, now],
    );
    await tx.query(
      `UPDATE review_assignments a SET advisor_id = $1, version = a.version + 1
        WHERE a.advisor_id = $2
          AND NOT (a.status IN ('assigned', 'submitted') AND EXISTS (
                SELECT 1 FROM review_assignments s
                 WHERE s.proposal_id = a.proposal_id AND s.advisor_id = $1 AND s.status IN ('assigned', 'submitted')))`,
      [survivorId, mergedId],
    );
    await tx.query(
      `UPDATE reviews r SET advisor_id = a.advisor_id FROM review_assignments a WHERE r.assignment_id = a.id AND r.advisor_id = $1 AND a.advisor_id = $2`,
      [mergedId, survivorId],
    );
    // one person twice in a team: the survivor's row takes the stronger role and both records' conflicts
    // (TypeORM answers an UPDATE ... RETURNING with [rows, count])
    const [twice] = await tx.query<[{ team_id: string }[], number]>(
      `UPDATE team_members s SET
         role = CASE WHEN 'coordinator' IN (s.role, m.role) THEN 'coordinator'
                     WHEN 'lead_advisor' IN (s.role, m.role) THEN 'lead_advisor' ELSE s.role END,
         conflicts = s.conflicts || m.conflicts,
         waiver_reason = coalesce(s.waiver_reason, m.waiver_reason)
        FROM team_members m
       WHERE s.team_id = m.team_id AND s.person_id = $1 AND m.person_id = $2
       RETURNING s.team_id`,
      [survivorId, mergedId],
    );
    if (twice.length) {
      await tx.query(`DELETE FROM team_members WHERE person_id = $1 AND team_id = ANY($2::uuid[])`, [
        mergedId,
        twice.map((t) => t.team_id),
      ]);
    }
    const [teams] = await tx.query<[{ team_id: string }[], number]>(
      `UPDATE team_members SET person_id = $1 WHERE person_id = $2 RETURNING team_id`,
      [survivorId, mergedId],
    );
    const changedTeams = [...new Set([...twice, ...teams].map((t) => t.team_id))];
    if (changedTeams.length) {
      await tx.query(`UPDATE teams SET version = version + 1, updated_at = $2 WHERE id = ANY($1::uuid[])`, [changedTeams, now]);
    }
    await tx.query(
      `UPDATE interviews SET invitee_ids = ARRAY(SELECT DISTINCT x FROM unnest(array_replace(invitee_ids, $2::uuid, $1::uuid)) AS x)
        WHERE $2::uuid = ANY(invitee_ids)`,
      [survivorId, mergedId],
    );
    await tx.query(
      `UPDATE review_digests d SET coordinator_id = $1
        WHERE d.coordinator_id = $2 AND NOT EXISTS (SELECT 1 FROM review_digests s WHERE s.coordinator_id = $1 AND s.week_of = d.week_of)`,
      [survivorId, mergedId],
    );
  }
}
