import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as contracts from './index.js';
import { allSubjects, parseSubject, serviceOf, streamNameOf, type Subject } from './subjects.js';

type Namespace = { subject: Subject; Data?: unknown; Request?: unknown; Response?: unknown };

const namespaces = (Object.entries(contracts) as [string, unknown][]).filter(
  (entry): entry is [string, Namespace] =>
    typeof entry[1] === 'object' && entry[1] !== null && typeof (entry[1] as Namespace).subject === 'string',
);

describe('subject catalogue', () => {
  it('names every subject <service>.<cmd|qry|evt>.<aggregate>.<action>.v<major> in lower-case kebab tokens', () => {
    for (const subject of allSubjects()) {
      expect(subject).toMatch(/^(registry|proposals|events|notifications)\.(cmd|qry|evt)\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9]\d*$/);
    }
  });

  it('has no subject twice', () => {
    const subjects = allSubjects();
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('has exactly one contract namespace per subject, and no contract outside the catalogue', () => {
    const bySubject = new Map<string, string[]>();
    for (const [name, ns] of namespaces) bySubject.set(ns.subject, [...(bySubject.get(ns.subject) ?? []), name]);
    for (const subject of allSubjects()) expect([subject, bySubject.get(subject)?.length ?? 0]).toEqual([subject, 1]);
    expect([...bySubject.keys()].sort()).toEqual([...allSubjects()].sort());
  });

  it('gives events a Data class and RPCs a Request and a Response class, versioned in their names', () => {
    for (const [name, ns] of namespaces) {
      const { version } = parseSubject(ns.subject);
      expect(name.endsWith(`V${version}`)).toBe(true);
      if (ns.subject.includes('.evt.')) expect(typeof ns.Data).toBe('function');
      else {
        expect(typeof ns.Request).toBe('function');
        expect(typeof ns.Response).toBe('function');
      }
    }
  });

  it('derives the owning service and its stream from a subject', () => {
    expect(serviceOf(contracts.ProposalAdvancedV1.subject)).toBe('proposals');
    expect(streamNameOf('proposals')).toBe('COLLABO_PROPOSALS');
    expect(parseSubject(contracts.ProposalAdvancedV1.subject)).toEqual({ type: 'proposals.evt.proposal.advanced', version: 1 });
  });
});

describe('contract classes validate what they carry', () => {
  it('accepts a well-formed advanced event and names the fields of a malformed one', () => {
    const ref = {
      proposalId: '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f',
      referenceNumber: 'P2026-0001',
      title: { ja: '昆布の根の食品素材' },
      programmeCode: 'support-track',
      programmeName: { ja: '事業化支援', en: 'Commercialisation support' },
      proposingOrganizationId: '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e40',
      contactPersonId: '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e41',
      coordinatorId: null,
      focusFields: ['food'],
    };
    const good = plainToInstance(contracts.ProposalAdvancedV1.Data, {
      transitionId: '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e42',
      proposal: ref,
      from: { code: 'received', label: { ja: '受付' } },
      to: { code: 'pre_screening', label: { ja: '事前審査' } },
      reason: '書類が揃った',
      effectiveAt: '2026-11-28T10:00:00+09:00',
      recordedAt: '2026-11-28T10:00:01+09:00',
      actorId: null,
    });
    expect(validateSync(good)).toEqual([]);

    const bad = plainToInstance(contracts.ProposalAdvancedV1.Data, {
      transitionId: 'nope',
      proposal: { ...ref, focusFields: ['fishing'] },
      from: { code: 'received', label: { ja: '受付' } },
      to: { code: 'pre_screening', label: {} },
      reason: 'x',
      effectiveAt: 'yesterday',
      recordedAt: '2026-11-28T10:00:01+09:00',
      actorId: null,
    });
    const failed = validateSync(bad).map((e) => e.property);
    expect(failed.sort()).toEqual(['effectiveAt', 'proposal', 'to', 'transitionId']);
  });

  it('refuses an event whose required nested object is missing', () => {
    const missing = plainToInstance(contracts.ProposalDecidedV1.Data, {
      transitionId: '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e42',
      decision: 'accepted',
      effectiveAt: '2026-11-28T10:00:00+09:00',
    });
    expect(validateSync(missing).map((e) => e.property)).toEqual(['proposal']);
  });

  it('bounds many-id requests at 500', () => {
    const ids = Array.from({ length: 501 }, () => '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f');
    expect(validateSync(plainToInstance(contracts.GetPeopleV1.Request, { ids })).map((e) => e.property)).toEqual(['ids']);
    expect(validateSync(plainToInstance(contracts.GetPeopleV1.Request, { ids: ids.slice(1) }))).toEqual([]);
  });
});

describe('secret links', () => {
  it('masks the token of a link and nothing else', () => {
    expect(contracts.maskSecretUrl('https://x.example/v1/a/accept?token=abcDEF_12-3')).toBe('https://x.example/v1/a/accept?token=•••');
    expect(contracts.maskSecretUrl('https://x.example/p?lang=ja&token=s3cr3t&z=1')).toBe('https://x.example/p?lang=ja&token=•••&z=1');
    expect(contracts.maskSecretUrl('https://x.example/set-password?t=abc')).toBe('https://x.example/set-password?t=•••');
    expect(contracts.maskSecretUrl('https://x.example/plain?id=1')).toBe('https://x.example/plain?id=1');
  });

  it('tells the real link a masked one stands for, and refuses any other', () => {
    const masked = 'https://x.example/v1/r/1/questionnaire?token=•••';
    expect(contracts.isLinkFor(masked, 'https://x.example/v1/r/1/questionnaire?token=abc')).toBe(true);
    expect(contracts.isLinkFor(masked, 'https://evil.example/v1/r/1/questionnaire?token=abc')).toBe(false);
    expect(contracts.isLinkFor(masked, 'https://x.example/v1/r/2/questionnaire?token=abc')).toBe(false);
    expect(contracts.isLinkFor('https://x.example/plain', 'https://x.example/plain')).toBe(false);
  });

  it('carries no usable link in the events that lead to token-bearing emails', () => {
    const names = Object.keys(contracts);
    for (const name of ['AccountInvitedV1', 'RegistrationSeatOfferedV1', 'EventCompletedV1']) expect(names).not.toContain(name);
    const errorsOf = (cls: new () => object, plain: object): string[] =>
      validateSync(plainToInstance(cls, plain)).flatMap((e) => [
        e.property,
        ...(e.children ?? []).flatMap((c) => [c.property, ...(c.children ?? []).map((g) => g.property)]),
      ]);
    const invited = {
      accountId: '0193a5b0-0000-7000-8000-000000000001',
      personId: '0193a5b0-0000-7000-8000-000000000002',
      invitationId: '0193a5b0-0000-7000-8000-000000000003',
      email: 'a@example.jp',
      displayName: 'A',
      language: 'ja',
      roles: ['admin'],
      expiresAt: '2026-12-01T00:00:00.000Z',
      invitedBy: null,
    };
    expect(
      errorsOf(contracts.AccountInvitedV2.Data, { ...invited, maskedSetPasswordUrl: 'https://r.example/set-password?token=•••' }),
    ).toEqual([]);
    expect(
      errorsOf(contracts.AccountInvitedV2.Data, { ...invited, maskedSetPasswordUrl: 'https://r.example/set-password?token=abc123' }),
    ).toEqual(['maskedSetPasswordUrl']);
    const completed = { event: {}, attendees: [{ registration: {}, maskedQuestionnaireUrl: 'https://e.example/q?token=real' }] };
    expect(errorsOf(contracts.EventCompletedV2.Data, completed)).toContain('maskedQuestionnaireUrl');
  });
});
