import { describe, expect, it } from '@jest/globals';
import { answerWithoutPersonalData, recordCountOf, removedEmailMarker, requestWithoutEmails } from './privacy-request-retention.js';

const REQUEST = '0193a0c4-0000-7000-8000-000000000001';

describe('a completed privacy request past its retention period', () => {
  const disclosure = {
    requestId: REQUEST,
    service: 'events',
    kind: 'disclosure',
    answeredAt: '2026-12-20T00:00:00.000Z',
    sections: [
      {
        key: 'events.registration',
        title: { ja: '参加申込', en: 'Registrations' },
        records: [{ email: 'hanako@example.jp', name: '山田花子' }, { note: 'vegetarian' }],
      },
      { key: 'events.seat', title: { ja: '座席' }, records: [] },
    ],
    debug: { email: 'hanako@example.jp' },
  };

  it('keeps each section’s key, heading and number of records, and nothing else of the disclosure copy', () => {
    const reduced = answerWithoutPersonalData(disclosure);
    expect(reduced).toEqual({
      requestId: REQUEST,
      service: 'events',
      kind: 'disclosure',
      answeredAt: '2026-12-20T00:00:00.000Z',
      sections: [
        { key: 'events.registration', title: { ja: '参加申込', en: 'Registrations' }, records: [], recordCount: 2 },
        { key: 'events.seat', title: { ja: '座席' }, records: [], recordCount: 0 },
      ],
    });
    expect(JSON.stringify(reduced)).not.toMatch(/hanako|山田|vegetarian/);
    expect(answerWithoutPersonalData(reduced)).toEqual(reduced);
    expect((reduced['sections'] as Parameters<typeof recordCountOf>[0][]).map(recordCountOf)).toEqual([2, 0]);
  });

  it('keeps what an erasure did and what was kept and why, as they were', () => {
    const erasure = {
      requestId: REQUEST,
      service: 'proposals',
      kind: 'erasure',
      answeredAt: '2026-12-20T00:00:00.000Z',
      actions: [{ what: 'proposals.contact', action: 'erased', count: 2 }],
      retained: [{ what: 'reviews', count: 1, reason: { ja: '審査中', en: 'In screening' }, until: null }],
    };
    expect(answerWithoutPersonalData(erasure)).toEqual(erasure);
  });

  it('replaces every email address by a marker that says nothing of it, the request’s own by its own', () => {
    const subject = { personId: null, personIds: [], emails: ['a@example.jp', 'guest@example.jp'] };
    const reduced = requestWithoutEmails(REQUEST, subject, 'guest@example.jp');
    expect(reduced).toEqual({
      subject: { personId: null, personIds: [], emails: [removedEmailMarker(REQUEST, 1), removedEmailMarker(REQUEST, 2)] },
      email: removedEmailMarker(REQUEST, 2),
    });
    expect(reduced.email).toBe(`removed+${REQUEST}.2@invalid`);
    expect(requestWithoutEmails(REQUEST, reduced.subject, reduced.email)).toEqual(reduced);
    const person = { personId: REQUEST, personIds: [REQUEST], emails: ['a@example.jp'] };
    expect(requestWithoutEmails(REQUEST, person, null)).toEqual({
      subject: { personId: REQUEST, personIds: [REQUEST], emails: [removedEmailMarker(REQUEST, 1)] },
      email: null,
    });
  });
});
