#!/usr/bin/env node
// Baseline of benchmark 2: a raw @nats-io/transport-node responder for `registry.qry.person.get.v1` running
// the registry's own statement (the person an id stands for today, with its aliases: RESOLVED_WITH_ALIASES_SQL),
// prepared as the registry prepares it, on the same database, and answering the contract's shape (toPersonV1 with
// mergedFrom and aliasIds). No Nest, no validation pipe, no context. NATS_URL, SUBJECT, DATABASE_URL.
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { RESOLVED_WITH_ALIASES_SQL } from '../../services/registry/dist/people/merge/resolve-person.js';
import { toPersonV1, toPersonView } from '../../services/registry/dist/people/person.view.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const nc = await connect({ servers: process.env.NATS_URL, name: 'bench-raw-person-responder' });
const statement = { name: 'bench_person_get', text: RESOLVED_WITH_ALIASES_SQL };
const answer = (personId, row) => ({
  ...toPersonV1(toPersonView(row)),
  ...(row.id !== personId ? { mergedFrom: personId } : {}),
  ...(row.alias_ids.length ? { aliasIds: row.alias_ids } : {}),
});
nc.subscribe(process.env.SUBJECT, {
  queue: 'registry',
  callback: (err, msg) => {
    if (err) return;
    const { personId } = msg.json();
    pool.query({ ...statement, values: [personId] }).then(
      ({ rows }) => msg.respond(JSON.stringify(rows[0] ? answer(personId, rows[0]) : { code: 'REGISTRY.PERSON_NOT_FOUND', status: 404 })),
      () => msg.respond(JSON.stringify({ code: 'COMMON.INTERNAL', status: 500 })),
    );
  },
});
await nc.flush();
process.stdout.write('ready\n');
const stop = async () => {
  await nc.drain();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
