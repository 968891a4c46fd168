// Benchmarks 1 and 2: the registry against the raw libraries, at the same concurrency, on the same data.
//  1. GET /v1/organizations?q=... and GET /v1/organizations/{id} (Nest + Fastify + TypeORM + auth) vs a bare
//     Fastify + pg server running the same SQL (target: at least 0.5 of its req/s).
//  2. RPC person.get through Nest's NATS transport (the kit's RpcClient -> the registry's handler) vs a raw
//     @nats-io/transport-node requester and responder running the same query (target: at least 0.6).
import { GetPersonV1 } from '@collabo/contracts';
import { NatsNaming, RpcClient } from '@collabo/service-kit';
import { connect } from '@nats-io/transport-node';
import { ORGANIZATION_QUERIES, prng } from '../load/lib/data.mjs';
import { httpLoad, latencySummary } from '../load/lib/http.mjs';
import { NATS_URL, ROOT, freePort, sampleMemory } from '../load/lib/platform.mjs';
import * as registryScenario from '../load/scenarios/registry.mjs';
import { seedRegistry, seedRegistryThroughApi } from '../load/seed/registry.mjs';
import { assertSameHeap, cpuSnapshot, cpuUsedSince, pidsNamed, row, threadCpuMsOf } from './lib.mjs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Search terms by length in characters (kanji, katakana, hiragana), from the words of the dataset (load/lib/data.mjs). */
export const QUERIES_BY_LENGTH = [
  [1, ['北', '昆', '釧', 'ワ', 'こ', '酪']],
  [2, ['昆布', '十勝', '技研', '乳業', 'ワイ', 'こん']],
  [3, ['フーズ', 'バイオ', 'くしろ', '札幌水']],
  [4, ['サッポロ', '札幌水産', 'はこだて', '旭川精機']],
];

/** Organisations of the national-scale search benchmark: `BENCH_NATIONAL_ORGANIZATIONS`, 1,000,000 by default (smoke: 3,000). */
export function nationalSize(smoke) {
  return smoke ? 3_000 : Number(process.env.BENCH_NATIONAL_ORGANIZATIONS ?? 1_000_000);
}

/** The registry with its dataset (100,000 organisations and 200,000 people; smoke: small), started once per run. */
export function registryFixture(ctx) {
  return ctx.fixture('registry', async () => {
    if (ctx.smoke) {
      // Smoke: the small peer registry the other benchmarks use anyway (one start less).
      const peer = await ctx.load.peerRegistry();
      return {
        url: peer.registry.url,
        pid: peer.registry.pid,
        token: peer.token,
        prefix: ctx.platform.prefix,
        databaseUrl: peer.registry.databaseUrl,
        organizationIds: peer.seeded.organizationIds,
        personIds: peer.seeded.personIds,
        idleMb: peer.registry.rss() / 2 ** 20,
      };
    }
    const target = await registryScenario.prepare(ctx.load);
    target.idleMb = target.pid ? (await import('../load/lib/platform.mjs')).residentBytes(target.pid) / 2 ** 20 : null;
    return target;
  });
}

/** A registry of its own with `organizations` organisations (and 20,000 people), for the national-scale search benchmark. */
function nationalFixture(ctx) {
  return ctx.fixture('registry-national', async () => {
    const organizations = nationalSize(ctx.smoke);
    const prefix = ctx.platform.newPrefix();
    const registry = await ctx.platform.startRegistry({ env: { NATS_SUBJECT_PREFIX: prefix } });
    const t0 = Date.now();
    const seeded = await seedRegistry(registry.databaseUrl, { organizations, people: ctx.smoke ? 2_000 : 20_000, seed: 'collabo-bench' });
    const api = await seedRegistryThroughApi(registry, { organizations: 3, people: 3, seed: 'collabo-bench' });
    ctx.log(`national: seeded ${seeded.counts.organizations} organisations in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return {
      url: registry.url,
      pid: registry.pid,
      databaseUrl: registry.databaseUrl,
      token: await registry.token(),
      organizations: seeded.counts.organizations + api.organizations.length,
    };
  });
}

/** Starts the bare Fastify + pg baseline on the registry's database; its URL and pid. */
async function startBare(ctx, target) {
  const port = await freePort();
  const helper = await ctx.platform.startHelper(join(ROOT, 'bench', 'baselines', 'registry-bare.mjs'), {
    DATABASE_URL: target.databaseUrl,
    PORT: String(port),
  });
  assertSameHeap('the bare Fastify + pg server', target.pid, helper.pid);
  return { url: `http://127.0.0.1:${port}`, pid: helper.pid };
}

/**
 * Before timing, for every term: the registry and the bare server answer the same first page and total (the
 * baseline runs the same query, not an easier one); the matches (all of them, compared as sets in SQL) are
 * exactly those of the LIKE scan the registry ran before its gram index, their number is the registry's total
 * (or more than the cap when the registry says `totalExact: false`), and the first page is the LIKE scan's,
 * ranked by a CASE and sorted by reading as the registry did before it read the ranks apart.
 */
async function checkSearchAnswers(target, bare, headers, terms) {
  const { nameSearchSql } = await import('../services/registry/dist/organizations/name-search.js');
  const { escapeLike, searchKey, toKatakana } = await import('../services/registry/dist/organizations/japanese-text.js');
  const { TOTAL_CAP } = await import('../services/registry/dist/database/list-page.js');
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    for (const q of terms) {
      const path = `/v1/organizations?q=${encodeURIComponent(q)}&limit=20`;
      const a = await (await fetch(`${target.url}${path}`, { headers })).json();
      const b = await (await fetch(`${bare}${path}`)).json();
      if (a.total !== b.total || a.totalExact !== b.totalExact || a.items.map((i) => i.id).join() !== b.items.map((i) => i.id).join()) {
        throw new Error(`the bare server answers ${q} differently from the registry (${b.total} vs ${a.total})`);
      }
      const params = [];
      const p = (v) => `$${params.push(v)}`;
      const key = searchKey(q);
      const kana = toKatakana(key);
      const byNumber = /^\d{13}$/.test(key);
      const grams = nameSearchSql(q, 'o', p, byNumber ? () => `o.corporate_number = ${p(key)}` : undefined).where;
      const like = `(o.search_name LIKE ${p(`%${escapeLike(key)}%`)} OR o.search_kana LIKE ${p(`%${escapeLike(kana)}%`)}${
        byNumber ? ` OR o.corporate_number = ${p(key)}` : ''
      })`;
      // The first page as the registry searched before it read the ranks apart: the LIKE scan, ranked by a CASE.
      const rank = (() => {
        const startsKey = p(`${escapeLike(key)}%`);
        const startsKana = p(`${escapeLike(kana)}%`);
        return `CASE WHEN o.search_name = ${p(key)} OR o.search_kana = ${p(kana)}${byNumber ? ` OR o.corporate_number = ${p(key)}` : ''} THEN 0
                     WHEN o.search_name LIKE ${startsKey} OR o.search_kana LIKE ${startsKana} THEN 1 ELSE 2 END`;
      })();
      const {
        rows: [c],
      } = await client.query(
        `WITH gram_scan AS (SELECT o.id FROM organizations o WHERE ${grams} AND NOT o.archived),
              like_scan AS (SELECT o.id, ${rank} AS rank, o.name_kana FROM organizations o WHERE ${like} AND NOT o.archived)
         SELECT (SELECT count(*) FROM like_scan)::int AS total,
                (SELECT count(*) FROM (SELECT id FROM like_scan EXCEPT SELECT id FROM gram_scan) AS x)::int AS missing,
                (SELECT count(*) FROM (SELECT id FROM gram_scan EXCEPT SELECT id FROM like_scan) AS y)::int AS extra,
                (SELECT string_agg(id::text, ',') FROM (SELECT id FROM like_scan ORDER BY rank, name_kana, id LIMIT 20) AS f) AS first`,
        params,
      );
      // The total is exact up to the cap (TOTAL_CAP, `totalExact`), and "at least `total`" beyond it.
      const totalHonest = a.totalExact ? c.total === a.total : a.total === TOTAL_CAP && c.total > TOTAL_CAP;
      if (c.missing || c.extra || !totalHonest) {
        throw new Error(
          `search ${q}: the LIKE scan finds ${c.total}, the registry says ${a.total}${a.totalExact ? '' : ' or more'}; ` +
            `${c.missing} missing, ${c.extra} more than the LIKE scan`,
        );
      }
      if ((c.first ?? '') !== a.items.map((i) => i.id).join()) {
        throw new Error(`search ${q}: the registry's first page differs from the LIKE scan ranked and sorted as before`);
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * Search rows per term length: the registry and the bare baseline (`bare`: its URL and pid), each cycling through the
 * terms of that length. Then, over every length together, the CPU time a page costs each process, the registry's
 * beside the bare server's: the server (main thread and other threads, stderr), Postgres (every backend) and the load
 * generator (this process). Their sum against the machine's cores is the most pages per second the machine can give:
 * 1,000 pages/s on 2 cores leaves 2,000 µs per page for all of them.
 */
async function searchRowsByLength(ctx, target, bare, headers, { organizations, connections, bound, rpsTarget, p99Target, memory = false }) {
  const rows = [];
  const size = organizations.toLocaleString('en');
  const totals = () => ({ pages: 0, main: 0, others: 0, postgres: 0, load: 0 });
  const cpu = { service: totals(), bare: totals() };
  // Postgres (every backend) and this process (the load generator), per pid as the other benchmarks read them.
  const groups = { postgres: () => pidsNamed('postgres'), load: () => [process.pid] };
  /** `httpLoad` with the CPU each process used during it added to `cpu[side]`. */
  const measured = async (side, pid, options) => {
    const before = { threads: threadCpuMsOf(pid), shared: cpuSnapshot(groups) };
    const r = await httpLoad(options);
    const threads = threadCpuMsOf(pid);
    const { postgres, load } = cpuUsedSince(groups, before.shared);
    const c = cpu[side];
    c.pages += r.requests;
    c.main += threads.main - before.threads.main;
    c.others += threads.others - before.threads.others;
    c.postgres += postgres;
    c.load += load;
    return r;
  };
  for (const [length, terms] of QUERIES_BY_LENGTH) {
    let i = 0;
    const request = () => ({ path: `/v1/organizations?q=${encodeURIComponent(terms[i++ % terms.length])}&limit=20` });
    const service = await measured('service', target.pid, {
      name: `search ${length}`,
      url: target.url,
      connections,
      ...bound,
      headers,
      pid: target.pid,
      request,
    });
    if (memory) notePeak(ctx, 'registry', target.pid, service.rssPeakMb * 2 ** 20);
    i = 0;
    const baseline = await measured('bare', bare.pid, { name: `search ${length}`, url: bare.url, connections, ...bound, request });
    for (const r of [service, baseline]) {
      if (r.errors || r.non2xx) throw new Error(`search ${length}: ${r.errors} errors, ${r.non2xx} non-2xx`);
    }
    const what = `1. registry search, ${length}-character q, ${size} orgs`;
    rows.push(row(`${what} (${connections} conns)`, service.rps, 'req/s', baseline.rps, rpsTarget));
    rows.push(row(`${what} p99`, service.latencyMs.p99, 'ms', baseline.latencyMs.p99, p99Target));
  }
  const perPage = (side, ms) => (cpu[side].pages ? (1000 * ms) / cpu[side].pages : NaN);
  const us = (side, key) => perPage(side, cpu[side][key]);
  for (const side of ['service', 'bare']) {
    process.stderr.write(
      `[bench] search, ${size} orgs, CPU µs per page (${side === 'service' ? 'registry' : 'bare server'}): main thread ${us(side, 'main').toFixed(1)}, ` +
        `other threads ${us(side, 'others').toFixed(1)}, Postgres ${us(side, 'postgres').toFixed(1)}, load generator ${us(side, 'load').toFixed(1)}\n`,
    );
  }
  const server = (side) => us(side, 'main') + us(side, 'others');
  const all = (side) => server(side) + us(side, 'postgres') + us(side, 'load');
  const budget = `<= ${((cpus().length * 1e6) / 1000).toLocaleString('en')} µs for 1,000 pages/s on ${cpus().length} cores`;
  const what = `1. registry search, ${size} orgs, CPU per page`;
  rows.push(row(`${what}: the server`, server('service'), 'µs', server('bare'), null));
  rows.push(row(`${what}: Postgres`, us('service', 'postgres'), 'µs', us('bare', 'postgres'), null));
  rows.push(row(`${what}: server, Postgres and load generator`, all('service'), 'µs', all('bare'), budget));
  return rows;
}

/** Runs `fn` with `concurrency` calls in flight until the time or the count is up; exact latencies. */
async function closedLoop({ concurrency, seconds, amount, fn }) {
  const latencies = [];
  let errors = 0;
  let issued = 0;
  const started = Date.now();
  const deadline = seconds ? started + seconds * 1000 : Infinity;
  const more = () => (amount ? issued < amount : Date.now() < deadline);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (more()) {
        issued++;
        const t = process.hrtime.bigint();
        try {
          await fn();
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors, elapsed: (Date.now() - started) / 1000 };
}

/**
 * Closed loops of several contenders taking turns: `warmUp` seconds of each (not counted), then `rounds`
 * rounds in which each runs for `bound`; per contender, the figures of all its rounds together, with the
 * CPU time each process group (`cpu`: name -> pids; `requester` is this process) spent per request.
 */
async function takingTurns({ concurrency, rounds, warmUp, bound, contenders }) {
  if (warmUp) for (const { fn } of contenders) await closedLoop({ concurrency, seconds: warmUp, fn });
  const totals = contenders.map(() => ({ latencies: [], errors: 0, elapsed: 0, cpuMs: {}, roundRps: [] }));
  const groupsOf = contenders.map(({ cpu }) => ({ requester: () => [process.pid], ...cpu }));
  for (let round = 0; round < rounds; round++) {
    for (const [k, { fn }] of contenders.entries()) {
      const groups = groupsOf[k];
      const before = cpuSnapshot(groups);
      const r = await closedLoop({ concurrency, ...bound, fn });
      const used = cpuUsedSince(groups, before);
      for (const [name, ms] of Object.entries(used)) totals[k].cpuMs[name] = (totals[k].cpuMs[name] ?? 0) + ms;
      for (const l of r.latencies) totals[k].latencies.push(l);
      totals[k].errors += r.errors;
      totals[k].elapsed += r.elapsed;
      totals[k].roundRps.push(r.latencies.length / r.elapsed);
    }
  }
  return totals.map((t) => ({
    requests: t.latencies.length,
    rps: t.latencies.length / t.elapsed,
    roundRps: t.roundRps,
    latencyMs: latencySummary(t.latencies),
    errors: t.errors,
    cpuMsPerRequest: Object.fromEntries(
      Object.entries(t.cpuMs).map(([name, ms]) => [name, t.latencies.length ? ms / t.latencies.length : NaN]),
    ),
  }));
}

function notePeak(ctx, service, pid, peakBytes) {
  const m = ctx.memory.get(service) ?? { pid, peakMb: 0 };
  m.peakMb = Math.max(m.peakMb, peakBytes / 2 ** 20);
  ctx.memory.set(service, m);
}

export const httpBench = {
  name: 'registry-http',
  async run(ctx) {
    const target = await registryFixture(ctx);
    if (target.idleMb && !ctx.memory.has('registry')) ctx.memory.set('registry', { idleMb: target.idleMb, peakMb: 0 });
    const bare = await startBare(ctx, target);
    const headers = { authorization: `Bearer ${target.token}` };

    // Same answers first: the baseline must run the same query, and the gram index must find what the LIKE scan found.
    await checkSearchAnswers(target, bare.url, headers, [
      ...new Set([...ORGANIZATION_QUERIES, ...QUERIES_BY_LENGTH.flatMap(([, t]) => t)]),
    ]);

    const bound = ctx.smoke ? { amount: 40 } : { duration: ctx.quick ? 5 : 15 };
    const connections = ctx.smoke ? 4 : 16;
    const rows = [];
    const steps = [
      {
        label: 'search',
        path: () => `/v1/organizations?q=${encodeURIComponent(ORGANIZATION_QUERIES[steps.i++ % ORGANIZATION_QUERIES.length])}&limit=20`,
      },
      { label: 'get by id', path: () => `/v1/organizations/${steps.rnd.pick(target.organizationIds)}` },
    ];
    for (const step of steps) {
      steps.i = 0;
      steps.rnd = prng('bench-registry-http');
      const service = await httpLoad({
        name: step.label,
        url: target.url,
        connections,
        ...bound,
        headers,
        pid: target.pid,
        request: () => ({ path: step.path() }),
      });
      notePeak(ctx, 'registry', target.pid, service.rssPeakMb * 2 ** 20);
      steps.i = 0;
      steps.rnd = prng('bench-registry-http');
      const baseline = await httpLoad({ name: step.label, url: bare.url, connections, ...bound, request: () => ({ path: step.path() }) });
      for (const r of [service, baseline]) {
        if (r.errors || r.non2xx) throw new Error(`${step.label}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      }
      const what = step.label === 'search' ? 'GET /v1/organizations?q=' : 'GET /v1/organizations/{id}';
      rows.push(row(`1. registry ${what} (${connections} conns)`, service.rps, 'req/s', baseline.rps, '>= 0.5 x bare Fastify+pg'));
      rows.push(row(`1. registry ${what} p99`, service.latencyMs.p99, 'ms', baseline.latencyMs.p99, null));
    }
    const organizations = registryScenario.dataset(ctx.smoke).organizations;
    const byLength = ctx.smoke ? { amount: 24 } : { duration: ctx.quick ? 5 : 10 };
    rows.push(
      ...(await searchRowsByLength(ctx, target, bare, headers, {
        organizations,
        connections,
        bound: byLength,
        rpsTarget: '>= 1,000 req/s, >= 0.5 x bare Fastify+pg',
        p99Target: '<= 30 ms',
        memory: true,
      })),
    );
    return rows;
  },
};

export const rpcBench = {
  name: 'registry-rpc',
  async run(ctx) {
    const target = await registryFixture(ctx);
    if (target.idleMb && !ctx.memory.has('registry')) ctx.memory.set('registry', { idleMb: target.idleMb, peakMb: 0 });
    const ids = target.personIds;
    const concurrency = ctx.smoke ? 4 : 16;

    // Nest's transport: the kit's RpcClient (ClientNats, headers, timeout) against the registry's handler.
    const rpc = new RpcClient({ url: NATS_URL, service: 'bench', naming: new NatsNaming(target.prefix), timeoutMs: 5000 });
    // Raw: a requester and a responder on @nats-io/transport-node, the same query, another subject.
    const subject = `${target.prefix}raw.registry.qry.person.get.v1`;
    const responder = await ctx.platform.startHelper(join(ROOT, 'bench', 'baselines', 'person-responder.mjs'), {
      DATABASE_URL: target.databaseUrl,
      NATS_URL,
      SUBJECT: subject,
    });
    assertSameHeap('the raw NATS responder', target.pid, responder.pid);
    const nc = await connect({ servers: NATS_URL, name: 'bench-raw-requester' });
    await rpc.connect();
    let service;
    let baseline;
    try {
      const check = await rpc.request(GetPersonV1, { personId: ids[0] });
      if (check.id !== ids[0]) throw new Error('person.get answered another person');
      const answer = (await nc.request(subject, JSON.stringify({ personId: ids[0] }), { timeout: 5000 })).json();
      if (answer.id !== ids[0]) throw new Error('the raw responder answered another person');
      let i = 0;
      let j = 0;
      const viaNest = () => rpc.request(GetPersonV1, { personId: ids[i++ % ids.length] });
      const raw = async () => {
        const m = await nc.request(subject, JSON.stringify({ personId: ids[j++ % ids.length] }), { timeout: 5000 });
        if (!m.json().id) throw new Error('no person');
      };
      // The two take turns (a round of each, six times; after a short warm-up of each), so that a drift of
      // the machine during the run (Postgres writing back the freshly seeded tables, another process) weighs
      // on both alike instead of on whichever ran first. Single 5 s rounds on this host ranged from 0.57 to
      // 0.83 in ratio (stderr prints them); the figure is all six rounds of each together.
      const sharedServers = { postgres: () => pidsNamed('postgres'), nats: () => pidsNamed('nats-server') };
      const memory = sampleMemory(target.pid);
      [service, baseline] = await takingTurns({
        concurrency,
        rounds: ctx.smoke ? 1 : 6,
        warmUp: ctx.smoke ? 0 : 2,
        bound: ctx.smoke ? { amount: 60 } : { seconds: ctx.quick ? 2 : 5 },
        contenders: [
          {
            fn: viaNest,
            cpu: { responder: () => [target.pid], ...sharedServers },
          },
          {
            fn: raw,
            cpu: { responder: () => [responder.pid], ...sharedServers },
          },
        ],
      });
      const perRequest = (r) =>
        Object.entries(r.cpuMsPerRequest)
          .map(([name, ms]) => `${name} ${ms.toFixed(3)}`)
          .join(', ');
      process.stderr.write(`[bench] person.get CPU ms per request, via Nest: ${perRequest(service)}\n`);
      process.stderr.write(`[bench] person.get CPU ms per request, raw:      ${perRequest(baseline)}\n`);
      const rounds = service.roundRps.map(
        (rps, i) => `${rps.toFixed(0)}/${baseline.roundRps[i].toFixed(0)} = ${(rps / baseline.roundRps[i]).toFixed(3)}`,
      );
      process.stderr.write(`[bench] person.get req/s by round, via Nest/raw: ${rounds.join(', ')}\n`);
      notePeak(ctx, 'registry', target.pid, memory.stop().peak);
    } finally {
      await rpc.close();
      await nc.close();
    }
    if (service.errors || baseline.errors) throw new Error(`person.get: ${service.errors} errors through Nest, ${baseline.errors} raw`);
    return [
      row(`2. registry RPC person.get (${concurrency} in flight)`, service.rps, 'req/s', baseline.rps, '>= 0.6 x raw NATS'),
      row('2. registry RPC person.get p99', service.latencyMs.p99, 'ms', baseline.latencyMs.p99, null),
    ];
  },
};

/**
 * Search at national scale (opt-in: `npm run bench -- registry-national`; the smoke run includes it on small
 * data): a registry of its own with 1,000,000 organisations (`BENCH_NATIONAL_ORGANIZATIONS`), the answers
 * checked as in benchmark 1, then the rows per term length beside the bare baseline running the same SQL.
 */
export const nationalSearchBench = {
  name: 'registry-national',
  optIn: true,
  async run(ctx) {
    const target = await nationalFixture(ctx);
    const bare = await startBare(ctx, target);
    const headers = { authorization: `Bearer ${target.token}` };
    await checkSearchAnswers(
      target,
      bare.url,
      headers,
      QUERIES_BY_LENGTH.flatMap(([, t]) => t),
    );
    return searchRowsByLength(ctx, target, bare, headers, {
      organizations: target.organizations,
      connections: ctx.smoke ? 4 : 16,
      bound: ctx.smoke ? { amount: 24 } : { duration: ctx.quick ? 5 : 10 },
      rpsTarget: '>= 0.5 x bare Fastify+pg',
      p99Target: '<= 100 ms',
    });
  },
};
