/**
 * The Postgres connection budget of each overlay, computed from what `kubectl kustomize` renders: every pod of every
 * Deployment at its HorizontalPodAutoscaler maximum plus the rolling update's surge, each opening its pool
 * (DATABASE_POOL_SIZE) where its DATABASE_URL points, one session for the outbox relay where DATABASE_SESSION_URL
 * points, its migration init container (2 connections, before the server starts), and any Job. What reaches a
 * PgBouncer must fit its `max_client_conn` (should every client land on one instance); what reaches Postgres
 * (PgBouncer's server connections, the direct sessions, the operator's own) must fit `max_connections`.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { named, OVERLAYS, render, type K8sObject } from './support/render.js';

type Any = any;

/** A migration run (`node dist/main.js migrate`): the kit's migrate data source has a pool of 2. */
const MIGRATE_CONNECTIONS = 2;
/** The outbox relay's one session (leader lock + LISTEN), opened by every pod whether it leads or not. */
const RELAY_CONNECTIONS = 1;
/**
 * What Postgres keeps or the operator uses besides us: superuser_reserved_connections (3, Postgres' default) and
 * CloudNativePG's instance manager and metrics exporter (a connection per database its queries target: 4, plus the
 * postgres database and the instance manager's own: 10 in all, a generous count).
 */
const RESERVED_CONNECTIONS = 3 + 10;

interface Budget {
  /** Client connections per PgBouncer (all of them, should they land on one instance). */
  poolerClients: Map<string, number>;
  /** Connections straight to Postgres from our pods. */
  direct: number;
  /** PgBouncer's server connections, every instance at its cap, plus one auth_query connection per instance. */
  poolerServers: number;
  reserved: number;
  maxConnections: number;
  /** What needs a session (the relay, the migrations) but points at a transaction-mode pooler. */
  sessionThroughTransactionPooler: string[];
  lines: string[];
}

function envOf(container: Any): Map<string, string> {
  return new Map((container.env ?? []).filter((e: Any) => typeof e.value === 'string').map((e: Any) => [e.name, e.value]));
}

function settings(objects: K8sObject[], container: Any): Record<string, string> {
  const data: Record<string, string> = {};
  for (const source of container.envFrom ?? [])
    if (source.configMapRef) Object.assign(data, named(objects, 'ConfigMap', source.configMapRef.name).data);
  return { ...data, ...Object.fromEntries(envOf(container)) };
}

/** The host a postgres:// URL names (the Service it reaches). */
function hostOf(url: string): string {
  return /@([^:/?]+)/.exec(url)![1]!;
}

export function budgetOf(objects: K8sObject[]): Budget {
  const cluster = named(objects, 'Cluster', 'collabo-pg');
  const poolers = objects.filter((o) => o.kind === 'Pooler');
  const poolerByService = new Map(poolers.map((p) => [p.metadata.name, p]));
  const budget: Budget = {
    poolerClients: new Map(poolers.map((p) => [p.metadata.name, 0])),
    direct: 0,
    poolerServers: 0,
    reserved: RESERVED_CONNECTIONS,
    maxConnections: Number(cluster.spec.postgresql.parameters.max_connections),
    sessionThroughTransactionPooler: [],
    lines: [],
  };
  const transactionPooler = (host: string) => poolerByService.get(host)?.spec.pgbouncer.poolMode === 'transaction';
  /** Adds `n` connections to where `url` points; returns the number that reach Postgres directly. */
  const connect = (url: string, n: number): number => {
    const host = hostOf(url);
    if (poolerByService.has(host)) {
      budget.poolerClients.set(host, budget.poolerClients.get(host)! + n);
      return 0;
    }
    expect([url, host]).toEqual([url, `${cluster.metadata.name}-rw`]);
    return n;
  };

  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
  for (const workload of workloads) {
    const pod = workload.spec.template.spec;
    const databaseContainers = [...(pod.initContainers ?? []), ...pod.containers].filter((c: Any) => settings(objects, c)['DATABASE_URL']);
    if (!databaseContainers.length) continue;
    let pods: number;
    if (workload.kind === 'Deployment') {
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === workload.metadata.name);
      const surge = Number(workload.spec.strategy?.rollingUpdate?.maxSurge ?? 1);
      pods = (hpa?.spec.maxReplicas ?? workload.spec.replicas ?? 1) + surge;
    } else {
      pods = workload.spec.parallelism ?? 1;
    }
    // Init containers run one after the other, then the containers together: a pod's direct peak is the larger.
    let initPeak = 0;
    for (const c of pod.initContainers ?? []) {
      const env = settings(objects, c);
      if (!env['DATABASE_URL']) continue;
      const migrates = (c.command ?? []).includes('migrate');
      if (migrates && transactionPooler(hostOf(env['DATABASE_URL'])))
        budget.sessionThroughTransactionPooler.push(`${workload.metadata.name}/${c.name}`);
      initPeak = Math.max(
        initPeak,
        connect(env['DATABASE_URL'], (migrates ? MIGRATE_CONNECTIONS : Number(env['DATABASE_POOL_SIZE'])) * pods) / pods,
      );
    }
    let runPeak = 0;
    for (const c of pod.containers) {
      const env = settings(objects, c);
      if (!env['DATABASE_URL']) continue;
      const migrates = (c.command ?? []).includes('migrate');
      if (migrates) {
        if (transactionPooler(hostOf(env['DATABASE_URL'])))
          budget.sessionThroughTransactionPooler.push(`${workload.metadata.name}/${c.name}`);
        runPeak += connect(env['DATABASE_URL'], MIGRATE_CONNECTIONS * pods) / pods;
        continue;
      }
      runPeak += connect(env['DATABASE_URL'], Number(env['DATABASE_POOL_SIZE']) * pods) / pods;
      const session = env['DATABASE_SESSION_URL'] ?? env['DATABASE_URL'];
      if (transactionPooler(hostOf(session))) budget.sessionThroughTransactionPooler.push(`${workload.metadata.name}/${c.name} (relay)`);
      runPeak += connect(session, RELAY_CONNECTIONS * pods) / pods;
    }
    budget.direct += Math.max(initPeak, runPeak) * pods;
    budget.lines.push(`${workload.kind}/${workload.metadata.name}: ${pods} pods, ${Math.max(initPeak, runPeak)} direct each`);
  }

  const databases = objects.filter((o) => o.kind === 'Database').length;
  for (const pooler of poolers) {
    const p = pooler.spec.pgbouncer.parameters ?? {};
    const instances = pooler.spec.instances ?? 1;
    const perPair = Number(p.default_pool_size ?? 20) + Number(p.reserve_pool_size ?? 0);
    const perDatabase = p.max_db_connections ? Math.min(Number(p.max_db_connections), perPair) : perPair;
    budget.poolerServers += instances * (databases * perDatabase + 1);
    budget.lines.push(`Pooler/${pooler.metadata.name}: ${instances} x (${databases} databases x ${perDatabase} + 1 auth)`);
  }
  return budget;
}

function total(b: Budget): number {
  return b.direct + b.poolerServers + b.reserved;
}

describe.each(OVERLAYS)('connection budget of overlay %s', (overlay) => {
  let objects: K8sObject[];
  let budget: Budget;

  beforeAll(() => {
    objects = render(overlay);
    budget = budgetOf(objects);
  });

  it('Postgres: PgBouncer servers + direct sessions + reserved connections fit max_connections at the HPA maximum', () => {
    const summary = `${budget.lines.join('; ')} => ${budget.direct} direct + ${budget.poolerServers} PgBouncer + ${budget.reserved} reserved = ${total(budget)} of ${budget.maxConnections}`;
    expect([summary, total(budget) <= budget.maxConnections]).toEqual([summary, true]);
    expect(budget.direct).toBeGreaterThan(0);
    expect(budget.poolerServers).toBeGreaterThan(0);
  });

  it("PgBouncer: every pod's pool at the HPA maximum fits max_client_conn of one instance", () => {
    expect(budget.poolerClients.size).toBeGreaterThan(0);
    for (const [name, clients] of budget.poolerClients) {
      const limit = Number(named(objects, 'Pooler', name).spec.pgbouncer.parameters.max_client_conn);
      expect([name, clients, clients <= limit]).toEqual([name, clients, true]);
      expect(clients).toBeGreaterThan(0);
    }
  });

  it('nothing that needs a session (relay lock and LISTEN, migration lock) goes through a transaction-mode pooler', () => {
    expect(budget.sessionThroughTransactionPooler).toEqual([]);
  });

  it('a transaction-mode pooler keeps track of named prepared statements (the services run their hot statements so)', () => {
    const transactionPoolers = objects.filter((o) => o.kind === 'Pooler' && o.spec.pgbouncer.poolMode === 'transaction');
    expect(transactionPoolers.length).toBeGreaterThan(0);
    for (const pooler of transactionPoolers) {
      // 0 (PgBouncer's own default) would pass a statement prepared on one server connection to another: "does not exist".
      const tracked = Number(pooler.spec.pgbouncer.parameters.max_prepared_statements ?? 0);
      expect([pooler.metadata.name, tracked >= 100]).toEqual([pooler.metadata.name, true]);
    }
  });

  it('the count does refuse what the issue describes: every pool straight to Postgres', () => {
    const direct = structuredClone(objects);
    for (const d of direct.filter((o) => o.kind === 'Deployment'))
      for (const c of d.spec.template.spec.containers)
        for (const e of c.env ?? []) if (e.name === 'DATABASE_URL') e.value = e.value.replace('collabo-pg-pooler-rw', 'collabo-pg-rw');
    const without = budgetOf(direct);
    if (overlay === 'prod') expect(total(without)).toBeGreaterThan(without.maxConnections);
    expect(without.direct).toBeGreaterThan(budget.direct);
    // and a relay sent through PgBouncer in transaction mode.
    const broken = structuredClone(objects);
    for (const d of broken.filter((o) => o.kind === 'Deployment'))
      for (const c of d.spec.template.spec.containers) c.env = (c.env ?? []).filter((e: Any) => e.name !== 'DATABASE_SESSION_URL');
    expect(budgetOf(broken).sessionThroughTransactionPooler).toHaveLength(4);
  });
});
