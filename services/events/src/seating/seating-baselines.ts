/** The plans a good seating must beat: dealing people out in registration order, and seating them at random. */
import { Prng } from './prng.js';
import { tableSizes, type SeatingRequest, type Tables } from './seating-model.js';

/** Person k (in the given order) sits at table k mod T. */
export function roundRobinPlan(request: SeatingRequest): Tables {
  const sizes = tableSizes(request.attendees.length, request.tableSize, request.hostsPerTable ?? 0);
  const tables: Tables = sizes.map(() => []);
  request.attendees.forEach((a, k) => tables[k % sizes.length]!.push(a.id));
  return tables;
}

/** A uniformly random seating with the same table sizes. */
export function randomPlan(request: SeatingRequest, seed: string): Tables {
  const sizes = tableSizes(request.attendees.length, request.tableSize, request.hostsPerTable ?? 0);
  const ids = new Prng(seed).shuffle(request.attendees.map((a) => a.id));
  const tables: Tables = [];
  let k = 0;
  for (const size of sizes) {
    tables.push(ids.slice(k, k + size));
    k += size;
  }
  return tables;
}
