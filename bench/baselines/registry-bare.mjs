#!/usr/bin/env node
// Baseline of benchmark 1: a bare Fastify + pg server that answers the registry's two organisation reads
// with the same SQL on the same database, and the same JSON: no Nest, no auth, no validation, no hooks.
// DATABASE_URL, PORT (loopback), DATABASE_POOL_SIZE (the registry's default, 10).
//
// The SQL is the registry's own: ORGANIZATION_SELECT and the row mapping come from its build, the WHERE and
// ORDER BY are what OrganizationsService.search builds for `q` with the default filters (not archived,
// sorted by relevance). The benchmark checks that both servers answer the same items and totals first.
import Fastify from 'fastify';
import pg from 'pg';
import { ORGANIZATION_SELECT, toOrganizationView } from '../../services/registry/dist/organizations/organization.view.js';
import { escapeLike, searchKey, toKatakana } from '../../services/registry/dist/organizations/japanese-text.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });
// As the registry builds it: the corporate-number branch only for a 13-digit term.
const searchSql = (byNumber) => `${ORGANIZATION_SELECT.replace('SELECT o.id,', 'SELECT count(*) OVER () AS total, o.id,')}
        WHERE (o.search_name LIKE $1 OR o.search_kana LIKE $2${byNumber ? ' OR o.corporate_number = $7' : ''}) AND NOT o.archived
        ORDER BY greatest(similarity(o.search_name, $3::text), similarity(o.search_kana, $4::text)) DESC, o.name_kana, o.id
        LIMIT $5 OFFSET $6`;

app.get('/v1/organizations', async (req) => {
  const q = String(req.query.q ?? '');
  const limit = Number(req.query.limit ?? 20);
  const offset = Number(req.query.offset ?? 0);
  const key = searchKey(q);
  const kana = toKatakana(key);
  const byNumber = /^\d{13}$/.test(key);
  const params = [`%${escapeLike(key)}%`, `%${escapeLike(kana)}%`, key, kana, limit, offset, ...(byNumber ? [key] : [])];
  const { rows } = await pool.query(searchSql(byNumber), params);
  return { items: rows.map(toOrganizationView), total: rows[0] ? Number(rows[0].total) : 0, limit, offset };
});

app.get('/v1/organizations/:id', async (req, reply) => {
  const { rows } = await pool.query(`${ORGANIZATION_SELECT} WHERE o.id = $1 `, [req.params.id]);
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
