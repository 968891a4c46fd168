import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../../audit/audit.js';
import { periodsOf, type RolePeriod } from '../../study-groups/role-periods.js';
import { combine, overlappingClusters, type MembershipWithPeriods } from './membership-periods.js';

interface Row {
  id: string;
  person_id: string;
  study_group_id: string;
  role: RolePeriod['role'];
  joined_on: string;
  left_on: string | null;
  periods: RolePeriod[] | null;
}

/**
 * After a merge (of two people, or of two study groups) one person may hold overlapping memberships of one
 * group, which the membership rules refuse (`REGISTRY.MEMBERSHIP_OVERLAP`). Each such cluster becomes one
 * membership whose role periods keep every role held (see `combine`); the others are removed, their history
 * being in the kept one's periods and in the audit trail. `preferFirst`: memberships of this person or group
 * win a tie on a start day (the survivor's). Returns how many memberships were removed.
 */
export async function consolidateMemberships(
  tx: EntityManager,
  scope: { personId: string } | { studyGroupId: string },
  preferFirst: (m: { id: string; person_id: string; study_group_id: string }) => boolean,
  actorId: string | null,
): Promise<number> {
  const [column, value] = 'personId' in scope ? ['person_id', scope.personId] : ['study_group_id', scope.studyGroupId];
  const rows = await tx.query<Row[]>(
    `SELECT m.id, m.person_id, m.study_group_id, m.role, m.joined_on::text AS joined_on, m.left_on::text AS left_on,
            (SELECT json_agg(json_build_object('role', r.role, 'fromOn', r.from_on::text, 'toOn', r.to_on::text) ORDER BY r.from_on)
               FROM membership_roles r WHERE r.membership_id = m.id) AS periods
       FROM memberships m WHERE m.${column} = $1
      ORDER BY m.person_id, m.study_group_id, m.joined_on, m.id
      FOR UPDATE OF m`,
    [value],
  );
  const byPair = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.person_id}:${r.study_group_id}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  let removed = 0;
  for (const pair of byPair.values()) {
    for (const cluster of overlappingClusters(pair.map((r) => ({ ...r, joinedOn: r.joined_on, leftOn: r.left_on })))) {
      if (cluster.length < 2) continue;
      const ordered = [...cluster.filter(preferFirst), ...cluster.filter((m) => !preferFirst(m))];
      const input: MembershipWithPeriods[] = ordered.map((r) => ({
        id: r.id,
        joinedOn: r.joined_on,
        leftOn: r.left_on,
        periods: periodsOf(r.periods ?? [], { role: r.role, joinedOn: r.joined_on, leftOn: r.left_on }),
      }));
      const result = combine(input);
      await tx.query(`DELETE FROM membership_roles WHERE membership_id = ANY($1::uuid[])`, [[result.keepId, ...result.removeIds]]);
      await tx.query(`DELETE FROM memberships WHERE id = ANY($1::uuid[])`, [result.removeIds]);
      await tx.query(
        `UPDATE memberships SET role = $2, joined_on = $3, left_on = $4, version = version + 1, updated_at = now(), updated_by = $5
          WHERE id = $1`,
        [result.keepId, result.role, result.joinedOn, result.leftOn, actorId],
      );
      for (const p of result.periods) {
        await tx.query(
          `INSERT INTO membership_roles (id, membership_id, role, from_on, to_on, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
          [uuidv7(), result.keepId, p.role, p.fromOn, p.toOn, actorId],
        );
      }
      for (const id of result.removeIds) {
        await recordAudit(tx, { entityType: 'membership', entityId: id, action: 'combined', actorId, changedFields: ['combinedInto'] });
      }
      await recordAudit(tx, {
        entityType: 'membership',
        entityId: result.keepId,
        action: 'combined-in',
        actorId,
        changedFields: ['role', 'joinedOn', 'leftOn', 'roles'],
      });
      removed += result.removeIds.length;
    }
  }
  return removed;
}
