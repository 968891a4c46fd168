#!/usr/bin/env node
// Baseline of benchmark 1: a bare Fastify + pg server that answers the registry's two organisation reads
// with the same SQL on the same database, and the same JSON: no Nest, no auth, no validation, no hooks.
// DATABASE_URL, PORT (loopback), DATABASE_POOL_SIZE (the registry's default, 10).
//
// The SQL is the registry's own: ORGANIZATION_SELECT, the search condition, its gram hint and ranks (nameSearchSql:
// the gram index, the LIKE recheck, exact > prefix > inside), the page query (rankedPage: each rank read on its own,
// the total counted up to a cap, prepared statements) and the row mapping come from its build; the WHERE and the
// order inside a rank are what OrganizationsService.search builds for `q` with the default filters (not archived,
// sorted by relevance, then by reading). The benchmark checks that both servers answer the same items and totals first.
import Fastify from 'fastify';
import pg from 'pg';
import { ORGANIZATION_SELECT, toOrganizationView } from '../../services/registry/dist/organizations/organization.view.js';
import { searchKey } from '../../services/registry/dist/organizations/japanese-text.js';
import { nameSearchSql } from '../../services/registry/dist/organizations/name-search.js';
import { poolDb, rankedPage } from '../../services/registry/dist/database/list-page.js';

// The registry's pool settings (the kit's serviceDataSourceOptions): its size, and idle connections kept for 30 s, so that
// the baseline's connections, idle while the registry takes its turn, are not closed and opened again (new backends,
// their statements prepared and planned again) at the start of each of its windows.
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  idleTimeoutMillis: 30000,
});
const app = Fastify({ logger: false });

// The registry's page query (the ranks, the capped count, the cursor's keys) on a bare pool, as the registry runs it
// (poolDb: its statements that one plan suits whatever the term prepared).
const db = poolDb(pool);

app.get('/v1/organizations', async (req) => {
  const q = String(req.query.q ?? '');
  const limit = Number(req.query.limit ?? 20);
  const offset = Number(req.query.offset ?? 0);
  const params = [];
  const p = (v) => `$${params.push(v)}`;
  // As the registry builds it: the corporate-number branch only for a 13-digit term.
  const key = searchKey(q);
  const search = nameSearchSql(q, 'o', p, /^\d{13}$/.test(key) ? () => `o.corporate_number = ${p(key)}` : undefined);
  const where = `${search.match} AND NOT o.archived`;
  const list = {
    select: ORGANIZATION_SELECT,
    alias: 'o',
    where,
    filters: 'NOT o.archived',
    hint: search.hint ?? undefined,
    sample: search.sample ?? undefined,
    params,
    ranks: search.ranks(),
    order: ['o.name_kana', 'o.id'],
    sort: 'relevance',
  };
  const { rows, total, totalExact, nextCursor } = await rankedPage(db, list, { limit, offset });
  return { items: rows.map(toOrganizationView), total, limit, offset, totalExact, nextCursor };
});

const BY_ID = `${ORGANIZATION_SELECT} WHERE o.id = $1`;

app.get('/v1/organizations/:id', async (req, reply) => {
  // As the registry reads by id (recordsById): one text, prepared on each connection.
  const { rows } = await pool.query({ name: 'byid', text: BY_ID, values: [req.params.id] });
  if (!rows[0]) return reply.code(404).send({ status: 404 });
  const view = toOrganizationView(rows[0]);
  void reply.header('etag', `"${view.version}"`);
  return view;
});

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write('ready\n');
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
