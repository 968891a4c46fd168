import { addDays } from '@collabo/calendar';
import type { MembershipRole } from '@collabo/contracts';
import type { RolePeriod } from '../../study-groups/role-periods.js';

/** A membership with its role periods, as a merge sees it. */
export interface MembershipWithPeriods {
  id: string;
  joinedOn: string;
  leftOn: string | null;
  periods: RolePeriod[];
}

/** What becomes of a cluster of overlapping memberships: one membership that keeps `keepId`, and those removed. */
export interface CombinedMembership {
  keepId: string;
  removeIds: string[];
  role: MembershipRole;
  joinedOn: string;
  leftOn: string | null;
  periods: RolePeriod[];
}

const END = '9999-12-31';
const end = (d: string | null): string => d ?? END;

/**
 * Groups one person's memberships of one study group into clusters whose days overlap (directly or through
 * another membership). A cluster of one needs nothing; a larger one becomes one membership (see `combine`).
 */
export function overlappingClusters<M extends { joinedOn: string; leftOn: string | null }>(memberships: M[]): M[][] {
  const sorted = [...memberships].sort((a, b) => (a.joinedOn < b.joinedOn ? -1 : a.joinedOn > b.joinedOn ? 1 : 0));
  const clusters: M[][] = [];
  let reach = '';
  for (const m of sorted) {
    const current = clusters[clusters.length - 1];
    if (current && m.joinedOn <= reach) {
      current.push(m);
      if (end(m.leftOn) > reach) reach = end(m.leftOn);
    } else {
      clusters.push([m]);
      reach = end(m.leftOn);
    }
  }
  return clusters;
}

/**
 * Several overlapping memberships of one person in one group (after a merge brought them together) as one:
 * joined on the earliest day, left on the latest (or not left), its role periods laid over each other in the
 * order they started, a later-starting period taking the days it covers from an earlier one (a role change is
 * the more specific record), an earlier one resuming after it where it lasted longer. Adjacent periods of the same
 * role join. Ties on a start day: the membership listed first (the survivor's) wins. The membership kept is the
 * first listed of the earliest joined.
 */
export function combine(memberships: MembershipWithPeriods[]): CombinedMembership {
  if (!memberships.length) throw new Error('combine needs at least one membership');
  const order = new Map(memberships.map((m, i) => [m.id, i]));
  const keep = [...memberships].sort((a, b) =>
    a.joinedOn !== b.joinedOn ? (a.joinedOn < b.joinedOn ? -1 : 1) : order.get(a.id)! - order.get(b.id)!,
  )[0]!;
  // later-listed first among equal starts, so that the first-listed is painted last and wins the tie
  const all = memberships
    .flatMap((m) => m.periods.map((p) => ({ ...p, rank: order.get(m.id)! })))
    .sort((a, b) => (a.fromOn !== b.fromOn ? (a.fromOn < b.fromOn ? -1 : 1) : b.rank - a.rank));
  let timeline: RolePeriod[] = [];
  for (const p of all) timeline = paint(timeline, { role: p.role, fromOn: p.fromOn, toOn: p.toOn });
  const periods = joinAdjacent(timeline);
  const joinedOn = memberships.map((m) => m.joinedOn).reduce((a, b) => (a < b ? a : b));
  const leftOn = memberships.some((m) => m.leftOn === null) ? null : memberships.map((m) => m.leftOn!).reduce((a, b) => (a > b ? a : b));
  // the membership's own days bound its periods (a period never starts before joining nor outlasts leaving)
  periods[0]!.fromOn = joinedOn;
  periods[periods.length - 1]!.toOn = leftOn;
  return {
    keepId: keep.id,
    removeIds: memberships.filter((m) => m.id !== keep.id).map((m) => m.id),
    role: periods[periods.length - 1]!.role,
    joinedOn,
    leftOn,
    periods,
  };
}

/** The timeline with `p` laid over it: what it covers is its own, the rest of the periods it cut keeps on. */
function paint(timeline: RolePeriod[], p: RolePeriod): RolePeriod[] {
  const out: RolePeriod[] = [];
  for (const t of timeline) {
    if (end(t.toOn) < p.fromOn || end(p.toOn) < t.fromOn) {
      out.push(t);
      continue;
    }
    if (t.fromOn < p.fromOn) out.push({ ...t, toOn: addDays(p.fromOn, -1) });
    if (p.toOn !== null && end(t.toOn) > p.toOn) out.push({ ...t, fromOn: addDays(p.toOn, 1) });
  }
  out.push(p);
  return out.sort((a, b) => (a.fromOn < b.fromOn ? -1 : a.fromOn > b.fromOn ? 1 : 0));
}

/** Periods that follow each other without a day between them and hold the same role become one. */
function joinAdjacent(periods: RolePeriod[]): RolePeriod[] {
  const out: RolePeriod[] = [];
  for (const p of periods) {
    const last = out[out.length - 1];
    if (last && last.role === p.role && last.toOn !== null && addDays(last.toOn, 1) >= p.fromOn) {
      last.toOn = p.toOn === null || end(p.toOn) > end(last.toOn) ? p.toOn : last.toOn;
    } else {
      out.push({ ...p });
    }
  }
  return out;
}
