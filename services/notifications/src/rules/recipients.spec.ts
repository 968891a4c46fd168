import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { personRecord } from '@collabo/testing';
import { nameFor, recipientKey, recipientsOf, resolveRecipient, valuesAt, type RecipientRef, type RegistryPerson } from './recipients.js';

const A = '0193aaaa-0000-7000-8000-000000000001';
const B = '0193aaaa-0000-7000-8000-000000000002';

const person = (id: string, email: string, language: 'ja' | 'en' = 'ja'): RegistryPerson =>
  personRecord({ id, email, preferredLanguage: language });

/** Someone the event gives contact details for (a registrant, by default a guest). */
const contact = (details: Partial<Extract<RecipientRef, { type: 'contact' }>>): RecipientRef => ({
  type: 'contact',
  personId: null,
  email: '',
  name: '',
  language: 'ja',
  resolve: false,
  role: 'registrant',
  ...details,
});

describe('valuesAt', () => {
  const data = { proposal: { contactPersonId: A, coordinatorId: null }, members: [{ personId: A }, { personId: B }, {}], empty: [] };

  it('reads a plain path, walks arrays with [], and yields nothing for absent or null parts', () => {
    expect(valuesAt(data, 'proposal.contactPersonId')).toEqual([A]);
    expect(valuesAt(data, 'proposal.coordinatorId')).toEqual([]);
    expect(valuesAt(data, 'members[].personId')).toEqual([A, B]);
    expect(valuesAt(data, 'empty[]')).toEqual([]);
    expect(valuesAt(data, 'nowhere.at.all')).toEqual([]);
    expect(valuesAt(null, 'proposal')).toEqual([]);
    expect(valuesAt({ proposal: 'not an object' }, 'proposal.contactPersonId')).toEqual([]);
  });
});

describe('recipientsOf', () => {
  it('takes person ids (lower-cased) and skips empty ones', () => {
    expect(recipientsOf({ person: 'ids[]', role: 'team_member' }, { ids: [A.toUpperCase(), '', null, 7] })).toEqual([
      { type: 'person', personId: A, role: 'team_member' },
    ]);
  });

  it('takes registrants with their contact details, filtered by status', () => {
    const registrations = [
      { status: 'confirmed', registrant: { personId: null, name: 'Guest', email: 'g@example.com', language: 'en' } },
      { status: 'cancelled', registrant: { personId: null, name: 'Gone', email: 'gone@example.com', language: 'ja' } },
      { status: 'waitlisted', registrant: { personId: B, name: 'Member', email: 'm@example.com', language: 'fr' } },
    ];
    const except = recipientsOf({ registration: 'registrations[]', exceptStatuses: ['cancelled'], role: 'registrant' }, { registrations });
    expect(except.map((r) => (r.type === 'contact' ? [r.email, r.personId, r.language, r.resolve] : null))).toEqual([
      ['g@example.com', null, 'en', false],
      ['m@example.com', B, 'ja', true],
    ]);
    const only = recipientsOf({ registration: 'registrations[]', onlyStatuses: ['confirmed'], role: 'registrant' }, { registrations });
    expect(only).toHaveLength(1);
  });

  it('takes an address carried in the data without asking the registry', () => {
    const refs = recipientsOf(
      { address: { email: 'email', name: 'displayName', language: 'language', personId: 'personId' }, role: 'invitee' },
      { email: 'new@example.jp', displayName: '新 人', language: 'en', personId: A },
    );
    expect(refs).toEqual([
      { type: 'contact', personId: A, email: 'new@example.jp', name: '新 人', language: 'en', resolve: false, role: 'invitee' },
    ]);
  });
});

describe('resolveRecipient', () => {
  const people = new Map([[A, person(A, 'a@example.jp', 'en')]]);

  it('uses the registry for registry people (address, language, name)', () => {
    const r = resolveRecipient({ type: 'person', personId: A, role: 'applicant' }, people);
    expect(r).toMatchObject({ key: `person:${A}`, email: 'a@example.jp', language: 'en', source: 'registry', role: 'applicant' });
  });

  it('keeps a registrant the registry does not know with the details the event carried, keyed by person', () => {
    const ref = contact({ personId: B, email: 'b@example.jp', name: 'B', resolve: true });
    expect(resolveRecipient(ref, people)).toMatchObject({ key: `person:${B}`, email: 'b@example.jp', source: 'event' });
  });

  it('writes to a guest by address, and to an invitee with the data even when the registry knows the person', () => {
    const guest = contact({ email: 'G@Example.com ', language: 'en' });
    expect(resolveRecipient(guest, people)).toMatchObject({ key: 'email:g@example.com', name: null, source: 'event' });
    const invitee = contact({ personId: A, email: 'invited@example.jp', name: 'X', role: 'invitee' });
    expect(resolveRecipient(invitee, people)).toMatchObject({ email: 'invited@example.jp', language: 'ja', source: 'event' });
  });

  it('leaves a person nobody knows without an address', () => {
    expect(resolveRecipient({ type: 'person', personId: B, role: 'coordinator' }, people)).toMatchObject({
      key: `person:${B}`,
      email: null,
      source: 'missing',
      language: 'ja',
    });
  });
});

describe('recipientKey and nameFor', () => {
  it('keys people by id and guests by lower-cased address', () => {
    expect(recipientKey(A.toUpperCase(), 'x@y.z')).toBe(`person:${A}`);
    expect(recipientKey(null, ' Hanako@Example.JP ')).toBe('email:hanako@example.jp');
    expect(() => recipientKey(null, null)).toThrow();
  });

  it('addresses a Latin-script name given name first in English, and keeps the registry display name otherwise', () => {
    const anna = personRecord({ id: A, familyName: 'Smith', givenName: 'Anna', displayName: 'Smith Anna', preferredLanguage: 'en' });
    expect(nameFor(anna, 'en')).toBe('Anna Smith');
    expect(nameFor(anna, 'ja')).toBe('Smith Anna');
    expect(nameFor(person(A, 'a@x.y'), 'en')).toBe('山田 太郎');
  });
});
