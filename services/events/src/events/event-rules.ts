/** The life cycle and consistency rules of an exchange event, in plain TypeScript. */
import { addDays, atTokyoTime, tokyoDateOf } from '@collabo/calendar';
import type { AdmissionMode, EventStatus, OrganizationRef } from './exchange-event.entity.js';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface EventSchedule {
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  capacity: number;
  venueCapacity: number;
  admission: AdmissionMode;
}

/** What must hold between an event's times and numbers; one problem per field. */
export function checkSchedule(s: EventSchedule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (s.endsAt.getTime() <= s.startsAt.getTime()) problems.push({ field: 'endsAt', message: 'the event must end after it starts' });
  if (s.capacity > s.venueCapacity) {
    problems.push({ field: 'capacity', message: `the capacity cannot be above the venue's capacity (${s.venueCapacity})` });
  }
  if (s.registrationOpensAt && s.registrationClosesAt && s.registrationOpensAt.getTime() >= s.registrationClosesAt.getTime()) {
    problems.push({ field: 'registrationClosesAt', message: 'registration must close after it opens' });
  }
  if (s.registrationClosesAt && s.registrationClosesAt.getTime() > s.startsAt.getTime()) {
    problems.push({ field: 'registrationClosesAt', message: 'registration must close before the event starts' });
  }
  if (s.registrationOpensAt && s.registrationOpensAt.getTime() >= s.startsAt.getTime()) {
    problems.push({ field: 'registrationOpensAt', message: 'registration must open before the event starts' });
  }
  if (s.admission === 'lottery' && !s.registrationClosesAt) {
    problems.push({ field: 'registrationClosesAt', message: 'a lottery needs a registration deadline (the draw follows it)' });
  }
  return problems;
}

/**
 * What a historical event (recorded after it took place) needs beyond a consistent schedule: it has ended by
 * `now`. (Its registration window, if given, is kept as a record; nobody registers for a completed event.)
 */
export function checkHistorical(s: Pick<EventSchedule, 'endsAt'>, now: Date): FieldProblem[] {
  return s.endsAt.getTime() > now.getTime() ? [{ field: 'endsAt', message: 'a historical event must have ended already' }] : [];
}

/**
 * An event's organisers from the registry's answers (`found`: each id asked for → the organisation, the survivor
 * of a merge): the organiser, and the co-organisers each once, never the organiser again.
 */
export function eventOrganizers(
  found: ReadonlyMap<string, OrganizationRef>,
  organizerId: string,
  coOrganizerIds: readonly string[],
): { organizer: OrganizationRef; coOrganizers: OrganizationRef[] } {
  const organizer = found.get(organizerId)!;
  const coOrganizers = coOrganizerIds
    .map((id) => found.get(id)!)
    .filter((o, k, all) => o.id !== organizer.id && all.findIndex((x) => x.id === o.id) === k);
  return { organizer, coOrganizers };
}

export type EventAction = 'edited' | 'published' | 'cancelled' | 'completed';

/** From which statuses each action is allowed. */
export const ALLOWED_FROM: Record<EventAction, readonly EventStatus[]> = {
  edited: ['draft', 'published', 'changed'],
  published: ['draft'],
  cancelled: ['draft', 'published', 'changed'],
  completed: ['published', 'changed'],
};

export function canDo(action: EventAction, status: EventStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/** Published (also after a change): visible to the public and open in its registration window. */
export function isPublic(status: EventStatus): boolean {
  return status === 'published' || status === 'changed';
}

export type RegistrationWindowState =
  | { open: true }
  | {
      open: false;
      code: 'EVENT_NOT_OPEN' | 'EVENT_CANCELLED' | 'REGISTRATION_NOT_OPEN_YET' | 'REGISTRATION_CLOSED';
      message: string;
      at?: Date;
    };

export interface WindowFacts {
  status: EventStatus;
  startsAt: Date;
  publishedAt: Date | null;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
}

/** Whether someone may register now, and if not, why (in words a registrant understands). */
export function registrationWindow(e: WindowFacts, now: Date): RegistrationWindowState {
  if (e.status === 'cancelled') return { open: false, code: 'EVENT_CANCELLED', message: 'This event has been cancelled.' };
  if (e.status === 'draft') return { open: false, code: 'EVENT_NOT_OPEN', message: 'This event is not published.' };
  if (e.status === 'completed') return { open: false, code: 'REGISTRATION_CLOSED', message: 'This event is over.' };
  const opens = e.registrationOpensAt ?? e.publishedAt;
  if (opens && now.getTime() < opens.getTime()) {
    return { open: false, code: 'REGISTRATION_NOT_OPEN_YET', message: 'Registration has not opened yet.', at: opens };
  }
  const closes = e.registrationClosesAt ?? e.startsAt;
  if (now.getTime() >= closes.getTime()) {
    return { open: false, code: 'REGISTRATION_CLOSED', message: 'Registration for this event has closed.', at: closes };
  }
  return { open: true };
}

/**
 * When the reminder of an event is due: the Tokyo calendar day before it starts, at `hourJst` o'clock.
 * An event starting at 08:00 with a 09:00 reminder hour still gets its reminder the day before.
 */
export function reminderDueAt(startsAt: Date, hourJst: number): Date {
  return atTokyoTime(addDays(tokyoDateOf(startsAt), -1), hourJst);
}

/** The fields whose change registrants must hear about (EventChanged); others change quietly. */
export const MATERIAL_FIELDS = ['kind', 'title', 'startsAt', 'endsAt', 'venue', 'feeYen', 'partyFeeYen', 'language'] as const;
export type MaterialField = (typeof MATERIAL_FIELDS)[number];

export interface MaterialFacts {
  kind: string;
  titleJa: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  venueName: string;
  venueAddress: string | null;
  feeYen: number;
  partyFeeYen: number;
  language: string;
}

export function materialChanges(before: MaterialFacts, after: MaterialFacts): MaterialField[] {
  const changed: MaterialField[] = [];
  if (before.kind !== after.kind) changed.push('kind');
  if (before.titleJa !== after.titleJa || (before.titleEn ?? null) !== (after.titleEn ?? null)) changed.push('title');
  if (before.startsAt.getTime() !== after.startsAt.getTime()) changed.push('startsAt');
  if (before.endsAt.getTime() !== after.endsAt.getTime()) changed.push('endsAt');
  if (before.venueName !== after.venueName || (before.venueAddress ?? null) !== (after.venueAddress ?? null)) changed.push('venue');
  if (before.feeYen !== after.feeYen) changed.push('feeYen');
  if (before.partyFeeYen !== after.partyFeeYen) changed.push('partyFeeYen');
  if (before.language !== after.language) changed.push('language');
  return changed;
}

const FIELD_LABELS: Record<MaterialField, { ja: string; en: string }> = {
  kind: { ja: '種別', en: 'kind' },
  title: { ja: '名称', en: 'title' },
  startsAt: { ja: '開始日時', en: 'start time' },
  endsAt: { ja: '終了日時', en: 'end time' },
  venue: { ja: '会場', en: 'venue' },
  feeYen: { ja: '参加費', en: 'fee' },
  partyFeeYen: { ja: '懇親会費', en: 'party fee' },
  language: { ja: '使用言語', en: 'language' },
};

/** The default message of a change notice, when staff wrote none. */
export function defaultChangeMessage(fields: MaterialField[]): string {
  return `${fields.map((f) => FIELD_LABELS[f].ja).join('・')}が変更されました。/ Changed: ${fields.map((f) => FIELD_LABELS[f].en).join(', ')}.`;
}
