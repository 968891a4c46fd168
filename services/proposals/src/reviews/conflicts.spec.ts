import { describe, expect, it } from '@jest/globals';
import { dayOf, findConflicts, type ProposalParties } from './conflicts.js';

const proposer = '0190f3c6-0000-7000-8000-000000000001';
const participant = '0190f3c6-0000-7000-8000-000000000002';
const studyGroup = '0190f3c6-0000-7000-8000-000000000003';
const elsewhere = '0190f3c6-0000-7000-8000-000000000009';
const parties: ProposalParties = {
  proposingOrganizationId: proposer,
  participatingOrganizationIds: [participant],
  studyGroupId: studyGroup,
};
const today = '2026-11-28';

describe('conflicts of interest', () => {
  it('finds a current affiliation with the proposer or a participant', () => {
    const found = findConflicts(
      parties,
      {
        affiliations: [
          { organizationId: proposer, organizationName: '昆布食品株式会社', from: '2020-04-01', to: null },
          { organizationId: participant, from: '2019-04-01', to: null },
          { organizationId: elsewhere, from: '2019-04-01', to: null },
        ],
        memberships: [],
      },
      today,
      3,
    );
    expect(found).toEqual([
      { kind: 'affiliated_with_proposer', organizationId: proposer, organizationName: '昆布食品株式会社', from: '2020-04-01', to: null },
      { kind: 'affiliated_with_participant', organizationId: participant, organizationName: null, from: '2019-04-01', to: null },
    ]);
  });

  it('counts a past affiliation inside the look-back window and ignores one that ended before it', () => {
    const recent = { organizationId: proposer, from: '2010-04-01', to: '2023-11-28' };
    const old = { organizationId: proposer, from: '2010-04-01', to: '2023-11-27' };
    expect(findConflicts(parties, { affiliations: [recent], memberships: [] }, today, 3)).toHaveLength(1);
    expect(findConflicts(parties, { affiliations: [old], memberships: [] }, today, 3)).toEqual([]);
    expect(findConflicts(parties, { affiliations: [old], memberships: [] }, today, 5)).toHaveLength(1);
    expect(findConflicts(parties, { affiliations: [recent], memberships: [] }, today, 0)).toEqual([]);
  });

  it('reads date-times as their date', () => {
    const found = findConflicts(
      parties,
      { affiliations: [{ organizationId: proposer, from: null, to: '2024-01-31T00:00:00Z' }], memberships: [] },
      today,
      3,
    );
    expect(found).toEqual([
      { kind: 'affiliated_with_proposer', organizationId: proposer, organizationName: null, from: null, to: '2024-01-31' },
    ]);
  });

  it('finds a member (current or recent) of the proposing study group, and an affiliation with it', () => {
    const memberships = [
      { studyGroupId: studyGroup, joinedOn: '2001-05-01', leftOn: null },
      { studyGroupId: studyGroup, joinedOn: '1999-05-01', leftOn: '2000-03-31' },
      { studyGroupId: elsewhere, joinedOn: '2001-05-01', leftOn: null },
    ];
    expect(findConflicts(parties, { affiliations: [], memberships }, today, 3)).toEqual([
      { kind: 'member_of_study_group', organizationId: studyGroup, organizationName: null, from: '2001-05-01', to: null },
    ]);
    expect(findConflicts({ ...parties, studyGroupId: null }, { affiliations: [], memberships }, today, 3)).toEqual([]);
    expect(
      findConflicts(parties, { affiliations: [{ organizationId: studyGroup, from: null, to: null }], memberships: [] }, today, 3)[0]?.kind,
    ).toBe('affiliated_with_proposer');
  });
});

describe('dayOf', () => {
  it('reads a registry date as it is, a date-time as its Tokyo day, and an open end as null', () => {
    expect(dayOf('2003-03-31')).toBe('2003-03-31');
    expect(dayOf('2003-03-31T15:30:00Z')).toBe('2003-04-01');
    expect(dayOf('2003-03-31T23:30:00+09:00')).toBe('2003-03-31');
    expect(dayOf(null)).toBeNull();
    expect(dayOf('')).toBeNull();
  });
});
