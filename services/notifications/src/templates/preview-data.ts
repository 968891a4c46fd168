import { NOTIFICATION_RULES, type NotificationKind, type NotificationRule, type RecipientRole } from '../rules/notification-rules.js';
import { recipientsOfRule } from '../rules/recipients.js';
import type { Language } from '@collabo/contracts';
import { knownPeople, type MentionedPeople } from './person-names.js';
import { SAMPLE_PEOPLE, sampleOf } from './sample-data.js';

/** How the rule table's recipient source reads for staff (`GET /v1/templates`). */
export function describeSource(source: NotificationRule['to'][number]): string {
  if ('person' in source) return `registry person at ${source.person}${source.except ? ` (not those at ${source.except})` : ''}`;
  if ('registration' in source) {
    const where = source.each ? `${source.each}.${source.registration}` : source.registration;
    const own = source.each ? ', each with their own data' : '';
    const only = source.onlyStatuses ? ` (status ${source.onlyStatuses.join('/')})` : '';
    const except = source.exceptStatuses ? ` (not ${source.exceptStatuses.join('/')})` : '';
    return `registrants at ${where}${only}${except}${own}`;
  }
  return `address at ${source.address.email}`;
}

/** Where in the data a value sits, as the kit names fields (`attendees.0.registration`), to name the field that holds it. */
export function pathsHolding(data: unknown, value: string, path = '', depth = 0): string[] {
  if (data === value) return [path];
  if (data === null || typeof data !== 'object' || depth > 20) return [];
  return Object.entries(data).flatMap(([key, child]) => pathsHolding(child, value, path ? `${path}.${key}` : key, depth + 1));
}

/** The own data (e.g. the questionnaire link) of the first recipient the kind's rules name in the data, preferring the role. */
export function ownDataFor(kind: NotificationKind, data: unknown, role: RecipientRole): unknown {
  const refs = NOTIFICATION_RULES.filter((r) => r.kind === kind).flatMap((rule) => recipientsOfRule(rule, data));
  return (refs.find((r) => r.role === role) ?? refs[0])?.ownData;
}

/** The built-in sample data of the kind's event. */
export function sampleFor(kind: NotificationKind): object {
  return sampleOf(NOTIFICATION_RULES.find((r) => r.kind === kind)!.on.contract);
}

/**
 * Who a preview names in place of the people an email mentions (the digest's advisors): the sample people by name; a
 * person of data staff bring is shown as the email shows someone the registry does not know (a preview asks no one).
 */
export function previewPeople(language: Language): MentionedPeople {
  return knownPeople(new Map(Object.entries(SAMPLE_PEOPLE).map(([id, names]) => [id, names[language]])), language);
}
