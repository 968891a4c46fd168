import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { eventBody, guest, publishedEvent, registryPerson, startHarness, type Api, type Harness } from './support/harness.js';

/** The service's clock stands at 2026-10-01 (fiscal year 2026): these took place in fiscal year 2025. */
const PAST = { startsAt: '2025-11-20T18:00', endsAt: '2025-11-20T20:30' };

const HEADER =
  'kind,title_ja,title_en,organizer_id,venue_kind,venue_name,venue_capacity,capacity,starts_at,ends_at,party_fee_yen,attendee_person_ids';

function csv(lines: string[]): string {
  return `${[HEADER, ...lines].join('\r\n')}\r\n`;
}

describe('past exchange events: recorded after they took place, with attendance, and counted', () => {
  let h: Harness;
  let api: Api;
  let db: DataSource;

  beforeAll(async () => {
    h = await startHarness();
    api = await h.as();
    db = h.svc.app.get(DataSource);
  });
  afterAll(async () => h?.close());

  const outboxRows = async (): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n;
  const eventCount = async (): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM events`))[0].n;
  const importCsv = (body: Buffer | string, query = '') =>
    api
      .post(`/v1/events/import${query}`)
      .set('content-type', 'text/csv')
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));

  async function historicalEvent(overrides: Record<string, unknown> = {}): Promise<{ id: string; etag: string }> {
    const res = await api.post('/v1/events').send(eventBody(h, { ...PAST, historical: true, ...overrides }));
    expect(res.status).toBe(201);
    return { id: res.body.id, etag: res.headers['etag'] };
  }

  describe('POST /v1/events with historical: true', () => {
    it('records an event that has taken place as completed and historical, and sends no message of any kind', async () => {
      const before = await outboxRows();
      const res = await api
        .post('/v1/events')
        .send(eventBody(h, { ...PAST, historical: true, title: { ja: '2025年度 食クラスター交流会' } }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'completed',
        historical: true,
        fiscalYear: 2025,
        startsAt: '2025-11-20T18:00:00.000+09:00',
        completedAt: '2026-10-01T09:00:00.000+09:00',
        publishedAt: null,
        version: 1,
      });
      expect(await outboxRows()).toBe(before);
      // Over and done: it cannot be published, completed again or registered for, and the public never sees it.
      const publish = await api.post(`/v1/events/${res.body.id}/publish`).set('if-match', res.headers['etag']);
      expect(publish.status).toBe(409);
      expect(publish.body.code).toBe('EVENTS.INVALID_TRANSITION');
      const complete = await api.post(`/v1/events/${res.body.id}/complete`).set('if-match', res.headers['etag']);
      expect(complete.status).toBe(409);
      const register = await api.post(`/v1/events/${res.body.id}/registrations`).send({ guest: guest() });
      expect(register.status).toBe(409);
      expect((await api.get(`/v1/public/events/${res.body.id}`)).status).toBe(404);
      expect(await outboxRows()).toBe(before);
      // A drafted event is not historical; the list tells them apart.
      const draft = await api.post('/v1/events').send(eventBody(h));
      expect(draft.body).toMatchObject({ status: 'draft', historical: false });
      const ids = async (filter: string) => (await api.get(`/v1/events?${filter}`)).body.items.map((e: { id: string }) => e.id);
      expect(await ids('historical=true')).toEqual([res.body.id]);
      expect(await ids('historical=false')).toEqual([draft.body.id]);
      expect((await api.get('/v1/events?historical=yes')).status).toBe(400);
    });

    it('refuses a historical event that has not ended yet (400 on endsAt), and checks the schedule as for any event', async () => {
      const future = await api.post('/v1/events').send(eventBody(h, { historical: true }));
      expect(future.status).toBe(400);
      expect(future.body.errors).toEqual([{ field: 'endsAt', message: 'a historical event must have ended already' }]);
      const running = await api
        .post('/v1/events')
        .send(eventBody(h, { historical: true, startsAt: '2026-10-01T08:00', endsAt: '2026-10-01T10:00' }));
      expect(running.status).toBe(400);
      const backwards = await api
        .post('/v1/events')
        .send(eventBody(h, { historical: true, startsAt: '2025-11-20T18:00', endsAt: '2025-11-20T17:00' }));
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors).toEqual([{ field: 'endsAt', message: 'the event must end after it starts' }]);
      const notBoolean = await api.post('/v1/events').send(eventBody(h, { ...PAST, historical: 'yes' }));
      expect(notBoolean.status).toBe(400);
      expect(notBoolean.body.errors[0].field).toBe('historical');
    });
  });

  describe('POST /v1/events/{id}/attendance', () => {
    it('records attendees by registry person id under If-Match, once each, and lists them', async () => {
      const event = await historicalEvent({ title: { ja: '出席記録のテスト' } });
      const [a, b, c] = [registryPerson(h, '出席', '一郎'), registryPerson(h, '出席', '二郎'), registryPerson(h, '出席', '三郎')];
      const before = await outboxRows();

      const missing = await api.post(`/v1/events/${event.id}/attendance`).send({ personIds: [a.id] });
      expect(missing.status).toBe(428);
      const first = await api
        .post(`/v1/events/${event.id}/attendance`)
        .set('if-match', event.etag)
        .send({ personIds: [a.id, b.id] });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ eventId: event.id, added: 2, total: 2, version: 2 });
      expect(first.headers['etag']).toBe('"2"');
      const stale = await api
        .post(`/v1/events/${event.id}/attendance`)
        .set('if-match', event.etag)
        .send({ personIds: [c.id] });
      expect(stale.status).toBe(412);
      const again = await api
        .post(`/v1/events/${event.id}/attendance`)
        .set('if-match', first.headers['etag'])
        .send({ personIds: [b.id, c.id] });
      expect(again.body).toEqual({ eventId: event.id, added: 1, total: 3, version: 3 });

      const list = await api.get(`/v1/events/${event.id}/attendance?limit=2`);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(3);
      expect(list.body.items).toHaveLength(2);
      expect([...list.body.items.map((i: { personId: string }) => i.personId)]).toEqual([a.id, b.id, c.id].sort().slice(0, 2));
      expect(list.body.items[0].recordedAt).toBe('2026-10-01T09:00:00.000+09:00');
      expect(await outboxRows()).toBe(before);
    });

    it('refuses people the registry does not know (422, each by its index), bad ids (400) and events that are not historical (409)', async () => {
      const event = await historicalEvent({ title: { ja: '出席記録の拒否' } });
      const known = registryPerson(h, '既知', '花子');
      const stranger = uuidv7();
      const unknown = await api
        .post(`/v1/events/${event.id}/attendance`)
        .set('if-match', event.etag)
        .send({ personIds: [known.id, stranger] });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({
        code: 'EVENTS.PERSON_NOT_FOUND',
        errors: [{ field: 'personIds.1', message: `the registry has no person ${stranger}` }],
      });
      expect((await db.query(`SELECT count(*)::int AS n FROM event_attendances WHERE event_id = $1`, [event.id]))[0].n).toBe(0);

      for (const body of [{}, { personIds: [] }, { personIds: ['not-a-uuid'] }, { personIds: [known.id, known.id] }]) {
        const res = await api.post(`/v1/events/${event.id}/attendance`).set('if-match', event.etag).send(body);
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
        expect(res.body.errors[0].field).toBe('personIds');
      }

      const live = await publishedEvent(h);
      const refused = await api
        .post(`/v1/events/${live.id}/attendance`)
        .set('if-match', live.etag)
        .send({ personIds: [known.id] });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('EVENTS.EVENT_NOT_HISTORICAL');
      expect(
        (
          await api
            .post(`/v1/events/${uuidv7()}/attendance`)
            .set('if-match', '"1"')
            .send({ personIds: [known.id] })
        ).status,
      ).toBe(404);
    });

    it('lets viewers read the attendance but not write it; advisors neither', async () => {
      const event = await historicalEvent({ title: { ja: '役割のテスト' } });
      const person = registryPerson(h, '役割', '太郎');
      const viewer = await h.as('viewer');
      const advisor = await h.as('advisor');
      expect((await viewer.get(`/v1/events/${event.id}/attendance`)).status).toBe(200);
      expect((await advisor.get(`/v1/events/${event.id}/attendance`)).status).toBe(403);
      const writes = (as: Api) => [
        as
          .post(`/v1/events/${event.id}/attendance`)
          .set('if-match', event.etag)
          .send({ personIds: [person.id] }),
        as
          .post('/v1/events/import')
          .set('content-type', 'text/csv')
          .send(Buffer.from(csv([]))),
      ];
      for (const refused of [...writes(viewer), ...writes(advisor)]) expect((await refused).status).toBe(403);
    });
  });

  describe('POST /v1/events/import (CSV of past events with attendance)', () => {
    it('dry run: reports every problem of every row by line and column, and writes nothing', async () => {
      const org = h.organizer.id;
      const p = registryPerson(h, '取込', '一子');
      const stranger = uuidv7();
      const file = csv([
        `exchange_meeting,十勝交流会,Tokachi meeting,${org},centre,帯広会場,80,,2025-06-12T18:00,2025-06-12T20:00,3000,${p.id}`,
        `cocktail,カクテル会,,${org},centre,会場,80,,2025-07-01T18:00,2025-07-01T20:00,0,`,
        `seminar,未来の会,,${uuidv7()},centre,会場,80,,2027-01-10T18:00,2027-01-10T20:00,abc,not-an-id;${stranger}`,
        `"seminar","引用, のある題",,${org},hall,"会場, 二階",40,50,2025-08-01T13:00,2025-08-01T15:00,0,${p.id};${p.id}`,
        `exchange_meeting,十勝交流会,,${org},centre,帯広会場,80,,2025-06-12T18:00,2025-06-12T20:00,3000,`,
      ]);
      const events = await eventCount();
      const res = await importCsv(`\uFEFF${file}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, encoding: 'utf-8-bom', rows: 5, valid: 1, invalid: 4, attendances: 3 });
      const errors = res.body.errors as { line: number; field: string; message: string }[];
      const at = (line: number) => errors.filter((e) => e.line === line).map((e) => e.field);
      expect(at(2)).toEqual([]);
      expect(at(3)).toEqual(['kind']);
      expect(at(4).sort()).toEqual(['attendee_person_ids', 'attendee_person_ids', 'ends_at', 'organizer_id', 'party_fee_yen'].sort());
      expect(errors).toContainEqual({ line: 4, field: 'ends_at', message: 'a historical event must have ended already' });
      expect(errors).toContainEqual({ line: 4, field: 'party_fee_yen', message: 'party_fee_yen must be a whole number' });
      expect(errors).toContainEqual({ line: 4, field: 'attendee_person_ids', message: `the registry has no person ${stranger}` });
      expect(at(5).sort()).toEqual(['attendee_person_ids', 'capacity']);
      expect(errors).toContainEqual({ line: 6, field: 'title_ja', message: 'the same event (title and start) as line 2' });
      expect(await eventCount()).toBe(events);
    });

    it('a commit with a bad row writes nothing (422 with the report); a clean Shift_JIS file is imported whole, historical, with its attendance, mailing nobody', async () => {
      const org = h.organizer.id;
      const [p, q] = [registryPerson(h, '札幌', '一'), registryPerson(h, '札幌', '二')];
      const good = [
        `exchange_meeting,札幌交流会,Sapporo meeting,${org},centre,コラボほっかいどう,60,,2025-09-05T18:00,2025-09-05T20:30,4000,${p.id};${q.id}`,
        `seminar,知財セミナー,,${org},university,北大,120,100,2026-02-14T13:00,2026-02-14T16:00,0,${q.id}`,
      ];
      const events = await eventCount();
      const outbox = await outboxRows();
      const bad = await importCsv(
        csv([...good, `seminar,壊れた行,,${org},centre,会場,10,20,2025-10-01T13:00,2025-10-01T15:00,0,`]),
        '?dryRun=false',
      );
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('EVENTS.IMPORT_INVALID');
      expect(bad.body.errors).toEqual([{ field: 'line 4: capacity', message: "the capacity cannot be above the venue's capacity (10)" }]);
      expect(bad.body.report).toMatchObject({ rows: 3, valid: 2, invalid: 1 });
      expect(await eventCount()).toBe(events);

      const sjis = iconv.encode(csv(good), 'cp932');
      const dry = await importCsv(sjis);
      expect(dry.body).toMatchObject({ encoding: 'shift_jis', rows: 2, valid: 2, invalid: 0, errors: [], attendances: 3 });
      const done = await importCsv(sjis, '?dryRun=false');
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ dryRun: false, rows: 2, valid: 2, created: [expect.any(String), expect.any(String)] });
      const [first, second] = done.body.created as string[];
      expect((await api.get(`/v1/events/${first}`)).body).toMatchObject({
        title: { ja: '札幌交流会', en: 'Sapporo meeting' },
        status: 'completed',
        historical: true,
        partyFeeYen: 4000,
        capacity: 60,
        fiscalYear: 2025,
      });
      expect((await api.get(`/v1/events/${second}`)).body).toMatchObject({
        title: { ja: '知財セミナー' },
        capacity: 100,
        fiscalYear: 2025,
      });
      expect((await api.get(`/v1/events/${first}/attendance`)).body.total).toBe(2);
      expect((await api.get(`/v1/events/${second}/attendance`)).body.items).toEqual([{ personId: q.id, recordedAt: expect.any(String) }]);
      expect(await outboxRows()).toBe(outbox);

      // The same file again: every row is already recorded.
      const replay = await importCsv(sjis);
      expect(replay.body.invalid).toBe(2);
      expect(replay.body.errors).toContainEqual({
        line: 2,
        field: 'title_ja',
        message: `this event (title and start) is already recorded: event ${first}`,
      });
    });

    it('refuses what is not this CSV: unknown or missing columns, no rows, UTF-16, no CSV body', async () => {
      const unknown = await importCsv('kind,title,organizer_id\r\nseminar,x,y\r\n');
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('EVENTS.CSV_UNREADABLE');
      expect(unknown.body.errors).toContainEqual({ field: 'title', message: 'unknown column "title"' });
      expect(unknown.body.errors).toContainEqual({ field: 'venue_name', message: 'required column is missing' });
      expect((await importCsv(`${HEADER}\r\n`)).body).toMatchObject({ status: 400, detail: 'The file has a header but no rows.' });
      const utf16 = await importCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv([]), 'utf16le')]));
      expect(utf16.status).toBe(400);
      const json = await api.post('/v1/events/import').send({ kind: 'seminar' });
      expect(json.status).toBe(415);
      const badQuery = await importCsv(csv([]), '?dryRun=maybe');
      expect(badQuery.status).toBe(400);
    });
  });

  it('counts historical events and their attendance in the fiscal-year report', async () => {
    const year = 2025;
    const report = await api.get(`/v1/reports/fiscal-years/${year}`);
    expect(report.status).toBe(200);
    const historicalRows = (
      report.body.perEvent as { eventId: string; historical: boolean; attended: number; attendanceRate: number | null }[]
    ).filter((r) => r.historical);
    const [{ events, attendances }] = await db.query(
      `SELECT count(DISTINCT e.id)::int AS events, count(a.person_id)::int AS attendances
       FROM events e LEFT JOIN event_attendances a ON a.event_id = e.id WHERE e.historical AND e.fiscal_year = $1`,
      [year],
    );
    expect(events).toBeGreaterThanOrEqual(5);
    expect(attendances).toBe(6); // 3 + 0 + 0 by hand, 2 + 1 from the CSV
    expect(report.body.events.historical).toBe(events);
    expect(report.body.events.held).toBeGreaterThanOrEqual(events);
    expect(historicalRows).toHaveLength(events);
    expect(historicalRows.reduce((n, r) => n + r.attended, 0)).toBe(attendances);
    expect(historicalRows.every((r) => r.attendanceRate === null)).toBe(true);
    expect(report.body.attendance).toMatchObject({ historical: attendances, total: report.body.attendance.attended + attendances });
    // The event report of a historical event counts its recorded attendees too.
    const one = historicalRows.find((r) => r.attended === 3)!;
    expect((await api.get(`/v1/events/${one.eventId}/report`)).body.attendance).toMatchObject({ attended: 0, historical: 3, total: 3 });
  });
});
