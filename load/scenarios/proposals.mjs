// Proposals: the staff's list with its filters, and stage transitions (If-Match, row lock, history line,
// outbox event), on 10,000 proposals (smoke: 300). The registry is real: tokens, JWKS and the RPCs the
// proposals service makes when a proposal is brought in.
import { prng } from '../lib/data.mjs';
import { httpLoad } from '../lib/http.mjs';
import { stepRow } from '../lib/report.mjs';
import { memoryOf, peakOf, targetFromUrl } from '../lib/target.mjs';
import { transitionDriver } from '../lib/transitions.mjs';
import { registryPeopleAndProposers, seedProposals, seedProposalsThroughApi } from '../seed/proposals.mjs';

export const service = 'proposals';
export const scenarios = ['list', 'transitions'];

/** Starts the registry peer and the proposals service and seeds them; used by the benchmarks too. */
export async function startProposals(ctx, { count, env = {}, nodeArgs } = {}) {
  const peer = await ctx.peerRegistry();
  const proposals = await ctx.platform.startService('proposals', { env: { AUTH_JWKS_URL: peer.registry.jwksUrl, ...env }, nodeArgs });
  const { proposers, people } = await registryPeopleAndProposers(peer.registry.databaseUrl);
  const coordinators = people.slice(0, 20);
  const t0 = Date.now();
  const seeded = await seedProposals(proposals.databaseUrl, {
    count,
    proposers,
    people,
    coordinators,
    actorId: peer.adminPersonId,
    seed: ctx.seed,
  });
  const api = await seedProposalsThroughApi(proposals, peer.token, {
    count: ctx.smoke ? 3 : 20,
    proposers,
    people,
    coordinators,
    seed: ctx.seed,
  });
  ctx.log(
    `seeded ${seeded.counts.proposals} proposals with ${seeded.counts.transitions} history lines (+${api.length} through the API) ` +
      `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { proposals, peer, received: seeded.received, people, coordinators };
}

export async function prepare(ctx) {
  if (ctx.url) {
    const target = await targetFromUrl(ctx, 'proposals');
    const headers = { authorization: `Bearer ${target.token}` };
    const received = [];
    for (let offset = 0; offset < 1000; offset += 100) {
      const page = await (await fetch(`${target.url}/v1/proposals?stage=received,on_hold&limit=100&offset=${offset}`, { headers })).json();
      for (const p of page.items) received.push({ id: p.id, version: p.version, stage: p.stage.code });
      if (page.items.length < 100) break;
    }
    return { ...target, received };
  }
  const started = await startProposals(ctx, { count: ctx.smoke ? 300 : 10_000 });
  return { url: started.proposals.url, pid: started.proposals.pid, token: started.peer.token, received: started.received };
}

export async function run(ctx, target) {
  const rnd = prng(`${ctx.seed}:proposals-load`);
  const headers = { authorization: `Bearer ${target.token}` };
  const common = { url: target.url, connections: ctx.connections, ...ctx.bound, headers, pid: target.pid };
  const idle = await memoryOf(target);
  const rows = [];
  const want = (name) => !ctx.scenario || ctx.scenario === name;
  if (want('list')) {
    const filters = ['', 'stage=screening', 'stage=received,pre_screening', 'fiscalYear=2020', 'focusField=food', 'q=昆布', 'q=P2021'];
    rows.push(
      stepRow(
        'list',
        await httpLoad({
          ...common,
          name: 'GET /v1/proposals?<filters>&limit=20',
          expectStatus: (s) => s === 200,
          request: () => {
            const f = rnd.pick(filters);
            const offset = rnd.chance(0.7) ? 0 : 20 * rnd.int(10);
            return { path: `/v1/proposals?${f ? `${encodeURI(f)}&` : ''}limit=20&offset=${offset}` };
          },
        }),
      ),
    );
  }
  if (want('transitions')) {
    if (target.received.length < ctx.connections)
      throw new Error(`only ${target.received.length} proposals to move for ${ctx.connections} connections`);
    const driver = transitionDriver(target.received);
    const result = await httpLoad({
      ...common,
      name: 'POST /v1/proposals/{id}/transitions',
      expectStatus: (s) => s === 201,
      request: driver.request,
      onResponse: driver.onResponse,
    });
    rows.push(stepRow('transitions', result, { moved: driver.stats.moved }));
  }
  const peak = await peakOf(rows, target);
  return { rows, memory: [{ service: 'proposals', idleMb: idle, peakMb: peak }] };
}
