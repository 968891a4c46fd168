/** What an organisation merge in the registry means for an event's organisers, in plain TypeScript. */
import type { OrganizationRef } from './exchange-event.entity.js';

export interface Organizers {
  organizer: OrganizationRef;
  coOrganizers: OrganizationRef[];
}

/**
 * The organisers after `mergedId` became an alias of `survivorId`: references to the merged record
 * point to the survivor (named `survivorName` when known, else keeping the name they had), and the
 * survivor is listed once: a co-organiser that is now the organiser, or listed twice, is dropped.
 * Null when the event does not name the merged organisation.
 */
export function followOrganizationMerge(
  current: Organizers,
  survivorId: string,
  mergedId: string,
  survivorName: string | null,
): Organizers | null {
  const names = (ref: OrganizationRef): boolean => ref.id === mergedId;
  if (survivorId === mergedId || !(names(current.organizer) || current.coOrganizers.some(names))) return null;
  const follow = (ref: OrganizationRef): OrganizationRef =>
    ref.id === mergedId || ref.id === survivorId ? { id: survivorId, name: survivorName ?? ref.name } : ref;
  const organizer = follow(current.organizer);
  const seen = new Set([organizer.id]);
  const coOrganizers: OrganizationRef[] = [];
  for (const ref of current.coOrganizers.map(follow)) {
    if (seen.has(ref.id)) continue;
    seen.add(ref.id);
    coOrganizers.push(ref);
  }
  return { organizer, coOrganizers };
}
