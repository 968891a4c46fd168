// The context a scenario runs in (shared by `npm run load` and the benchmarks that reuse the scenarios).
import { seedRegistry } from '../seed/registry.mjs';

/**
 * @param {{ platform, log, smoke?: boolean, seed?: string, connections?: number, duration?: number, amount?: number, url?: string }} o
 */
export function createLoadContext(o) {
  let peer;
  const ctx = {
    platform: o.platform,
    log: o.log,
    smoke: Boolean(o.smoke),
    seed: o.seed ?? 'collabo-load',
    connections: o.connections ?? (o.smoke ? 4 : 20),
    url: o.url,
    /** What bounds a timed step: its duration, or in a smoke run a fixed number of requests (always some answers). */
    bound: o.duration || !o.smoke ? { duration: o.duration ?? 10 } : { amount: o.amount ?? 30 },
    /** A registry for the other services (tokens, JWKS, RPC), with a small dataset; one per run. */
    async peerRegistry() {
      if (!peer) {
        peer = (async () => {
          const registry = await o.platform.startRegistry();
          const seeded = await seedRegistry(registry.databaseUrl, {
            organizations: ctx.smoke ? 300 : 5_000,
            people: ctx.smoke ? 1_200 : 12_000,
            seed: ctx.seed,
          });
          return { registry, seeded, token: await registry.token(), adminPersonId: await registry.adminPersonId() };
        })();
      }
      return peer;
    },
  };
  return ctx;
}
