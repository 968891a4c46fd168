import { describe, expect, it } from '@jest/globals';
import type { Category } from '../rules/categories.js';
import { signUnsubscribe, unsubscribeUrl, verifyUnsubscribe } from './unsubscribe-token.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const PERSON = 'person:0193aaaa-0000-7000-8000-000000000001';

describe('unsubscribe tokens', () => {
  it('round-trips who and what', () => {
    const token = signUnsubscribe(SECRET, { recipientKey: PERSON, category: 'proposal_progress' });
    expect(verifyUnsubscribe(SECRET, token)).toEqual({ recipientKey: PERSON, category: 'proposal_progress' });
    const guest = signUnsubscribe(SECRET, { recipientKey: 'email:hanako@example.jp', category: 'event_reminder' });
    expect(verifyUnsubscribe(SECRET, guest)).toEqual({ recipientKey: 'email:hanako@example.jp', category: 'event_reminder' });
  });

  it('refuses a token made with another secret, an altered payload or signature, and garbage', () => {
    const token = signUnsubscribe(SECRET, { recipientKey: PERSON, category: 'proposal_progress' });
    const [payload, signature] = token.split('.') as [string, string];
    const otherPerson = Buffer.from('person:0193aaaa-0000-7000-8000-000000000002\nproposal_progress').toString('base64url');
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    expect(verifyUnsubscribe('another-secret-of-at-least-thirty-two-chars', token)).toBeNull();
    expect(verifyUnsubscribe(SECRET, `${otherPerson}.${signature}`)).toBeNull();
    expect(verifyUnsubscribe(SECRET, `${payload}.${flipped}`)).toBeNull();
    for (const bad of ['', 'abc', `${payload}.`, `.${signature}`, `${payload}.${signature}.x`, `${payload}!.${signature}`]) {
      expect(verifyUnsubscribe(SECRET, bad)).toBeNull();
    }
  });

  it('refuses a genuine token for a category that no longer exists, or for something that is not a recipient', () => {
    const retired = signUnsubscribe(SECRET, { recipientKey: PERSON, category: 'retired_category' as Category });
    expect(verifyUnsubscribe(SECRET, retired)).toBeNull();
    const odd = signUnsubscribe(SECRET, { recipientKey: 'group:everyone', category: 'event_reminder' });
    expect(verifyUnsubscribe(SECRET, odd)).toBeNull();
  });

  it('builds the link under the public base URL', () => {
    expect(unsubscribeUrl('https://collabo.example.jp/notifications/', 'abc.def')).toBe(
      'https://collabo.example.jp/notifications/v1/unsubscribe?token=abc.def',
    );
  });
});
