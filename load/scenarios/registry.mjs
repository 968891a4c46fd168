// Registry: search by partial Japanese names (kanji, katakana, hiragana) and get by id, on 100,000
// organisations and 200,000 people (smoke: 2,000 and 4,000).
import { ORGANIZATION_QUERIES, PERSON_QUERIES, prng } from '../lib/data.mjs';
import { httpLoad } from '../lib/http.mjs';
import { stepRow } from '../lib/report.mjs';
import { seedRegistry, seedRegistryThroughApi } from '../seed/registry.mjs';
import { memoryOf, peakOf, targetFromUrl } from '../lib/target.mjs';

export const service = 'registry';
export const scenarios = ['search', 'get'];

export function dataset(smoke) {
  return smoke ? { organizations: 2_000, people: 4_000 } : { organizations: 100_000, people: 200_000 };
}

/** Starts a registry with its own database and the dataset, or uses the one at `url`. */
export async function prepare(ctx) {
  if (ctx.url) {
    const target = await targetFromUrl(ctx, 'registry');
    const headers = { authorization: `Bearer ${target.token}` };
    const orgs = await (await fetch(`${ctx.url}/v1/organizations?limit=100`, { headers })).json();
    const people = await (await fetch(`${ctx.url}/v1/people?limit=100`, { headers })).json();
    return { ...target, organizationIds: orgs.items.map((o) => o.id), personIds: people.items.map((p) => p.id) };
  }
  // A subject prefix of its own: in a run of several services the peer registry answers their RPCs.
  const prefix = ctx.platform.newPrefix();
  const registry = await ctx.platform.startRegistry({ env: { NATS_SUBJECT_PREFIX: prefix }, nodeArgs: ctx.nodeArgs?.registry });
  const size = dataset(ctx.smoke);
  const t0 = Date.now();
  const seeded = await seedRegistry(registry.databaseUrl, { ...size, seed: ctx.seed });
  const api = await seedRegistryThroughApi(registry, { organizations: ctx.smoke ? 3 : 20, people: ctx.smoke ? 3 : 20, seed: ctx.seed });
  ctx.log(
    `seeded ${seeded.counts.organizations} organisations, ${seeded.counts.people} people, ${seeded.counts.affiliations} affiliations ` +
      `(+${api.organizations.length + api.people.length} through the API) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return {
    url: registry.url,
    pid: registry.pid,
    prefix,
    databaseUrl: registry.databaseUrl,
    token: await registry.token(),
    organizationIds: [...seeded.organizationIds, ...api.organizations],
    personIds: [...seeded.personIds, ...api.people],
  };
}

export async function run(ctx, target) {
  const rnd = prng(`${ctx.seed}:registry-load`);
  const headers = { authorization: `Bearer ${target.token}` };
  const common = { url: target.url, connections: ctx.connections, ...ctx.bound, headers, pid: target.pid };
  const ok = (s) => s === 200;
  const idle = await memoryOf(target);
  const rows = [];
  const want = (name) => !ctx.scenario || ctx.scenario === name;
  if (want('search')) {
    let i = 0;
    const orgQuery = () => ORGANIZATION_QUERIES[i++ % ORGANIZATION_QUERIES.length];
    rows.push(
      stepRow(
        'search',
        await httpLoad({
          ...common,
          name: 'GET /v1/organizations?q=<partial name>',
          expectStatus: ok,
          request: () => ({ path: `/v1/organizations?q=${encodeURIComponent(orgQuery())}&limit=20` }),
        }),
      ),
    );
    let j = 0;
    rows.push(
      stepRow(
        'search',
        await httpLoad({
          ...common,
          name: 'GET /v1/people?q=<partial name>',
          expectStatus: ok,
          request: () => ({ path: `/v1/people?q=${encodeURIComponent(PERSON_QUERIES[j++ % PERSON_QUERIES.length])}&limit=20` }),
        }),
      ),
    );
  }
  if (want('get')) {
    rows.push(
      stepRow(
        'get',
        await httpLoad({
          ...common,
          name: 'GET /v1/organizations/{id}',
          expectStatus: ok,
          request: () => ({ path: `/v1/organizations/${rnd.pick(target.organizationIds)}` }),
        }),
      ),
    );
    rows.push(
      stepRow(
        'get',
        await httpLoad({
          ...common,
          name: 'GET /v1/people/{id}',
          expectStatus: ok,
          request: () => ({ path: `/v1/people/${rnd.pick(target.personIds)}` }),
        }),
      ),
    );
  }
  const peak = await peakOf(rows, target);
  return { rows, memory: [{ service: 'registry', idleMb: idle, peakMb: peak }] };
}
