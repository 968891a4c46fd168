#!/usr/bin/env node
// Baseline of benchmark 2: a raw @nats-io/transport-node responder for `registry.qry.person.get.v1` running
// the registry's own query (PERSON_SELECT ... WHERE p.id = $1) on the same database and answering the
// contract's shape (toPersonV1). No Nest, no validation pipe, no context. NATS_URL, SUBJECT, DATABASE_URL.
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { PERSON_SELECT, toPersonV1, toPersonView } from '../../services/registry/dist/people/person.view.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const nc = await connect({ servers: process.env.NATS_URL, name: 'bench-raw-person-responder' });
const sql = `${PERSON_SELECT} WHERE p.id = $1 `;
nc.subscribe(process.env.SUBJECT, {
  queue: 'registry',
  callback: (err, msg) => {
    if (err) return;
    const { personId } = msg.json();
    pool.query(sql, [personId]).then(
      ({ rows }) =>
        msg.respond(JSON.stringify(rows[0] ? toPersonV1(toPersonView(rows[0])) : { code: 'REGISTRY.PERSON_NOT_FOUND', status: 404 })),
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
