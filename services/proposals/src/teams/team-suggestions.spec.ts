import { describe, expect, it } from '@jest/globals';
import { rankSuggestions, type Candidate } from './team-suggestions.js';

const candidate = (personId: string, over: Partial<Candidate> = {}): Candidate => ({
  personId,
  sectors: ['industry'],
  expertiseFields: [],
  openAssignments: 0,
  conflicts: [],
  ...over,
});

describe('team suggestions', () => {
  it('excludes conflicted candidates and people already on the team, saying why', () => {
    const conflict = { kind: 'affiliated_with_proposer' as const, organizationId: 'o', organizationName: null, from: null, to: null };
    const { suggestions, excluded } = rankSuggestions({
      candidates: [candidate('a', { conflicts: [conflict] }), candidate('b'), candidate('c')],
      focusFields: ['food'],
      teamSectors: [],
      teamMemberIds: ['c'],
      limit: 10,
    });
    expect(suggestions.map((s) => s.personId)).toEqual(['b']);
    expect(excluded).toEqual([
      { personId: 'a', reason: 'conflict_of_interest', conflicts: [conflict] },
      { personId: 'c', reason: 'already_on_team', conflicts: [] },
    ]);
  });

  it('ranks focus-field matches first and explains every point', () => {
    const { suggestions } = rankSuggestions({
      candidates: [candidate('none'), candidate('two', { expertiseFields: ['food', 'bio', 'it'] })],
      focusFields: ['food', 'bio'],
      teamSectors: ['industry'],
      teamMemberIds: [],
      limit: 10,
    });
    expect(suggestions[0]).toEqual({
      rank: 1,
      personId: 'two',
      score: 20,
      sectors: ['industry'],
      matchingFields: ['food', 'bio'],
      openAssignments: 0,
      explanation: [
        { factor: 'focus_match', points: 20, detail: 'shares food, bio with the proposal' },
        { factor: 'new_sector', points: 0, detail: 'industry already represented' },
        { factor: 'open_assignments', points: 0, detail: '0 open assignment(s)' },
      ],
    });
    expect(suggestions[1]!.score).toBe(0);
  });

  it('mixes industry, academia and government as the team fills', () => {
    const { suggestions } = rankSuggestions({
      candidates: [
        candidate('ind1', { expertiseFields: ['food'] }),
        candidate('ind2', { expertiseFields: ['food'] }),
        candidate('aca', { sectors: ['academia'] }),
        candidate('gov', { sectors: ['government'] }),
      ],
      focusFields: ['food'],
      teamSectors: [],
      teamMemberIds: [],
      limit: 10,
    });
    // ind1: 10 + 8; then ind2 has 10 + 0 while aca and gov have 0 + 8 each.
    expect(suggestions.map((s) => [s.personId, s.score])).toEqual([
      ['ind1', 18],
      ['ind2', 10],
      ['aca', 8],
      ['gov', 8],
    ]);
  });

  it('puts the candidate with fewer open assignments first, other things equal, and costs points per assignment', () => {
    const { suggestions } = rankSuggestions({
      candidates: [candidate('busy', { openAssignments: 4 }), candidate('free', { openAssignments: 1 }), candidate('idle')],
      focusFields: [],
      teamSectors: ['industry'],
      teamMemberIds: [],
      limit: 2,
    });
    expect(suggestions.map((s) => [s.personId, s.score])).toEqual([
      ['idle', 0],
      ['free', -3],
    ]);
  });
});
