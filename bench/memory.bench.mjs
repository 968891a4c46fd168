// Benchmark 6: each service's resident memory (VmRSS) idle (started, migrated, dataset seeded, no traffic)
// and its peak under load. A service already loaded by an earlier benchmark of this run is reported from
// there (registry: benchmarks 1 and 2; proposals and notifications: benchmark 4); any other is started and
// put through its load scenario (npm run load) for a few seconds per step. Target: under 200 MB under load.
import { SERVICES } from '../load/lib/platform.mjs';
import { row } from './lib.mjs';

export const name = 'memory';

export async function run(ctx) {
  const rows = [];
  for (const service of SERVICES) {
    let m = ctx.memory.get(service);
    let how = 'under the load of the benchmarks above';
    if (!m || !m.peakMb) {
      const scenario = await import(`../load/scenarios/${service}.mjs`);
      const load = { ...ctx.load, bound: ctx.smoke ? { amount: 20 } : { duration: 5 } };
      const target = await scenario.prepare(load);
      const result = await scenario.run(load, target);
      m = result.memory[0];
      how = `under its load scenario (${ctx.smoke ? '20 requests' : '5 s'} per step)`;
    }
    rows.push(row(`6. memory ${service} idle`, m.idleMb, 'MB', null, null));
    rows.push(row(`6. memory ${service} under load (peak)`, m.peakMb, 'MB', null, '< 200 MB', how));
  }
  return rows;
}
