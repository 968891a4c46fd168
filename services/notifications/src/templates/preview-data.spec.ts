import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { EventCompletedV1, ProposalDecidedV1, ReviewerAssignedV1, type EventContract } from '@collabo/contracts';
import { validatePayload } from '@collabo/service-kit';
import { SAMPLE_DATA } from './sample-data.js';
import { missingNestedObjects } from './preview-data.js';
import { pathsHolding } from './templates.controller.js';

describe('missingNestedObjects', () => {
  it('finds nothing missing in complete data', () => {
    for (const contract of [ProposalDecidedV1, EventCompletedV1, ReviewerAssignedV1] as EventContract[]) {
      expect(missingNestedObjects(validatePayload(contract.Data as new () => object, SAMPLE_DATA[contract.subject]))).toEqual([]);
    }
  });

  it('names a nested object the contract needs but its validation let through, at any depth', () => {
    const decided = { ...(SAMPLE_DATA[ProposalDecidedV1.subject] as object), proposal: undefined };
    expect(missingNestedObjects(validatePayload(ProposalDecidedV1.Data, decided))).toEqual([
      { field: 'proposal', message: 'proposal is required' },
    ]);
    const completed = structuredClone(SAMPLE_DATA[EventCompletedV1.subject]) as { attendees: Record<string, unknown>[] };
    completed.attendees.push({ questionnaireUrl: 'https://x.example/q' });
    expect(missingNestedObjects(validatePayload(EventCompletedV1.Data, completed))).toEqual([
      { field: 'attendees.1.registration', message: 'registration is required' },
    ]);
  });
});

describe('pathsHolding', () => {
  it('names every field that holds the value, as the kit names fields', () => {
    const data = { event: { startsAt: 'x', endsAt: 'y' }, attendees: [{ at: 'y' }, { at: 'x' }] };
    expect(pathsHolding(data, 'x')).toEqual(['event.startsAt', 'attendees.1.at']);
    expect(pathsHolding(data, 'z')).toEqual([]);
  });
});
