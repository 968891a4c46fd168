import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventSummaryV1, GetRegistrantLinkV1 } from '@collabo/contracts';
import { NatsNaming, RpcClient } from '@collabo/service-kit';
import { databaseFingerprint, fuzzHttpApi, nastyValue, TEST_NATS_URL, type OpenApiDocument } from '@collabo/service-kit/testing';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startHarness, type Harness } from './support/harness.js';
import { buildScenario, type Scenario } from './support/scenario.js';

/** FUZZ_SEED=<n> replays a failing run (fast-check prints the seed); FUZZ_SCALE=<k> runs k times as many cases. */
const seed = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined;
const SCALE = Math.max(1, Number(process.env['FUZZ_SCALE'] ?? 1));
const RUNS = 10 * SCALE;

const KINDS = ['exchange_meeting', 'seminar', 'matching_meeting', 'forum', 'site_visit'];

describe('hostile input', () => {
  let h: Harness;
  let world: Scenario;
  let document: OpenApiDocument;

  beforeAll(async () => {
    h = await startHarness();
    world = await buildScenario(h);
    document = (await request(h.svc.http).get('/docs-json')).body;
  });
  afterAll(async () => h?.close());

  it('answers every operation of the OpenAPI document with 4xx problem+json or success, never 5xx; a 4xx writes nothing', async () => {
    const report = await fuzzHttpApi({
      http: h.svc.http,
      document,
      // An admin passes the guard everywhere, so the fuzz reaches the code behind it; public routes ignore the token.
      token: await h.token('admin'),
      runs: RUNS,
      knownIds: world.ids,
      fingerprint: databaseFingerprint(h.svc.app.get(DataSource)),
      seed,
    });
    const operations = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(report.operations).toBe(operations);
    expect(report.requests).toBe(operations * RUNS);
    // The fuzz reached code behind validation: some requests succeeded and some found nothing.
    expect(Object.keys(report.byStatus).some((s) => s.startsWith('2'))).toBe(true);
    expect(report.byStatus['404']).toBeGreaterThan(0);
    expect(report.byStatus['400']).toBeGreaterThan(0);
    // Every operation × RUNS requests, each with two database fingerprints: minutes on a busy CI machine.
  }, 180_000);

  it('drives schema-valid requests with edge values (scripts, emoji, extremes of every range) through the domain', async () => {
    const fingerprint = databaseFingerprint(h.svc.app.get(DataSource));
    const api = await h.as('admin');
    const statuses: Record<number, number> = {};
    /** One request: never a 5xx; a 4xx is problem+json and writes nothing. */
    const call = async (what: string, send: () => request.Test): Promise<request.Response> => {
      const before = await fingerprint();
      const res = await send();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const where = `${what} -> ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`;
      if (res.status >= 500) throw new Error(`server error: ${where}`);
      if (res.status >= 400) {
        if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`not problem+json: ${where}`);
        if ((await fingerprint()) !== before) throw new Error(`a ${res.status} changed the database: ${where}`);
      }
      return res;
    };
    const text = (min: number, max: number) => fc.string({ unit: 'grapheme', minLength: min, maxLength: max });
    const instant = (from: Date, to: Date) => fc.date({ min: from, max: to, noInvalidDate: true });
    const eventArb = fc
      .record({
        kind: fc.constantFrom(...KINDS),
        ja: text(1, 200),
        en: fc.option(text(1, 200)),
        description: text(0, 300),
        venueName: text(1, 200),
        venueCapacity: fc.oneof(fc.constantFrom(1, 100_000), fc.integer({ min: 1, max: 300 })),
        capacityShare: fc.double({ min: 0, max: 1, noNaN: true }),
        startsAt: instant(new Date('2026-10-03T00:00:00Z'), new Date('2199-12-30T00:00:00Z')),
        minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }),
        closesBefore: fc.option(fc.integer({ min: 0, max: 30 * 24 * 60 })),
        admission: fc.constantFrom('first_come', 'lottery'),
        feeYen: fc.oneof(fc.constantFrom(0, 10_000_000), fc.nat(50_000)),
        partyFeeYen: fc.oneof(fc.constantFrom(0, 10_000_000), fc.nat(50_000)),
        language: fc.constantFrom('ja', 'en', 'ja_en'),
      })
      .map((e) => ({
        kind: e.kind,
        title: { ja: e.ja, ...(e.en !== null ? { en: e.en } : {}) },
        description: { ja: e.description },
        organizerId: h.organizer.id,
        venue: { kind: 'other', name: e.venueName, capacity: e.venueCapacity },
        startsAt: e.startsAt.toISOString(),
        endsAt: new Date(e.startsAt.getTime() + e.minutes * 60_000).toISOString(),
        ...(e.closesBefore !== null
          ? { registrationClosesAt: new Date(e.startsAt.getTime() - e.closesBefore * 60_000).toISOString() }
          : {}),
        capacity: Math.max(1, Math.floor(e.venueCapacity * e.capacityShare)),
        admission: e.admission,
        feeYen: e.feeYen,
        partyFeeYen: e.partyFeeYen,
        language: e.language,
      }));
    const guestArb = fc.record(
      {
        name: text(1, 200),
        nameKana: text(0, 200),
        organizationName: text(1, 300),
        email: fc.emailAddress(),
        language: fc.constantFrom('ja', 'en'),
        sector: fc.constantFrom('industry', 'academia', 'government', 'finance'),
        focusFields: fc.uniqueArray(fc.constantFrom('food', 'tourism', 'bio', 'it', 'energy', 'housing'), { maxLength: 4 }),
        consentToList: fc.boolean(),
      },
      { requiredKeys: ['name', 'email', 'language'] },
    );
    await fc.assert(
      fc.asyncProperty(
        eventArb,
        fc.array(guestArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 2, max: 20 }),
        async (body, guests, tableSize) => {
          const created = await call('create', () => api.post('/v1/events').send(body));
          if (created.status !== 201) return;
          const id = created.body.id as string;
          await call('read', () => api.get(`/v1/events/${id}`));
          const published = await call('publish', () => api.post(`/v1/events/${id}/publish`).set('if-match', created.headers['etag']));
          if (published.status !== 200) return;
          for (const [k, g] of guests.entries()) {
            const res =
              k % 2
                ? await call('register (staff)', () => api.post(`/v1/events/${id}/registrations`).send({ guest: g }))
                : await call('register (public)', () => request(h.svc.http).post(`/v1/public/events/${id}/registrations`).send(g));
            if (res.status === 201) {
              const own = res.body.manageToken as string | undefined;
              if (own)
                await call('own calendar', () =>
                  request(h.svc.http).get(`/v1/public/registrations/${res.body.id}/calendar.ics?token=${own}`),
                );
              else await call('calendar', () => api.get(`/v1/registrations/${res.body.id}/calendar.ics`));
            }
          }
          await call('registrations', () => api.get(`/v1/events/${id}/registrations?limit=100`));
          await call('public event', () => request(h.svc.http).get(`/v1/public/events/${id}`));
          await call('seating', () => api.post(`/v1/events/${id}/seating`).send({ tableSize, hostsPerTable: tableSize > 2 ? 1 : 0 }));
          await call('report', () => api.get(`/v1/events/${id}/report`));
          await call('change', () =>
            api.patch(`/v1/events/${id}`).set('if-match', published.headers['etag']).send({ startsAt: body.endsAt }),
          );
        },
      ),
      { numRuns: 20 * SCALE, seed, endOnFailure: true },
    );
    await call('feed', () => request(h.svc.http).get('/v1/public/events.ics'));
    await call('fiscal year', () => api.get('/v1/reports/fiscal-years/2199'));
    if (process.env['FUZZ_REPORT']) process.stderr.write(`domain fuzz: ${JSON.stringify(statuses)}\n`);
    expect(statuses[201]).toBeGreaterThan(0);
    expect(statuses[200]).toBeGreaterThan(0);
  });

  it('takes any file on the past-events CSV import: a report or a 4xx problem, never a 5xx; a dry run and a refused commit write nothing', async () => {
    const fingerprint = databaseFingerprint(h.svc.app.get(DataSource));
    const token = await h.token('admin');
    const header = ['kind', 'title_ja', 'organizer_id', 'venue_kind', 'venue_name', 'venue_capacity', 'starts_at', 'ends_at'];
    const optional = ['title_en', 'capacity', 'fee_yen', 'party_fee_yen', 'language', 'co_organizer_ids', 'attendee_person_ids', 'bogus'];
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('', '"', '""', ',', '\n', '\r\n', '=1+1', '１２０', '-5', '2025-11-20T18:00', '2199-12-31T23:59', 'seminar'),
      fc.constantFrom(h.organizer.id, ...world.ids, world.ids.join(';')),
      nastyValue.map((v) => JSON.stringify(v) ?? ''),
    );
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const file = fc
      .record({
        columns: fc.subarray(optional).map((extra) => [...header, ...extra]),
        rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 20 }), { minLength: 0, maxLength: 5 }),
        encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'cp932', 'utf-16le'),
      })
      .map(({ columns, rows, encoding }) => {
        const text = [columns, ...rows].map((r) => r.map(quote).join(',')).join('\r\n');
        if (encoding === 'utf-8-bom') return Buffer.from(`\uFEFF${text}`, 'utf8');
        if (encoding === 'cp932') return iconv.encode(text, 'cp932');
        return Buffer.from(text, encoding === 'utf-16le' ? 'utf16le' : 'utf8');
      });
    const bytes = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b));
    const reportable = [header, ['seminar', '過去の交流会', h.organizer.id, 'centre', '会場', '40', '2025-11-20T18:00', '2025-11-20T20:00']]
      .map((r) => r.join(','))
      .join('\r\n');
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.oneof(file, bytes), fc.constantFrom('true', 'false'), async (body, dryRun) => {
        const before = await fingerprint();
        const res = await request(h.svc.http)
          .post(`/v1/events/import?dryRun=${dryRun}`)
          .set('authorization', `Bearer ${token}`)
          .set('content-type', 'text/csv')
          .send(body);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const where = `${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`;
        expect([where, res.status < 500]).toEqual([where, true]);
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        if (res.status >= 400 || dryRun === 'true') expect([where, await fingerprint()]).toEqual([where, before]);
        if (res.status === 200) expect(res.body).toMatchObject({ rows: expect.any(Number), errors: expect.any(Array) });
      }),
      // Random files rarely parse into a report, so one that does (a past seminar, a dry run) is always among them:
      // the last expectation must not depend on the draw.
      { numRuns: 30 * SCALE, seed, examples: [[Buffer.from(reportable, 'utf8'), 'true']] },
    );
    expect(statuses[400]).toBeGreaterThan(0);
    expect(statuses[200]).toBeGreaterThan(0);
  }, 120_000);

  it('answers raw NATS payloads on the RPC subject with an error reply, and keeps serving', async () => {
    const subject = new NatsNaming(h.prefix).subject(EventSummaryV1.subject);
    const known = world.ids.slice(0, 4);
    /** JSON text nested `depth` levels (objects and arrays in turn), written out directly: too deep for JSON.stringify. */
    const deep = (depth: number): string => {
      const opens = Array.from({ length: depth }, (_, i) => (i % 2 ? '[' : '{"eventId":'));
      const closes = Array.from({ length: depth }, (_, i) => (i % 2 ? ']' : '}')).reverse();
      return `${opens.join('')}"x"${closes.join('')}`;
    };
    const text = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
    const payload: fc.Arbitrary<{ bytes: string | Uint8Array; knownId?: string }> = fc.oneof(
      // Not JSON at all, or broken JSON.
      fc
        .constantFrom('', '{', '[', '{"eventId":', 'null x', '\u0000\u0001', 'NaN', "{'eventId':'x'}", '['.repeat(10_000))
        .map((bytes) => ({ bytes })),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes })),
      fc.string({ unit: 'grapheme', maxLength: 50 }).map((bytes) => ({ bytes })),
      // JSON of the wrong shape: scalars, arrays, nasty values where the id goes, unknown fields.
      fc.jsonValue({ maxDepth: 3 }).map((v) => ({ bytes: text(v) })),
      nastyValue.map((v) => ({ bytes: text({ eventId: v }) })),
      nastyValue.map((v) => ({ bytes: text(v) })),
      fc.record({ eventId: fc.uuid(), extra: nastyValue }).map((v) => ({ bytes: text(v) })),
      // Nest's own packet with a spoiled `data`, and deep nesting.
      nastyValue.map((v) => ({ bytes: text({ pattern: EventSummaryV1.subject, id: 'x', data: v }) })),
      fc.integer({ min: 20, max: 5000 }).map((depth) => ({ bytes: deep(depth) })),
      // Valid requests in between: for events that exist, and for one that does not.
      fc.constantFrom(...known).map((id) => ({ bytes: text({ eventId: id }), knownId: id })),
      fc.uuid().map((id) => ({ bytes: text({ eventId: id }) })),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(payload, async ({ bytes, knownId }) => {
        const reply = await h.nc.request(subject, bytes, { timeout: 5000 });
        const body = JSON.parse(reply.string()) as { err?: { code?: string; status?: number }; response?: { event?: { eventId: string } } };
        if (knownId) {
          if (body.err || body.response?.event?.eventId !== knownId) throw new Error(`no summary for ${knownId}: ${reply.string()}`);
          answered++;
          return;
        }
        if (!body.err || typeof body.err.code !== 'string' || !(body.err.status! >= 400 && body.err.status! < 500)) {
          throw new Error(`not a 4xx error reply to ${String(bytes).slice(0, 200)}: ${reply.string().slice(0, 300)}`);
        }
      }),
      { numRuns: 200 * SCALE, seed },
    );
    expect(answered).toBeGreaterThan(0);
    // The service still answers a well-formed request through the contract's client.
    const client = new RpcClient({ url: TEST_NATS_URL, service: 'proposals', naming: new NatsNaming(h.prefix), timeoutMs: 3000 });
    await client.connect();
    try {
      await expect(client.request(EventSummaryV1, { eventId: world.firstComeEventId })).resolves.toMatchObject({
        event: { eventId: world.firstComeEventId },
      });
    } finally {
      await client.close();
    }
  });

  it('never answers a registrant link for a wrong pairing, whatever arrives on the registrant-link subject', async () => {
    const subject = new NatsNaming(h.prefix).subject(GetRegistrantLinkV1.subject);
    const tokenOf = new Map(world.registrations.map((r) => [r.id, r.manageToken]));
    const offeredTo = new Map([
      [world.offerId, world.offered.id],
      [world.acceptedOfferId, world.accepter.id],
    ]);
    const text = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
    // Ids of the scenario in every position (registrations, offers), unknown ones, and hostile values.
    const id = fc.oneof(fc.constantFrom(...tokenOf.keys(), ...offeredTo.keys()), fc.uuid(), nastyValue);
    const purpose = fc.oneof(fc.constantFrom('seat-offer', 'questionnaire'), nastyValue);
    const linkRequest = fc.record({ registrationId: id, purpose, offerId: id }, { requiredKeys: [] });
    const payload: fc.Arbitrary<{ bytes: string; request?: Record<string, unknown> }> = fc.oneof(
      linkRequest.map((r) => ({ bytes: text(r), request: r })),
      // The right pairings, so answers are checked too.
      fc
        .constantFrom(...offeredTo.entries())
        .map(([offerId, registrationId]) => ({ registrationId, purpose: 'seat-offer', offerId }))
        .map((r) => ({ bytes: text(r), request: r })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => ({ bytes: text(v) })),
      nastyValue.map((v) => ({ bytes: text({ pattern: GetRegistrantLinkV1.subject, id: 'x', data: v }) })),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(payload, async ({ bytes, request: sent }) => {
        const reply = await h.nc.request(subject, bytes, { timeout: 5000 });
        const body = JSON.parse(reply.string()) as { err?: { code?: string; status?: number }; response?: { url?: string } };
        if (body.response) {
          const { registrationId, purpose: kind, offerId } = (sent ?? {}) as Record<string, string>;
          const token = tokenOf.get(registrationId!);
          const expected =
            kind === 'questionnaire'
              ? `http://127.0.0.1:3003/v1/public/registrations/${registrationId}/questionnaire?token=${token}`
              : offeredTo.get(offerId!) === registrationId
                ? `http://127.0.0.1:3003/v1/public/seat-offers/${offerId}/accept?token=${token}`
                : 'no link';
          if (!token || body.response.url !== expected)
            throw new Error(`a link for ${bytes.slice(0, 300)}: ${reply.string().slice(0, 300)}`);
          answered++;
          return;
        }
        if (!body.err || typeof body.err.code !== 'string' || !(body.err.status! >= 400 && body.err.status! < 500)) {
          throw new Error(`not a 4xx error reply to ${bytes.slice(0, 200)}: ${reply.string().slice(0, 300)}`);
        }
      }),
      { numRuns: 200 * SCALE, seed },
    );
    expect(answered).toBeGreaterThan(0);
  });
});
