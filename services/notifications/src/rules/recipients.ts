import { Languages, type Language } from '@collabo/contracts';
import type { NotificationRule, RecipientRole, RecipientSource } from './notification-rules.js';
import { proposalActOf } from './proposal-acts.js';

/** Someone a rule names, before the registry is asked about registry people. */
export type RecipientRef = (
  | { type: 'person'; personId: string }
  | {
      type: 'contact';
      personId: string | null;
      email: string;
      name: string;
      language: Language;
      /** Ask the registry about `personId` (registrants); false when the data itself is authoritative (an invitation). */
      resolve: boolean;
    }
) & {
  role: RecipientRole;
  /** What the event says about this recipient alone (the `each` element they were found in), if anything. */
  ownData?: unknown;
};

/** Someone an email goes to, with what is known about them. `email` is null when nobody could be found. */
export interface Recipient {
  key: string;
  role: RecipientRole;
  personId: string | null;
  email: string | null;
  name: string | null;
  language: Language;
  /** Where the address came from: the registry, the event's own data, or nowhere. */
  source: 'registry' | 'event' | 'missing';
  /** What the event says about this recipient alone (e.g. their own questionnaire link); undefined when nothing. */
  ownData?: unknown;
}

/** What the registry answered about a person (the fields of PersonV1 that matter here). */
export interface RegistryPerson {
  id: string;
  displayName: string;
  familyName: string;
  givenName: string;
  email: string;
  preferredLanguage: Language;
}

/**
 * The values at a path: `proposal.contactPersonId`, `members[].personId`, `registrations[]`.
 * Missing parts yield nothing (an absent coordinator is not an error).
 */
export function valuesAt(data: unknown, path: string): unknown[] {
  let current: unknown[] = [data];
  for (const segment of path.split('.')) {
    const isArray = segment.endsWith('[]');
    const key = isArray ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      const child = key ? (value as Record<string, unknown>)[key] : value;
      if (isArray) {
        if (Array.isArray(child)) next.push(...child);
      } else if (child !== undefined && child !== null) {
        next.push(child);
      }
    }
    current = next;
  }
  return current;
}

export function valueAt(data: unknown, path: string): unknown {
  return valuesAt(data, path)[0];
}

/** Why a rule sends nothing for this event's data, or null when it applies. */
export function skipReason(rule: NotificationRule, data: unknown): string | null {
  for (const condition of rule.skipWhen ?? []) {
    if ('act' in condition ? proposalActOf(data) === condition.act : valueAt(data, condition.path) === condition.equals) {
      return condition.reason;
    }
  }
  return null;
}

export function languageOf(value: unknown): Language {
  return typeof value === 'string' && (Languages as readonly string[]).includes(value) ? (value as Language) : 'ja';
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The recipients one source names in the data. */
export function recipientsOf(source: RecipientSource, data: unknown): RecipientRef[] {
  if ('person' in source) {
    const excluded = new Set(
      source.except
        ? valuesAt(data, source.except)
            .map(asString)
            .filter((id): id is string => id !== null)
            .map((id) => id.toLowerCase())
        : [],
    );
    return valuesAt(data, source.person)
      .map(asString)
      .filter((id): id is string => id !== null)
      .map((id) => id.toLowerCase())
      .filter((personId) => !excluded.has(personId))
      .map((personId) => ({ type: 'person', personId, role: source.role }));
  }
  if ('registration' in source) {
    const out: RecipientRef[] = [];
    const elements = source.each ? valuesAt(data, source.each) : [data];
    for (const element of elements) {
      for (const registration of valuesAt(element, source.registration)) {
        const status = valueAt(registration, 'status');
        if (source.onlyStatuses && !source.onlyStatuses.includes(String(status))) continue;
        if (source.exceptStatuses?.includes(String(status))) continue;
        const registrant = valueAt(registration, 'registrant');
        const email = asString(valueAt(registrant, 'email'));
        const personId = asString(valueAt(registrant, 'personId'))?.toLowerCase() ?? null;
        if (!email && !personId) continue;
        out.push({
          type: 'contact',
          personId,
          email: email ?? '',
          name: asString(valueAt(registrant, 'name')) ?? '',
          language: languageOf(valueAt(registrant, 'language')),
          resolve: personId !== null,
          role: source.role,
          ...(source.each ? { ownData: element } : {}),
        });
      }
    }
    return out;
  }
  const email = asString(valueAt(data, source.address.email));
  if (!email) return [];
  return [
    {
      type: 'contact',
      personId: source.address.personId ? (asString(valueAt(data, source.address.personId))?.toLowerCase() ?? null) : null,
      email,
      name: asString(valueAt(data, source.address.name)) ?? '',
      language: languageOf(valueAt(data, source.address.language)),
      resolve: false,
      role: source.role,
    },
  ];
}

/** Every recipient of a rule, in order, once each. */
export function recipientsOfRule(rule: NotificationRule, data: unknown): RecipientRef[] {
  const seen = new Set<string>();
  const out: RecipientRef[] = [];
  for (const source of rule.to) {
    for (const ref of recipientsOf(source, data)) {
      const key = refKey(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(ref);
    }
  }
  return out;
}

/** The registry people a set of references needs resolved. */
export function personIdsOf(refs: RecipientRef[]): string[] {
  const ids = refs.flatMap((r) => (r.type === 'person' ? [r.personId] : r.resolve && r.personId ? [r.personId] : []));
  return [...new Set(ids)];
}

/** One key per person (or per address, for guests): preferences and the delivery's unique key use it. */
export function recipientKey(personId: string | null, email: string | null): string {
  if (personId) return `person:${personId.toLowerCase()}`;
  if (email) return `email:${email.trim().toLowerCase()}`;
  throw new Error('a recipient needs a person id or an email address');
}

function refKey(ref: RecipientRef): string {
  return recipientKey(ref.personId, ref.type === 'contact' ? ref.email : null);
}

/**
 * Who an email really goes to. Registry people get the registry's address, language and name; a
 * registrant the registry does not know (any more) keeps the contact details the event carried;
 * a person nobody can find stays without an address (recorded, not sent).
 */
export function resolveRecipient(ref: RecipientRef, people: ReadonlyMap<string, RegistryPerson>): Recipient {
  const recipient = whoIs(ref, people);
  return ref.ownData === undefined ? recipient : { ...recipient, ownData: ref.ownData };
}

function whoIs(ref: RecipientRef, people: ReadonlyMap<string, RegistryPerson>): Recipient {
  const person = ref.personId && (ref.type === 'person' || ref.resolve) ? people.get(ref.personId) : undefined;
  if (ref.type === 'contact' && (ref.personId === null || !ref.resolve)) return asTheEventSays(ref);
  if (person) {
    return {
      key: recipientKey(person.id, null),
      role: ref.role,
      personId: person.id,
      email: person.email,
      name: nameFor(person, person.preferredLanguage),
      language: person.preferredLanguage,
      source: 'registry',
    };
  }
  if (ref.type === 'contact' && ref.email) return asTheEventSays(ref);
  return {
    key: recipientKey(ref.personId, null),
    role: ref.role,
    personId: ref.personId,
    email: null,
    name: null,
    language: 'ja',
    source: 'missing',
  };
}

/** A contact with the details the event carried (a guest, an invitee, a registrant the registry does not know). */
function asTheEventSays(ref: Extract<RecipientRef, { type: 'contact' }>): Recipient {
  return {
    key: recipientKey(ref.personId, ref.email),
    role: ref.role,
    personId: ref.personId,
    email: ref.email,
    name: ref.name || null,
    language: ref.language,
    source: 'event',
  };
}

const LATIN = /^[\p{Script=Latin}\s'.-]+$/u;

/**
 * How to address a person: the registry's Japanese-order display name (`山田 太郎`), except in English
 * for a name written in Latin letters, which reads given name first (`Anna Smith`).
 */
export function nameFor(person: RegistryPerson, language: Language): string {
  if (language === 'en' && LATIN.test(person.givenName) && LATIN.test(person.familyName)) return `${person.givenName} ${person.familyName}`;
  return person.displayName;
}
