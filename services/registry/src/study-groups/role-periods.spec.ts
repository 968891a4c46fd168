import { describe, expect, it } from '@jest/globals';
import { adjustPeriods, changeRole, periodsOf, type RolePeriod } from './role-periods.js';

const membership = { role: 'member' as const, joinedOn: '2001-04-01', leftOn: null };
const one: RolePeriod[] = [{ role: 'member', fromOn: '2001-04-01', toOn: null }];

describe('role periods of a membership', () => {
  it('a membership without stored periods has one: its role from the day it was joined to the day it was left', () => {
    expect(periodsOf([], { role: 'deputy', joinedOn: '2001-04-01', leftOn: '2003-03-31' })).toEqual([
      { role: 'deputy', fromOn: '2001-04-01', toOn: '2003-03-31' },
    ]);
  });

  it('a role change ends the current role the day before and starts the new one, keeping the history', () => {
    expect(changeRole(one, membership, { role: 'representative', from: '2004-03-01' })).toEqual({
      ok: true,
      periods: [
        { role: 'member', fromOn: '2001-04-01', toOn: '2004-02-29' },
        { role: 'representative', fromOn: '2004-03-01', toOn: null },
      ],
    });
  });

  it('refuses a change to the same role, one not after the current role began, and one after the person left', () => {
    expect(changeRole(one, membership, { role: 'member', from: '2004-03-01' })).toMatchObject({ ok: false, errors: [{ field: 'role' }] });
    expect(changeRole(one, membership, { role: 'deputy', from: '2001-04-01' })).toMatchObject({ ok: false, errors: [{ field: 'from' }] });
    const left = { ...membership, leftOn: '2003-03-31' };
    expect(changeRole(one, left, { role: 'deputy', from: '2003-04-01' })).toMatchObject({ ok: false, errors: [{ field: 'from' }] });
  });

  it('a PATCH moves the first start and the last end, corrects the current role, and cannot cut a role period away', () => {
    const two: RolePeriod[] = [
      { role: 'member', fromOn: '2001-04-01', toOn: '2004-02-29' },
      { role: 'representative', fromOn: '2004-03-01', toOn: null },
    ];
    expect(adjustPeriods(two, { role: 'deputy', joinedOn: '2000-04-01', leftOn: '2006-03-31' })).toEqual({
      ok: true,
      periods: [
        { role: 'member', fromOn: '2000-04-01', toOn: '2004-02-29' },
        { role: 'deputy', fromOn: '2004-03-01', toOn: '2006-03-31' },
      ],
    });
    expect(adjustPeriods(two, { role: 'representative', joinedOn: '2004-03-01', leftOn: null })).toMatchObject({
      ok: false,
      errors: [{ field: 'joinedOn' }],
    });
    expect(adjustPeriods(two, { role: 'representative', joinedOn: '2001-04-01', leftOn: '2004-02-29' })).toMatchObject({
      ok: false,
      errors: [{ field: 'leftOn' }],
    });
  });
});
