import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganizationMergedV1, ProposalSummaryV1 } from '@collabo/contracts';
import { NatsNaming } from '@collabo/service-kit';
import { databaseFingerprint, fuzzHttpApi, type OpenApiDocument } from '@collabo/service-kit/testing';
import fc from 'fast-check';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { SUPPORT_TRACK_PIPELINE } from '../src/programmes/support-track.js';
import { api, bringIn, formTeam, move, review, startHarness, type Harness } from './support/harness.js';

/** Requests per operation of the OpenAPI document (FUZZ_RUNS to try harder locally). */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 15);

describe('hostile input', () => {
  let h: Harness;
  let document: OpenApiDocument;
  /** Ids of records that exist, so that fuzzed requests reach past "not found" into the code behind. */
  const knownIds: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    document = (await request(h.svc.http).get('/docs-json')).body;

    // A proposal in screening with an assignment and a review; one accepted with a team and an outcome.
    const proposer = h.registry.organization('company');
    const screening = await bringIn(h, { proposer, body: { coordinatorId: h.ids.coordinator } });
    await move(h, screening, 'pre_screening');
    await move(h, screening, 'screening');
    const [advisor] = await review(h, screening, 1);
    const assignment = (await api(h, h.tokens.admin).get(`/v1/proposals/${screening.id}/assignments`)).body.items[0];
    const written = (await api(h, h.tokens.admin).get(`/v1/proposals/${screening.id}/reviews`)).body.items[0];
    const accepted = await bringIn(h);
    await move(h, accepted, 'pre_screening');
    await move(h, accepted, 'screening');
    await review(h, accepted, 2);
    await move(h, accepted, 'accepted');
    await formTeam(h, accepted);
    await api(h, h.tokens.admin).post(`/v1/proposals/${accepted.id}/outcomes`, { kind: 'award', summary: '賞', occurredOn: '2002-05-01' });
    // A hearing and a document request on the proposal in screening.
    const interview = await api(h, h.tokens.admin).post(`/v1/proposals/${screening.id}/interviews`, {
      startsAt: '2026-12-10T14:00:00+09:00',
      place: '会議室A',
    });
    const documents = await api(h, h.tokens.admin).post(`/v1/proposals/${screening.id}/document-requests`, {
      items: ['決算書'],
      dueOn: '2026-12-15',
    });

    // A dead letter, written as the kit parks one (a poison message would need its retries and back-off first).
    const deadLetter = uuidv7();
    await h.dataSource.query(
      `INSERT INTO dead_letters (id, consumer, subject, message_id, payload, error, attempts) VALUES ($1, $2, $3, NULL, $4, $5, 1)`,
      [
        deadLetter,
        'proposals-update-references-on-organization-merged',
        OrganizationMergedV1.subject,
        'not json at all',
        'the message is not JSON',
      ],
    );

    knownIds.push(
      screening.id,
      accepted.id,
      assignment.id,
      written.id,
      interview.body.id,
      documents.body.id,
      deadLetter,
      advisor!,
      proposer.id,
      h.ids.coordinator,
      'support-track',
      '1',
    );
  }, 60_000);
  afterAll(async () => h?.close());

  it('never answers 5xx to fuzzed requests on any operation of the OpenAPI document, and a 4xx writes nothing', async () => {
    const report = await fuzzHttpApi({
      http: h.svc.http,
      document,
      token: h.tokens.admin,
      runs: RUNS,
      knownIds,
      fingerprint: databaseFingerprint(h.dataSource),
      seed: process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined,
    });
    if (process.env['FUZZ_REPORT']) process.stderr.write(`fuzz: ${JSON.stringify(report)}\n`);
    const operations = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(report.operations).toBe(operations);
    expect(report.requests).toBe(operations * RUNS);
    // The fuzz got past validation into the code behind it: successes as well as refusals.
    expect(Object.keys(report.byStatus).some((s) => s.startsWith('2'))).toBe(true);
    expect(Object.keys(report.byStatus).some((s) => s.startsWith('4'))).toBe(true);
  }, 240_000);

  it('never answers 5xx to well-formed requests with random domain values (the paths behind validation), and a 4xx writes nothing', async () => {
    // The OpenAPI fuzz mostly ends at validation (a spoilt field is enough). Here every request is shaped as
    // the API documents it, with values drawn from the domain and its edges, so that it reaches the rules,
    // the registry checks, the locks and the SQL: stage moves in and out of order, effective dates around
    // fiscal-year ends, reviews and amendments with stale ETags, conflicted advisors, teams, outcomes, reports.
    const fingerprint = databaseFingerprint(h.dataSource);
    // Every stage of the default programme, and one that no programme has.
    const stages = [...SUPPORT_TRACK_PIPELINE.stages.map((st) => st.code), 'nowhere'];
    const criteria = ['novelty', 'feasibility', 'market', 'team', 'regional_spillover', 'cluster_necessity', 'charisma'];
    const company = h.registry.organization('company');
    const people = [
      h.ids.admin,
      h.ids.coordinator,
      ...[0, 1, 2, 3].map(() => h.registry.advisor().id),
      h.registry.advisor({ org: company }).id,
      uuidv7(),
    ];
    const organizations = [
      company.id,
      h.registry.organization('study_group').id,
      h.registry.organization('university').id,
      h.registry.organization('company', { archived: true }).id,
      uuidv7(),
    ];
    const pool: { id: string }[] = [];
    for (let i = 0; i < 4; i++) pool.push(await bringIn(h, { proposer: i % 2 ? company : undefined }));

    const text = fc.oneof(
      { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constantFrom('a\u0000b', '\uFEFF', "'; DROP TABLE proposals; --", '<script>', '😀👍🏽', 'ｱ'.repeat(300)) },
    );
    const day = fc.date({
      min: new Date('1985-01-01T00:00:00Z'),
      max: new Date(h.clock.now().getTime() + 400 * 86_400_000),
      noInvalidDate: true,
    });
    const date = day.map((d) => d.toISOString().slice(0, 10));
    const instant = fc
      .tuple(day, fc.constantFrom('Z', '+09:00', '-05:00'))
      .map(([d, z]) => d.toISOString().replace('Z', z === 'Z' ? 'Z' : z));
    const proposal = fc.constantFrom(...pool.map((p) => p.id));
    const person = fc.constantFrom(...people);
    const ifMatch = fc.oneof(fc.constant('current'), fc.constantFrom('"1"', '"2"', '"999"', '*'));
    const scores = fc.uniqueArray(fc.record({ criterion: fc.constantFrom(...criteria), points: fc.integer({ min: -1, max: 25 }) }), {
      selector: (s) => s.criterion,
      minLength: 1,
      maxLength: 7,
    });

    type Call = {
      method: 'get' | 'post' | 'put' | 'patch';
      path: string;
      body?: object;
      ifMatch?: string;
      token?: 'admin' | 'coordinator' | 'advisor';
    };
    const action: fc.Arbitrary<Call> = fc.oneof(
      fc
        .record({
          p: proposal,
          to: fc.constantFrom(...stages),
          reason: text,
          at: fc.option(instant),
          historical: fc.option(fc.boolean()),
          m: ifMatch,
        })
        .map((a) => ({
          method: 'post' as const,
          path: `/v1/proposals/${a.p}/transitions`,
          body: {
            to: a.to,
            reason: a.reason,
            ...(a.at ? { effectiveAt: a.at } : {}),
            ...(a.historical !== null ? { historical: a.historical } : {}),
          },
          ifMatch: a.m,
        })),
      fc.record({ p: proposal, advisorId: person, waiver: fc.option(text), due: fc.option(date) }).map((a) => ({
        method: 'post' as const,
        path: `/v1/proposals/${a.p}/assignments`,
        body: { advisorId: a.advisorId, ...(a.waiver ? { waiverReason: a.waiver } : {}), ...(a.due ? { dueOn: a.due } : {}) },
      })),
      fc
        .record({ p: proposal, scores, comment: text, recommendation: fc.constantFrom('accept', 'accept_with_conditions', 'decline') })
        .map((a) => ({
          method: 'post' as const,
          path: `/v1/proposals/${a.p}/reviews`,
          body: { scores: a.scores, comment: a.comment, recommendation: a.recommendation },
          token: 'advisor' as const,
        })),
      fc.record({ p: proposal, scores, comment: text, m: ifMatch, reason: fc.option(text) }).map((a) => ({
        method: 'put' as const,
        path: `/v1/proposals/${a.p}/reviews/{review}`,
        body: { scores: a.scores, comment: a.comment, recommendation: 'accept', ...(a.reason ? { reason: a.reason } : {}) },
        ifMatch: a.m,
      })),
      fc
        .record({
          p: proposal,
          contact: fc.option(person),
          coordinator: fc.option(fc.oneof(person, fc.constant(null))),
          participants: fc.option(fc.uniqueArray(fc.constantFrom(...organizations), { maxLength: 3 })),
          title: fc.option(text),
          m: ifMatch,
        })
        .map((a) => ({
          method: 'patch' as const,
          path: `/v1/proposals/${a.p}`,
          body: {
            ...(a.contact ? { contactPersonId: a.contact } : {}),
            ...(a.coordinator !== null ? { coordinatorId: a.coordinator } : {}),
            ...(a.participants ? { participatingOrganizationIds: a.participants } : {}),
            ...(a.title ? { title: { ja: a.title } } : {}),
          },
          ifMatch: a.m,
        })),
      fc
        .record({
          p: proposal,
          kind: fc.constantFrom('prototype', 'sale', 'patent_filed', 'patent_granted', 'award'),
          on: date,
          amount: fc.option(fc.oneof(fc.integer({ min: -5, max: 1_000_000_000 }), fc.constant(1e15))),
          fy: fc.option(fc.integer({ min: 1890, max: 2210 })),
          patent: fc.option(text),
          historical: fc.option(fc.boolean()),
          summary: text,
        })
        .map((a) => ({
          method: 'post' as const,
          path: `/v1/proposals/${a.p}/outcomes`,
          body: {
            kind: a.kind,
            summary: a.summary,
            occurredOn: a.on,
            ...(a.amount !== null ? { amountYen: a.amount } : {}),
            ...(a.fy !== null ? { fiscalYear: a.fy } : {}),
            ...(a.patent ? { patentNumber: a.patent } : {}),
            ...(a.historical !== null ? { historical: a.historical } : {}),
          },
        })),
      fc
        .record({
          p: proposal,
          members: fc.uniqueArray(
            fc.record({ personId: person, role: fc.constantFrom('coordinator', 'lead_advisor', 'advisor'), waiverReason: fc.option(text) }),
            { selector: (m) => m.personId, minLength: 2, maxLength: 4 },
          ),
          m: fc.option(ifMatch),
        })
        .map((a) => ({
          method: 'put' as const,
          path: `/v1/proposals/${a.p}/team`,
          body: { members: a.members.map(({ waiverReason, ...m }) => (waiverReason ? { ...m, waiverReason } : m)) },
          ...(a.m ? { ifMatch: a.m } : {}),
        })),
      fc
        .record({
          proposer: fc.constantFrom(...organizations),
          contact: person,
          coordinator: fc.option(person),
          on: fc.option(date),
          historical: fc.option(fc.boolean()),
          participants: fc.uniqueArray(fc.constantFrom(...organizations), { maxLength: 3 }),
        })
        .map((a) => ({
          method: 'post' as const,
          path: '/v1/proposals',
          body: {
            title: { ja: '題' },
            summary: { ja: '概要' },
            proposingOrganizationId: a.proposer,
            contactPersonId: a.contact,
            participatingOrganizationIds: a.participants,
            ...(a.coordinator ? { coordinatorId: a.coordinator } : {}),
            ...(a.on ? { broughtInOn: a.on } : {}),
            ...(a.historical !== null ? { historical: a.historical } : {}),
          },
        })),
      fc
        .record({
          fy: fc.integer({ min: 1985, max: 2210 }),
          span: fc.option(fc.integer({ min: -2, max: 60 })),
          programme: fc.option(fc.constantFrom('support-track', 'no-such-one')),
          csv: fc.boolean(),
        })
        .map((a) => ({
          method: 'get' as const,
          path: `/v1/reports/kpi?${a.span === null ? `fiscalYear=${a.fy}` : `fromFiscalYear=${a.fy}&toFiscalYear=${a.fy + a.span}`}${a.programme ? `&programme=${a.programme}` : ''}${a.csv ? '&format=csv' : ''}`,
        })),
      fc
        .record({
          q: fc.option(text),
          stage: fc.option(fc.uniqueArray(fc.constantFrom(...stages), { maxLength: 3 })),
          fy: fc.option(fc.integer({ min: 1800, max: 2300 })),
          org: fc.option(fc.constantFrom(...organizations)),
          offset: fc.integer({ min: 0, max: 100_000 }),
        })
        .map((a) => {
          const query = new URLSearchParams({ offset: String(a.offset) });
          if (a.q) query.set('q', a.q);
          if (a.stage) query.set('stage', a.stage.join(','));
          if (a.fy !== null) query.set('fiscalYear', String(a.fy));
          if (a.org) query.set('organizationId', a.org);
          return { method: 'get' as const, path: `/v1/proposals?${query}` };
        }),
    );

    const advisorToken = async (proposalId: string) => {
      const mine = (await api(h, h.tokens.admin).get(`/v1/proposals/${proposalId}/assignments`)).body.items as {
        advisorId: string;
        status: string;
      }[];
      const open = mine.find((a) => a.status === 'assigned') ?? mine[0];
      return h.token(['advisor'], open?.advisorId ?? people[2]!);
    };
    const byStatus: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(action, async (call) => {
        let path = call.path;
        const proposalId = /\/v1\/proposals\/([0-9a-f-]{36})/.exec(path)?.[1];
        if (path.includes('{review}')) {
          const reviews = (await api(h, h.tokens.admin).get(`/v1/proposals/${proposalId}/reviews`)).body.items as { id: string }[];
          path = path.replace('{review}', reviews[0]?.id ?? uuidv7());
        }
        let ifMatch = call.ifMatch;
        if (ifMatch === 'current') {
          const current = path.includes('/reviews/')
            ? await api(h, h.tokens.admin).get(`/v1/proposals/${proposalId}/reviews`)
            : await api(h, h.tokens.admin).get(`/v1/proposals/${proposalId}`);
          ifMatch = `"${path.includes('/reviews/') ? current.body.items?.[0]?.version : current.body.version}"`;
        }
        const token =
          call.token === 'advisor' ? await advisorToken(proposalId!) : call.token === 'admin' ? h.tokens.admin : h.tokens.coordinator;
        const before = await fingerprint();
        let req = (request(h.svc.http) as unknown as Record<string, (u: string) => request.Test>)[call.method]!(path).set(
          'authorization',
          `Bearer ${token}`,
        );
        if (ifMatch) req = req.set('if-match', ifMatch);
        const res = call.body ? await req.send(call.body) : await req;
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        const where = `${call.method.toUpperCase()} ${path} ${JSON.stringify(call.body ?? {}).slice(0, 300)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        if (res.status >= 500) throw new Error(`server error: ${where}`);
        if (res.status >= 400) {
          if (!String(res.headers['content-type']).startsWith('application/problem+json'))
            throw new Error(`4xx without problem+json: ${where}`);
          if ((await fingerprint()) !== before) throw new Error(`a ${res.status} changed the database: ${where}`);
        }
      }),
      { numRuns: RUNS * 12, endOnFailure: true, seed: process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined },
    );
    if (process.env['FUZZ_REPORT']) process.stderr.write(`deep fuzz: ${JSON.stringify(byStatus)}\n`);
    // It went deep: successes, refusals by the rules (409/412/422) and by validation.
    expect(Object.keys(byStatus).filter((s) => s.startsWith('2')).length).toBeGreaterThan(0);
    expect(Object.keys(byStatus).filter((s) => ['409', '412', '422'].includes(s)).length).toBeGreaterThan(1);
  }, 240_000);

  describe('the RPC subject, with raw NATS payloads', () => {
    const subject = () => new NatsNaming(h.prefix).subject(ProposalSummaryV1.subject);
    const ask = async (payload: string | Uint8Array): Promise<{ err?: { code: string; status: number }; response?: unknown }> => {
      const reply = await h.nc.request(subject(), payload, { timeout: 5000 });
      return JSON.parse(reply.string());
    };
    const deep = (depth: number) => {
      let value: unknown = 'x';
      for (let i = 0; i < depth; i++) value = { proposalId: value };
      return value;
    };
    /** JSON nested deeper than JSON.stringify itself manages. */
    const deepText = (depth: number) => `${'{"proposalId":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
    const expectServing = async () => {
      const p = await bringIn(h);
      const answer = await ask(JSON.stringify({ proposalId: p.id }));
      expect(answer).not.toHaveProperty('err');
      expect(answer).toMatchObject({ response: { proposal: { proposalId: p.id } } });
    };

    it('answers invalid JSON, wrong shapes, deep nesting and huge payloads with an error reply, and keeps serving', async () => {
      const payloads: (string | Uint8Array)[] = [
        '',
        '{not json',
        '\u0000\u0001\u0002',
        new Uint8Array([0xff, 0xfe, 0xfd, 0x00]),
        'null',
        '42',
        '"a string"',
        '[]',
        '[{"proposalId":"x"}]',
        '{}',
        '{"proposalId":null}',
        '{"proposalId":42}',
        '{"proposalId":"not-a-uuid"}',
        '{"proposalId":"\\ud800"}',
        JSON.stringify({ proposalId: "' OR '1'='1" }),
        JSON.stringify({ proposalId: uuidv7(), extra: true }),
        JSON.stringify({ proposalId: ['x'] }),
        JSON.stringify({ pattern: ProposalSummaryV1.subject, id: 'x', data: null }),
        JSON.stringify({ pattern: ProposalSummaryV1.subject, id: 'x', data: 'x' }),
        JSON.stringify({ pattern: 'another.subject', id: 'x', data: { proposalId: 'nope' } }),
        JSON.stringify({ id: 1, data: deep(200) }),
        deepText(50_000),
        '['.repeat(100_000),
        JSON.stringify({ proposalId: 'x'.repeat(500_000) }),
        JSON.stringify({ __proto__: { proposalId: uuidv7() }, constructor: { prototype: { polluted: true } } }),
      ];
      for (const payload of payloads) {
        const answer = await ask(payload);
        const shown = typeof payload === 'string' ? payload.slice(0, 60) : `bytes ${[...payload].join(',')}`;
        expect([shown, answer.err?.status !== undefined && answer.err.status >= 400 && answer.err.status < 500]).toEqual([shown, true]);
      }
      // A valid request for a proposal that does not exist is an error too, with its code.
      expect((await ask(JSON.stringify({ proposalId: uuidv7() }))).err).toMatchObject({
        code: 'PROPOSALS.PROPOSAL_NOT_FOUND',
        status: 404,
      });
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      await expectServing();
    });

    it('survives messages published without a reply subject, then answers again', async () => {
      for (const payload of ['{not json', '', 'null', deepText(50_000), JSON.stringify({ proposalId: uuidv7() })]) {
        h.nc.publish(subject(), payload);
      }
      await h.nc.flush();
      await expectServing();
    });

    it('answers fast-check generated payloads (random JSON, random bytes, schema-shaped and spoiled) with error replies', async () => {
      const shaped = fc.record(
        {
          proposalId: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(null), fc.jsonValue({ maxDepth: 3 })),
          unknown: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] },
      );
      const payload = fc.oneof(
        fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
        shaped.map((v) => JSON.stringify(v)),
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
      );
      await fc.assert(
        fc.asyncProperty(payload, async (p) => {
          const answer = await ask(p);
          // Every generated payload is wrong: nothing fakes an existing proposal's id.
          expect(answer.err?.status).toBeGreaterThanOrEqual(400);
          expect(answer.err?.status).toBeLessThan(500);
        }),
        { numRuns: 150 },
      );
      await expectServing();
    }, 60_000);
  });
});
