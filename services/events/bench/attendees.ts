/**
 * Made-up but realistic attendees of an exchange event, for the seating benchmark and tests: a few
 * large organisations (a university, the prefecture) and many small companies, sectors weighted as
 * at the foundation's meetings, one to three focus fields, some study-group members.
 */
import { Prng } from '../src/seating/prng.js';
import type { SeatingAttendee, SeatingSector } from '../src/seating/seating-model.js';

const FIELDS = ['food', 'housing', 'tourism', 'it', 'bio', 'environment', 'energy', 'manufacturing', 'medical', 'other'];
const FIELD_WEIGHTS = [6, 3, 4, 3, 2, 2, 1, 2, 1, 1];

function pick<T>(prng: Prng, items: T[], weights: number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = prng.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

/**
 * How varied the attendees are. `typical`: one or two focus fields, 40% in a study group. `dense`: two to
 * four focus fields and most people in one or two study groups, so the labels overlap and the lower
 * bound (every label spread on its own) can no longer be reached: a harder test of the planner.
 */
export type AttendeeProfile = 'typical' | 'dense';

/** `count` attendees; no organisation sends more than `maxPerOrganization` (default: count / 6, so clashes are avoidable at tables of 6). */
export function sampleAttendees(
  count: number,
  seed: string,
  maxPerOrganization = Math.max(1, Math.floor(count / 6)),
  profile: AttendeeProfile = 'typical',
): SeatingAttendee[] {
  const prng = new Prng(`${seed}:${profile}`);
  const dense = profile === 'dense';
  const attendees: SeatingAttendee[] = [];
  const groups = Array.from({ length: Math.max(2, Math.round(count / 12)) }, (_, g) => `group-${g}`);
  let org = 0;
  while (attendees.length < count) {
    const sector = pick<SeatingSector>(prng, ['industry', 'academia', 'government', 'finance'], [50, 28, 17, 5]);
    const big = prng.next() < 0.15;
    const size = Math.min(
      maxPerOrganization,
      count - attendees.length,
      big ? 3 + prng.int(Math.max(1, maxPerOrganization - 2)) : 1 + prng.int(2),
    );
    const orgFields = [pick(prng, FIELDS, FIELD_WEIGHTS), pick(prng, FIELDS, FIELD_WEIGHTS)];
    for (let k = 0; k < size; k++) {
      const fields = new Set<string>([orgFields[k % 2]!]);
      const extraFields = dense ? 1 + prng.int(3) : prng.next() < 0.5 ? 1 : 0;
      for (let f = 0; f < extraFields; f++) fields.add(pick(prng, FIELDS, FIELD_WEIGHTS));
      const memberships = new Set<string>();
      if (prng.next() < (dense ? 0.8 : 0.4)) memberships.add(groups[prng.int(groups.length)]!);
      if (dense && prng.next() < 0.4) memberships.add(groups[prng.int(groups.length)]!);
      const index = attendees.length;
      attendees.push({
        id: `a${String(index).padStart(4, '0')}-${seed}`,
        organizationKey: `org-${org}`,
        sector,
        focusFields: [...fields],
        studyGroupIds: [...memberships],
      });
    }
    org++;
  }
  return attendees;
}
