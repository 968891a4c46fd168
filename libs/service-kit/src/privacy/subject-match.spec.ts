import { describe, expect, it } from '@jest/globals';
import { cutoffOf } from './retention-policy.js';
import { erasedEmail, subjectIds, subjectKeys, textPatterns, tombstoneIdOf } from './subject-match.js';

const PERSON = '0193a0c4-7b1e-7c3a-9d2e-1f2a3b4c5d6e';
const ALIAS = '0193A0C4-7B1E-7C3A-9D2E-FFFFFFFFFFFF';

describe('the subject of a privacy request', () => {
  it('de-duplicates ids (with the merged aliases) and addresses, lower-cased', () => {
    const subject = { personId: PERSON, personIds: [PERSON, ALIAS], emails: [' Hanako@Example.JP', 'hanako@example.jp'] };
    expect(subjectIds(subject)).toEqual({ personIds: [PERSON, ALIAS.toLowerCase()], emails: ['hanako@example.jp'] });
    expect(subjectKeys(subject)).toEqual([`person:${PERSON}`, `person:${ALIAS.toLowerCase()}`, 'email:hanako@example.jp']);
  });

  it('escapes LIKE wildcards in the patterns that find the person in JSON text', () => {
    expect(textPatterns({ personId: null, personIds: [], emails: ['a_b%c@example.jp'] })).toEqual(['%a\\_b\\%c@example.jp%']);
  });

  it('gives one stable tombstone id per request, and an undeliverable address per row', () => {
    const request = '0193a0c4-0000-7000-8000-000000000001';
    expect(tombstoneIdOf(request)).toBe(tombstoneIdOf(request));
    expect(tombstoneIdOf(request)).not.toBe(tombstoneIdOf('0193a0c4-0000-7000-8000-000000000002'));
    expect(tombstoneIdOf(request)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(erasedEmail('r1')).toBe('erased+r1@invalid');
  });

  it('puts the cutoff the given number of whole days before now', () => {
    expect(cutoffOf(new Date('2027-04-01T00:00:00Z'), 365).toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });
});
