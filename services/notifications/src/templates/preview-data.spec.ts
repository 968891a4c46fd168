import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { pathsHolding } from './preview-data.js';

describe('pathsHolding', () => {
  it('names every field that holds the value, as the kit names fields', () => {
    const data = { event: { startsAt: 'x', endsAt: 'y' }, attendees: [{ at: 'y' }, { at: 'x' }] };
    expect(pathsHolding(data, 'x')).toEqual(['event.startsAt', 'attendees.1.at']);
    expect(pathsHolding(data, 'z')).toEqual([]);
  });
});
