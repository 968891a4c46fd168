// Issue #20 on the demo data: an erasure request for a real member of the seeded world (a study-group member who
// attended a past exchange event) goes through every service over the bus, and the foundation's statistics (the
// proposals' KPI report, the registry's study-group report, the events' fiscal-year report) give the same numbers
// before and after. API only, against the same platform as the other browser tests (CONSOLE_E2E_PLATFORM, as
// `npm test` runs it), or one of its own when run alone. It erases a person, so it runs after the other files
// (node --test takes the files in name order).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, eventually, suitePlatform } from './helpers.mjs';

let suite;
let api;

before(async () => {
  suite = await suitePlatform();
  ({ api } = suite);
});

after(async () => {
  await suite?.stop();
});

/** The fiscal year (年度, from 1 April) of an instant, in Tokyo. */
function fiscalYearOf(instant) {
  const tokyo = new Date(Date.parse(instant) + 9 * 3_600_000);
  return tokyo.getUTCMonth() >= 3 ? tokyo.getUTCFullYear() : tokyo.getUTCFullYear() - 1;
}

describe('people’s rights on the demo data', () => {
  it('erases a study-group member who attended a past event, and every report gives the same numbers after', async () => {
    const get = (service, path) => api.call(service, 'GET', path, { as: ADMIN });
    // a seeded person who is in the study-group report and in an event report
    const past = await get('events', '/v1/events?historical=true&limit=100');
    let chosen;
    for (const event of past.items) {
      const attendance = await get('events', `/v1/events/${event.id}/attendance?limit=100`);
      for (const { personId } of attendance.items) {
        const person = await get('registry', `/v1/people/${personId}`);
        if ((person.memberships ?? []).length > 0) {
          chosen = { person, event };
          break;
        }
      }
      if (chosen) break;
    }
    assert.ok(chosen, 'the demo seed has a study-group member who attended a past exchange event');
    const fiscalYear = fiscalYearOf(chosen.event.startsAt);

    // the figures of a report: everything but the instant it was made
    const figures = ({ generatedAt: _generatedAt, ...rest }) => rest;
    const reports = async () => ({
      kpi: figures(await get('proposals', '/v1/reports/kpi?fromFiscalYear=1998&toFiscalYear=2026')),
      studyGroups: figures(await get('registry', '/v1/reports/study-groups?from=1998&to=2026')),
      events: figures(await get('events', `/v1/reports/fiscal-years/${fiscalYear}`)),
    });
    const before = await reports();
    const row = before.events.perEvent.find((e) => e.eventId === chosen.event.id);
    assert.ok(row && row.attended > 0, 'the event report counts the past event the person attended');

    const request = await api.call('registry', 'POST', '/v1/privacy-requests', {
      as: ADMIN,
      body: { kind: 'erasure', personId: chosen.person.id },
    });
    const done = await eventually(async () => {
      const r = await get('registry', `/v1/privacy-requests/${request.id}`);
      return r.status === 'completed' ? r : undefined;
    }, 'every service answers the erasure');
    assert.equal(done.status, 'completed');

    const erased = await get('registry', `/v1/people/${chosen.person.id}`);
    assert.notEqual(erased.familyName, chosen.person.familyName, 'the name is a tombstone now');
    assert.notEqual(erased.email, chosen.person.email, 'the email is gone');

    const afterwards = await reports();
    assert.deepEqual(afterwards.kpi, before.kpi, 'the KPI report is unchanged');
    assert.deepEqual(afterwards.studyGroups, before.studyGroups, 'the study-group report is unchanged');
    assert.deepEqual(afterwards.events, before.events, `the FY${fiscalYear} event report is unchanged`);
  });
});
