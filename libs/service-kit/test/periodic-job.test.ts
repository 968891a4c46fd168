import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { PeriodicJob, createServiceDataSource, periodicJobLockKey, type PeriodicJobSettings } from '../src/index.js';
import { LogCapture, createTestDatabase, type TestDatabase } from '../src/testing/index.js';

const silent = pino({ level: 'silent' });

/** What the jobs of one test did, shared by its "replicas". */
class Ledger {
  active = 0;
  maxActive = 0;
  runs = 0;
  readonly order: string[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  enter(name: string): void {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.order.push(`start ${name}`);
  }

  leave(name: string): void {
    this.active--;
    this.runs++;
    this.order.push(`end ${name}`);
    for (const w of this.waiters.filter((w) => this.runs >= w.count)) w.resolve();
    this.waiters = this.waiters.filter((w) => this.runs < w.count);
  }

  /** Resolves once `count` runs have ended (no sleeps). */
  runsDone(count: number): Promise<void> {
    return this.runs >= count ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

/** A job whose runs can be held open (`hold()`), each doing a real query so that replicas have a chance to overlap. */
class CountingJob extends PeriodicJob {
  private gate: Promise<void> | null = null;
  private opened: (() => void) | null = null;
  private entered: (() => void) | null = null;

  constructor(
    readonly label: string,
    private readonly ledger: Ledger,
    private readonly db: DataSource,
    settings: Partial<PeriodicJobSettings> = {},
  ) {
    super({ name: 'kit-test-job', intervalMs: 0, logger: silent, ...settings });
  }

  /** The next run waits inside until `release()`; resolves when that run has started. */
  hold(): { started: Promise<void>; release: () => void } {
    this.gate = new Promise((resolve) => (this.opened = resolve));
    const started = new Promise<void>((resolve) => (this.entered = resolve));
    return {
      started,
      release: () => {
        this.opened?.();
        this.gate = null;
      },
    };
  }

  async runOnce(): Promise<number> {
    this.ledger.enter(this.label);
    try {
      this.entered?.();
      this.entered = null;
      await this.db.query('SELECT pg_sleep(0.002)');
      if (this.gate) await this.gate;
      return 1;
    } finally {
      this.ledger.leave(this.label);
    }
  }
}

describe('PeriodicJob', () => {
  let db: TestDatabase;
  /** Two pools on one database: what two replicas of a service have. */
  let replicaA: DataSource;
  let replicaB: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('kit');
    replicaA = createServiceDataSource({ url: db.url, entities: [], migrations: [] });
    replicaB = createServiceDataSource({ url: db.url, entities: [], migrations: [] });
    await replicaA.initialize();
    await replicaB.initialize();
  });

  afterAll(async () => {
    await replicaA?.destroy();
    await replicaB?.destroy();
    await db?.drop();
  });

  it('runs on its schedule one run at a time in a process, and a turn asked for during a run is skipped', async () => {
    const ledger = new Ledger();
    const job = new CountingJob('a', ledger, replicaA, { intervalMs: 1 });
    const held = job.hold();
    job.onApplicationBootstrap();
    await held.started;
    expect(await job.runNow()).toBeNull();
    held.release();
    await ledger.runsDone(10);
    await job.beforeApplicationShutdown();
    expect(ledger.maxActive).toBe(1);
    expect(ledger.runs).toBeGreaterThanOrEqual(10);
  });

  it('runs one at a time across replicas sharing the database when asked to (acrossReplicas); a replica finding it held skips its turn', async () => {
    const ledger = new Ledger();
    const a = new CountingJob('a', ledger, replicaA, { acrossReplicas: replicaA });
    const b = new CountingJob('b', ledger, replicaB, { acrossReplicas: replicaB });
    const held = a.hold();
    const running = a.runNow();
    await held.started;
    expect(await b.runNow()).toBeNull();
    held.release();
    expect(await running).toBe(1);
    expect(await b.runNow()).toBe(1);

    // Both on a tight schedule: many runs, never two at once.
    const scheduledA = new CountingJob('a', ledger, replicaA, { acrossReplicas: replicaA, intervalMs: 1 });
    const scheduledB = new CountingJob('b', ledger, replicaB, { acrossReplicas: replicaB, intervalMs: 1 });
    scheduledA.onApplicationBootstrap();
    scheduledB.onApplicationBootstrap();
    await ledger.runsDone(40);
    await Promise.all([scheduledA.beforeApplicationShutdown(), scheduledB.beforeApplicationShutdown()]);
    expect(ledger.maxActive).toBe(1);
    // The lock is released after each run: nothing is left held.
    const [{ n }] = await replicaA.query(`SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    expect(n).toBe(0);
  });

  it('skips a turn while its lock (periodicJobLockKey) is held by hand, and settled() waits for the run in progress here', async () => {
    const ledger = new Ledger();
    const job = new CountingJob('a', ledger, replicaA, { acrossReplicas: replicaA });
    const operator = replicaB.createQueryRunner();
    await operator.startTransaction();
    await operator.query('SELECT pg_advisory_xact_lock(hashtext($1))', [periodicJobLockKey('kit-test-job')]);
    expect(await job.runNow()).toBeNull();
    await operator.rollbackTransaction();
    await operator.release();
    expect(ledger.runs).toBe(0);

    await job.settled(); // nothing in progress: resolves at once
    const held = job.hold();
    const running = job.runNow();
    await held.started;
    const settled = job.settled().then(() => ledger.order.push('settled'));
    held.release();
    await settled;
    expect(ledger.order).toEqual(['start a', 'end a', 'settled']);
    expect(await running).toBe(1);
  });

  it('without acrossReplicas, replicas run side by side (the job must be safe for it)', async () => {
    const ledger = new Ledger();
    const a = new CountingJob('a', ledger, replicaA);
    const b = new CountingJob('b', ledger, replicaB);
    const held = a.hold();
    const running = a.runNow();
    await held.started;
    expect(await b.runNow()).toBe(1);
    expect(ledger.maxActive).toBe(2);
    held.release();
    expect(await running).toBe(1);
  });

  it('stops on shutdown: waits for the run in progress, then schedules nothing more', async () => {
    const ledger = new Ledger();
    const job = new CountingJob('a', ledger, replicaA, { acrossReplicas: replicaA, intervalMs: 1 });
    const held = job.hold();
    job.onApplicationBootstrap();
    await held.started;
    const stopping = job.beforeApplicationShutdown().then(() => ledger.order.push('stopped'));
    held.release();
    await stopping;
    expect(ledger.order).toEqual(['start a', 'end a', 'stopped']);
    expect(job.scheduled).toBe(false);
    const runsAtStop = ledger.runs;
    // Asked explicitly after shutdown (an operator, a test), it still runs once; the schedule stays off.
    expect(await job.runNow()).toBe(1);
    expect(ledger.runs).toBe(runsAtStop + 1);
    expect(job.scheduled).toBe(false);
  });

  it('logs a failed run and runs again at the next turn', async () => {
    const ledger = new Ledger();
    let failures = 0;
    class FailingOnce extends CountingJob {
      override async runOnce(): Promise<number> {
        if (failures++ === 0) throw new Error('database away');
        return super.runOnce();
      }
    }
    const logs = new LogCapture();
    const job = new FailingOnce('a', ledger, replicaA, { intervalMs: 1, logger: pino({ level: 'info' }, logs) });
    job.onApplicationBootstrap();
    await ledger.runsDone(1);
    await job.beforeApplicationShutdown();
    expect(failures).toBeGreaterThanOrEqual(2);
    const lines = logs.lines.map((line) => JSON.parse(line) as { msg: string; job: string; err?: string; done?: number });
    expect(lines[0]).toMatchObject({ msg: 'periodic job failed; it runs again later', job: 'kit-test-job', err: 'database away' });
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'periodic job done', job: 'kit-test-job', done: 1 }));
  });
});
