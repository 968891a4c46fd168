import { describe, expect, it } from '@jest/globals';
import { followOrganizationMerge } from './organization-merge.js';

const survivor = { id: 'org-survivor', name: '北海道大学' };
const merged = { id: 'org-merged', name: '北大（重複）' };
const other = { id: 'org-other', name: '札幌市' };

describe('organisation merge', () => {
  it('points the organiser at the survivor, with the survivor’s name when known', () => {
    expect(followOrganizationMerge({ organizer: merged, coOrganizers: [other] }, survivor.id, merged.id, survivor.name)).toEqual({
      organizer: survivor,
      coOrganizers: [other],
    });
    expect(followOrganizationMerge({ organizer: merged, coOrganizers: [] }, survivor.id, merged.id, null)).toEqual({
      organizer: { id: survivor.id, name: merged.name },
      coOrganizers: [],
    });
  });

  it('lists the survivor once: as organiser rather than co-organiser, and one co-organiser entry at most', () => {
    expect(followOrganizationMerge({ organizer: survivor, coOrganizers: [merged, other] }, survivor.id, merged.id, survivor.name)).toEqual({
      organizer: survivor,
      coOrganizers: [other],
    });
    expect(followOrganizationMerge({ organizer: merged, coOrganizers: [survivor, other] }, survivor.id, merged.id, survivor.name)).toEqual({
      organizer: survivor,
      coOrganizers: [other],
    });
    expect(followOrganizationMerge({ organizer: other, coOrganizers: [survivor, merged] }, survivor.id, merged.id, survivor.name)).toEqual({
      organizer: other,
      coOrganizers: [survivor],
    });
  });

  it('changes nothing for an event that does not name the merged organisation', () => {
    expect(followOrganizationMerge({ organizer: survivor, coOrganizers: [other] }, survivor.id, merged.id, survivor.name)).toBeNull();
    expect(followOrganizationMerge({ organizer: merged, coOrganizers: [] }, merged.id, merged.id, null)).toBeNull();
  });
});
