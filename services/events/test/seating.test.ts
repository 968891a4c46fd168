import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FocusField, OrganizationKind, OrganizationV1, Sector } from '@collabo/contracts';
import { v7 as uuidv7 } from 'uuid';
import { organizationKey } from '../src/seating/organization-key.js';
import { roundRobinPlan } from '../src/seating/seating-baselines.js';
import { scoreTables } from '../src/seating/seating-score.js';
import { eventBody, guest, publishedEvent, registryPerson, startHarness, type Harness } from './support/harness.js';

interface Seat {
  registrationId: string;
  organizationName: string | null;
}

describe('seating that mixes fields', () => {
  let h: Harness;
  let eventId: string;
  const registrations: { id: string; key: string | null; sector: string | null; focusFields: string[]; studyGroupIds: string[] }[] = [];

  beforeAll(async () => {
    h = await startHarness();
    const published = await publishedEvent(h, { capacity: 80, venue: { kind: 'centre', name: '交流スペース', capacity: 80 } });
    eventId = published.id;
    const api = await h.as();
    const groups = [uuidv7(), uuidv7(), uuidv7()];
    const orgs: [OrganizationV1, number, FocusField[]][] = [];
    // The organisation's sector follows its kind (university: academia, *_government: government, ...).
    const add = (name: string, kind: OrganizationKind, size: number, fields: FocusField[]) =>
      orgs.push([h.registry.organization(kind, { name, focusFields: fields }), size, fields]);
    add('国立大学法人 北海道大学', 'university', 9, ['bio', 'food']);
    add('小樽商科大学', 'university', 4, ['tourism']);
    add('北海道庁 経済部', 'prefectural_government', 6, ['energy']);
    add('札幌市 経済観光局', 'municipal_government', 4, ['tourism']);
    add('北海道経済産業局', 'national_government', 2, ['manufacturing']);
    add('北洋銀行', 'financial_institution', 3, ['other']);
    for (let k = 0; k < 8; k++) add(`食品加工 ${k} 株式会社`, 'company', 1 + (k % 3), ['food']);
    add('株式会社 北の住まい', 'company', 4, ['housing']);
    add('ニセコ観光 株式会社', 'company', 3, ['tourism', 'environment']);
    let people = 0;
    for (const [org, size, fields] of orgs) {
      for (let k = 0; k < size; k++) {
        const person = registryPerson(h, `参加${people}`, '様', {
          organization: org,
          fields,
          studyGroupId: people % 4 === 0 ? groups[people % 3] : undefined,
        });
        const res = await api.post(`/v1/events/${eventId}/registrations`).send({ personId: person.id });
        expect(res.status).toBe(201);
        registrations.push({
          id: res.body.id,
          key: organizationKey(org.id, null),
          sector: org.sector,
          focusFields: fields,
          studyGroupIds: res.body.registrant.studyGroupIds,
        });
        people++;
      }
    }
    // Guests from one company, spelt two ways: still one organisation at the tables.
    while (registrations.length < 60) {
      const name = registrations.length % 2 ? '株式会社 北の昆布' : '（株）北の昆布';
      const res = await api
        .post(`/v1/events/${eventId}/registrations`)
        .send({ guest: guest({ organizationName: name, sector: 'industry', focusFields: ['food'] }) });
      registrations.push({
        id: res.body.id,
        key: organizationKey(null, name),
        sector: 'industry',
        focusFields: ['food'],
        studyGroupIds: [],
      });
    }
    expect(registrations).toHaveLength(60);
  });
  afterAll(async () => h?.close());

  function clashes(tables: { seats: Seat[] }[]): number {
    const keyOf = new Map(registrations.map((r) => [r.id, r.key]));
    let count = 0;
    for (const t of tables) {
      const keys = t.seats.map((s) => keyOf.get(s.registrationId)).filter(Boolean);
      count += keys.length - new Set(keys).size;
    }
    return count;
  }

  it('seats 60 attendees at tables of 6 with no two from one organisation, mixing sectors, with an explanation', async () => {
    const api = await h.as();
    const res = await api.post(`/v1/events/${eventId}/seating`).send({ tableSize: 6 });
    expect(res.status).toBe(201);
    expect(res.headers['etag']).toBe('"1"');
    const plan = res.body;
    expect(plan.tables).toHaveLength(10);
    expect(plan.tables.map((t: { seats: Seat[] }) => t.seats.length)).toEqual(Array(10).fill(6));
    expect(new Set(plan.tables.flatMap((t: { seats: Seat[] }) => t.seats.map((s) => s.registrationId))).size).toBe(60);
    expect(clashes(plan.tables)).toBe(0);
    expect(plan.score).toMatchObject({ organizationPairs: 0, unavoidableOrganizationPairs: 0 });
    for (const t of plan.tables) expect(Object.keys(t.sectors).length).toBeGreaterThanOrEqual(2);
    // Far better than dealing people out in registration order (the baseline).
    const attendees = registrations.map((r) => ({
      id: r.id,
      organizationKey: r.key,
      sector: r.sector as Sector,
      focusFields: r.focusFields,
      studyGroupIds: r.studyGroupIds,
    }));
    const baseline = scoreTables(attendees, roundRobinPlan({ attendees, tableSize: 6 }));
    expect(plan.score.mixScore).toBeGreaterThan(baseline.mixScore);
    expect(plan.score.mixScore).toBeGreaterThan(90);
    expect(plan.explanation.en).toContain('60 attendees at 10 tables (6 seats each).');
    expect(plan.explanation.en).toContain('No table seats two people from the same organisation.');
    expect(plan.explanation.ja).toContain('参加者60名を10卓に配置しました');
    expect(plan.warnings).toEqual([]);
  });

  it('gives the same plan for the same attendees, and stores it', async () => {
    const api = await h.as();
    const first = await api.get(`/v1/events/${eventId}/seating`);
    const again = await api.post(`/v1/events/${eventId}/seating`).send({ tableSize: 6 });
    expect(again.body.version).toBe(2);
    expect(again.body.inputHash).toBe(first.body.inputHash);
    const ids = (p: { tables: { seats: Seat[] }[] }) => p.tables.map((t) => t.seats.map((s) => s.registrationId));
    expect(ids(again.body)).toEqual(ids(first.body));
    const stored = await api.get(`/v1/events/${eventId}/seating`);
    expect(stored.headers['etag']).toBe('"2"');
    expect(ids(stored.body)).toEqual(ids(first.body));
  });

  it('takes hand moves that are valid, all or nothing, with If-Match', async () => {
    const api = await h.as();
    const plan = (await api.get(`/v1/events/${eventId}/seating`)).body;
    // Two people whose swap keeps every table free of same-organisation pairs.
    const keyOf = new Map(registrations.map((r) => [r.id, r.key]));
    const ids = (t: { seats: Seat[] }) => t.seats.map((s) => s.registrationId);
    const [one, two] = [ids(plan.tables[0]), ids(plan.tables[1])];
    const fits = (id: string, others: string[]) => !others.some((o) => keyOf.get(o) === keyOf.get(id));
    const [a, b] = one
      .flatMap((x) => two.map((y) => [x, y] as [string, string]))
      .find(
        ([x, y]) =>
          fits(
            x,
            two.filter((o) => o !== y),
          ) &&
          fits(
            y,
            one.filter((o) => o !== x),
          ),
      )!;
    const swap = {
      moves: [
        { registrationId: a, toTable: 2 },
        { registrationId: b, toTable: 1 },
      ],
    };
    expect((await api.post(`/v1/events/${eventId}/seating/moves`).send(swap)).status).toBe(428);
    expect((await api.post(`/v1/events/${eventId}/seating/moves`).set('if-match', '"1"').send(swap)).status).toBe(412);
    const overfull = await api
      .post(`/v1/events/${eventId}/seating/moves`)
      .set('if-match', '"2"')
      .send({ moves: [{ registrationId: a, toTable: 2 }] });
    expect([overfull.status, overfull.body.code]).toEqual([422, 'EVENTS.SEATING_INVALID_MOVE']);
    const nowhere = await api
      .post(`/v1/events/${eventId}/seating/moves`)
      .set('if-match', '"2"')
      .send({
        moves: [
          { registrationId: a, toTable: 11 },
          { registrationId: uuidv7(), toTable: 1 },
        ],
      });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.errors.map((e: { field: string }) => e.field)).toEqual(['moves.0.toTable', 'moves.1.registrationId']);
    const malformed = await api
      .post(`/v1/events/${eventId}/seating/moves`)
      .set('if-match', '"2"')
      .send({ moves: [{ registrationId: 'x', toTable: 0 }] });
    expect(malformed.status).toBe(400);
    expect((await api.post(`/v1/events/${eventId}/seating/moves`).set('if-match', '"2"').send({ moves: [] })).status).toBe(400);

    const swapped = await api.post(`/v1/events/${eventId}/seating/moves`).set('if-match', '"2"').send(swap);
    expect(swapped.status).toBe(200);
    expect(swapped.headers['etag']).toBe('"3"');
    expect(swapped.body).toMatchObject({ version: 3, manualMoves: 2 });
    expect(swapped.body.tables[1].seats.map((s: Seat) => s.registrationId)).toContain(a);
    expect(swapped.body.tables[0].seats.map((s: Seat) => s.registrationId)).toContain(b);
    expect(typeof swapped.body.score.mixScore).toBe('number');
  });

  it('shows who is no longer coming and who has no seat yet', async () => {
    const api = await h.as();
    const plan = (await api.get(`/v1/events/${eventId}/seating`)).body;
    const leaving = plan.tables[3].seats[2].registrationId;
    await api.post(`/v1/registrations/${leaving}/cancel`);
    const newcomer = (await api.post(`/v1/events/${eventId}/registrations`).send({ guest: guest({ sector: 'academia' }) })).body;
    const after = (await api.get(`/v1/events/${eventId}/seating`)).body;
    expect(after.noLongerAttending).toEqual([leaving]);
    expect(after.unseated).toEqual([newcomer.id]);
    expect(after.warnings).toHaveLength(2);
    const seated = await api
      .post(`/v1/events/${eventId}/seating/moves`)
      .set('if-match', `"${after.version}"`)
      .send({
        moves: [
          { registrationId: leaving, toTable: null },
          { registrationId: newcomer.id, toTable: 4 },
        ],
      });
    expect(seated.status).toBe(200);
    expect(seated.body).toMatchObject({ unseated: [], noLongerAttending: [], warnings: [] });
  });

  it('keeps host seats free, and refuses impossible settings and events without attendees', async () => {
    const api = await h.as();
    const hosted = await api.post(`/v1/events/${eventId}/seating`).send({ tableSize: 6, hostsPerTable: 1 });
    expect(hosted.status).toBe(201);
    expect(hosted.body.tables).toHaveLength(12);
    expect(hosted.body.tables.every((t: { seats: Seat[]; hostSeats: number }) => t.seats.length === 5 && t.hostSeats === 1)).toBe(true);
    expect(clashes(hosted.body.tables)).toBe(0);
    expect(hosted.body.explanation.en).toContain('1 kept for a host');
    for (const bad of [
      { tableSize: 1 },
      { tableSize: 21 },
      { tableSize: 2, hostsPerTable: 2 },
      { tableSize: 6, hostsPerTable: -1 },
      {},
      { tableSize: '6' },
    ]) {
      const res = await api.post(`/v1/events/${eventId}/seating`).send(bad);
      expect([JSON.stringify(bad), res.status]).toEqual([JSON.stringify(bad), 400]);
    }
    const empty = await publishedEvent(h);
    const none = await api.post(`/v1/events/${empty.id}/seating`).send({ tableSize: 6 });
    expect([none.status, none.body.code]).toEqual([409, 'EVENTS.SEATING_NO_ATTENDEES']);
    expect((await api.get(`/v1/events/${empty.id}/seating`)).body.code).toBe('EVENTS.SEATING_NOT_FOUND');
    const draft = await api.post('/v1/events').send(eventBody(h));
    expect((await api.post(`/v1/events/${draft.body.id}/seating`).send({ tableSize: 6 })).body.code).toBe('EVENTS.EVENT_NOT_OPEN');
    expect((await api.post(`/v1/events/${uuidv7()}/seating`).send({ tableSize: 6 })).status).toBe(404);
  });
});
