/**
 * Alerts and dashboards: the PrometheusRule passes prometheus-operator's schema and says what needs a human; every
 * metric named in a rule or a dashboard panel is exported by something that runs: the services' code (the kit's
 * ServiceMetrics and the services' own prom-client metrics, read from their sources), prom-client's default
 * metrics (the kit calls collectDefaultMetrics), Collabo's Postgres queries (base/postgres/monitoring-queries.yaml,
 * which run here against a real Postgres with the kit's tables), or an external exporter listed below with its source.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServiceDataSource, migrate } from '@collabo/service-kit';
import { createTestDatabase, type TestDatabase } from '@collabo/service-kit/testing';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import { dashboard, SERVICES as DASHBOARD_SERVICES } from '../scripts/dashboards.mjs';
import { DEPLOY_DIR, REPO_ROOT, SERVICES } from './support/paths.js';
import { named, render, type K8sObject } from './support/render.js';

type Any = any;

/** Metrics of exporters that are not ours, with where they come from. */
const EXTERNAL: Record<string, string> = {
  jetstream_consumer_num_pending: 'prometheus-nats-exporter 0.16 (collector/jsz.go, -jsz=all), the sidecar in deploy/nats/statefulset.yaml',
  jetstream_server_total_message_bytes: 'prometheus-nats-exporter 0.16 (collector/jsz.go), as above',
  jetstream_server_max_storage: 'prometheus-nats-exporter 0.16 (collector/jsz.go), as above',
  kube_pod_status_ready: 'kube-state-metrics (pod metrics), part of kube-prometheus-stack',
};

const PROMQL_WORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'group',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'changes',
  'resets',
  'histogram_quantile',
  'abs',
  'absent',
  'absent_over_time',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'sum_over_time',
  'count_over_time',
  'clamp_min',
  'clamp_max',
  'label_replace',
  'vector',
  'scalar',
  'time',
  'deriv',
  'predict_linear',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression reads (label matchers, grouping labels, durations and strings left out). */
export function metricsIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = m[0];
    const after = stripped.slice(m.index! + word.length).trimStart();
    if (PROMQL_WORDS.has(word) || after.startsWith('(')) continue;
    if (/^\d/.test(word) || /^(e|s|m|h|d|w|y)$/.test(word)) continue;
    names.add(word);
  }
  return [...names].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Metric names the code registers (`name: '...'` beside a prom-client Counter/Gauge/Histogram, or beside the kit's
 * `metrics.counter(...)` / `metrics.gauge(...)`), with the type.
 */
function codeMetrics(): Map<string, string> {
  const found = new Map<string, string>();
  const dirs = [path.join(REPO_ROOT, 'libs', 'service-kit', 'src'), ...SERVICES.map((s) => path.join(REPO_ROOT, 'services', s, 'src'))];
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    const definitions = /(?:new (Counter|Gauge|Histogram|Summary)|\.(counter|gauge))(?:<[^>]*>)?\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g;
    for (const m of text.matchAll(definitions)) found.set(m[3]!, m[1] ?? (m[2] === 'counter' ? 'Counter' : 'Gauge'));
  }
  return found;
}

/** prom-client's default metrics (collectDefaultMetrics), read from its sources. */
function defaultMetrics(): Set<string> {
  const dir = path.join(REPO_ROOT, 'node_modules', 'prom-client', 'lib', 'metrics');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')))
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/'((?:nodejs|process)_[a-z0-9_]+)'/g)) names.add(m[1]!);
  return names;
}

/** cnpg_<query>_<column> of every GAUGE/COUNTER column of Collabo's Postgres queries. */
function queryMetrics(queries: Record<string, Any>): Set<string> {
  const names = new Set<string>();
  for (const [query, def] of Object.entries(queries))
    for (const metric of def.metrics as Record<string, { usage: string }>[])
      for (const [column, spec] of Object.entries(metric)) if (spec.usage !== 'LABEL') names.add(`cnpg_${query}_${column}`);
  return names;
}

describe('alerts and dashboards', () => {
  let objects: K8sObject[];
  let rule: K8sObject;
  let queries: Record<string, Any>;
  let exported: (name: string) => string | null;

  beforeAll(() => {
    objects = render('prod');
    rule = named(objects, 'PrometheusRule', 'collabo');
    queries = parse(named(objects, 'ConfigMap', 'collabo-pg-monitoring').data!['queries']!);
    const code = codeMetrics();
    const defaults = defaultMetrics();
    const fromQueries = queryMetrics(queries);
    exported = (name) => {
      if (code.has(name)) return `code (${code.get(name)})`;
      const base = name.replace(/_(bucket|sum|count)$/, '');
      if (base !== name && code.get(base) === 'Histogram') return 'code (Histogram series)';
      if (defaults.has(name)) return 'prom-client default metrics';
      if (fromQueries.has(name)) return 'base/postgres/monitoring-queries.yaml';
      return EXTERNAL[name] ?? null;
    };
  });

  it('the PrometheusRule passes the prometheus-operator schema; every rule has a severity, a summary and a description', () => {
    expect(() => new PrometheusRule(rule as Any).validate()).not.toThrow();
    const rules = rule.spec.groups.flatMap((g: Any) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const r of rules) {
      expect([r.alert, r.labels?.severity]).toEqual([r.alert, expect.stringMatching(/^(warning|critical)$/)]);
      expect(r.annotations?.summary).toEqual(expect.any(String));
      expect(r.annotations?.description).toEqual(expect.any(String));
      expect(metricsIn(r.expr).length).toBeGreaterThan(0);
    }
    // and the schema does refuse a broken rule.
    const broken = structuredClone(rule) as Any;
    broken.spec.groups[0].rules[0].expr = { not: 'a string' };
    expect(() => new PrometheusRule(broken).validate()).toThrow();
  });

  it('alerts on what needs a human (issue 18): dead letters, lag and outbox age, mail, relay leadership, readiness, JetStream storage', () => {
    const metricsOfRules = rule.spec.groups.flatMap((g: Any) => g.rules).flatMap((r: Any) => metricsIn(r.expr));
    for (const needed of [
      'cnpg_collabo_dead_letters_open',
      'events_consumed_total',
      'jetstream_consumer_num_pending',
      'cnpg_collabo_outbox_oldest_pending_seconds',
      'notification_deliveries',
      'notification_deliveries_total',
      'cnpg_collabo_outbox_relay_leaders',
      'kube_pod_status_ready',
      'jetstream_server_total_message_bytes',
    ])
      expect(metricsOfRules).toContain(needed);
  });

  it('every metric named in a rule is exported by the code, our Postgres queries or a listed exporter', () => {
    const names = [...new Set(rule.spec.groups.flatMap((g: Any) => g.rules).flatMap((r: Any) => metricsIn(r.expr)))] as string[];
    const unknown = names.filter((n) => !exported(n));
    expect(unknown).toEqual([]);
    // The NATS exporter runs with the JetStream collector the jetstream_* metrics need.
    const exporter = named(objects, 'StatefulSet', 'collabo-nats').spec.template.spec.containers.find((c: Any) => c.name === 'exporter');
    expect(exporter.args).toEqual(expect.arrayContaining(['-jsz=all', '-varz']));
  });

  it('a dashboard per service, as a ConfigMap for the Grafana sidecar, written by scripts/dashboards.mjs', () => {
    expect([...DASHBOARD_SERVICES].sort()).toEqual([...SERVICES].sort());
    for (const service of SERVICES) {
      const map = named(objects, 'ConfigMap', `collabo-dashboard-${service}`);
      expect(map.metadata.labels?.['grafana_dashboard']).toBe('1');
      const file = `${service}.json`;
      expect(map.data![file]).toBe(readFileSync(path.join(DEPLOY_DIR, 'base', 'monitoring', 'dashboards', file), 'utf8'));
      const model = JSON.parse(map.data![file]!);
      // What the script writes (the file is then formatted by prettier).
      expect(model).toEqual(dashboard(service));
      expect(model.uid).toBe(`collabo-${service}`);
      expect(model.panels.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('every metric in a dashboard panel is exported by the code, our Postgres queries or a listed exporter', () => {
    for (const service of SERVICES) {
      const model = JSON.parse(named(objects, 'ConfigMap', `collabo-dashboard-${service}`).data![`${service}.json`]!);
      const names = [...new Set(model.panels.flatMap((p: Any) => p.targets.flatMap((t: Any) => metricsIn(t.expr))))] as string[];
      expect(names.length).toBeGreaterThan(5);
      expect([service, names.filter((n) => !exported(n))]).toEqual([service, []]);
    }
    // The check does catch a metric nothing exports.
    expect(exported('outbox_publised_total')).toBeNull();
    expect(metricsIn('sum by (service) (rate(http_request_duration_seconds_count{status=~"5.."}[5m])) > 0')).toEqual([
      'http_request_duration_seconds_count',
    ]);
  });

  describe("Collabo's Postgres queries, on a real database with the kit's tables", () => {
    let db: TestDatabase;
    let ds: DataSource;

    beforeAll(async () => {
      db = await createTestDatabase('deploy');
      ds = createServiceDataSource({ url: db.url, entities: [], migrations: [] });
      await ds.initialize();
      await migrate(ds);
    });

    afterAll(async () => {
      await ds?.destroy();
      await db?.drop();
    });

    const run = async (name: string) => (await ds.query(queries[name].query)) as Record<string, unknown>[];

    it('report nothing pending, no dead letter and no leader on an idle database', async () => {
      const [outbox] = await run('collabo_outbox');
      expect(outbox).toMatchObject({ database: db.name, pending: '0' });
      expect(Number(outbox!['oldest_pending_seconds'])).toBe(0);
      expect(await run('collabo_dead_letters')).toEqual([]);
      expect(await run('collabo_outbox_relay')).toEqual([{ database: db.name, leaders: '0' }]);
    });

    it('see an unpublished outbox row, an open dead letter, and the session holding the relay lock', async () => {
      await ds.query(
        `INSERT INTO outbox (id, subject, aggregate_id, envelope, created_at)
         VALUES (gen_random_uuid(), 'registry.evt.x.v1', 'a', '{}', now() - interval '10 minutes')`,
      );
      await ds.query(
        `INSERT INTO dead_letters (id, consumer, subject, payload, error, attempts) VALUES
           (gen_random_uuid(), 'events-on-x', 'registry.evt.x.v1', '{}', 'boom', 5),
           (gen_random_uuid(), 'events-on-x', 'registry.evt.x.v1', '{}', 'boom', 5)`,
      );
      await ds.query(
        `INSERT INTO dead_letters (id, consumer, subject, payload, error, attempts, resolved_at)
         VALUES (gen_random_uuid(), 'events-on-y', 'registry.evt.y.v1', '{}', 'boom', 5, now())`,
      );
      // The relay's lock, taken the way the kit takes it: pg_try_advisory_lock(hashtext('collabo.outbox.<service>'))
      // on a session of its own, <service> being the database name after `collabo_`.
      const session = ds.createQueryRunner();
      await session.connect();
      try {
        const service = db.name.replace(/^collabo_/, '');
        const [{ ok }] = await session.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`collabo.outbox.${service}`]);
        expect(ok).toBe(true);
        // Another advisory lock (the migration lock's two-key form) is not counted.
        await session.query('SELECT pg_advisory_lock(1, 2)');
        const [outbox] = await run('collabo_outbox');
        expect(outbox!['pending']).toBe('1');
        expect(Number(outbox!['oldest_pending_seconds'])).toBeGreaterThanOrEqual(600);
        expect(await run('collabo_dead_letters')).toEqual([{ database: db.name, consumer: 'events-on-x', open: '2' }]);
        expect(await run('collabo_outbox_relay')).toEqual([{ database: db.name, leaders: '1' }]);
        // The relay lets go (as when its session ends): no leader any more, what CollaboOutboxRelayNotLeader fires on.
        await session.query('SELECT pg_advisory_unlock_all()');
      } finally {
        await session.release();
      }
      expect(await run('collabo_outbox_relay')).toEqual([{ database: db.name, leaders: '0' }]);
    });
  });
});
