/**
 * DATABASE_SESSION_URL: behind a transaction-mode pooler (PgBouncer) a session does not survive a transaction,
 * so the outbox relay's leader lock and LISTEN go through their own session-mode URL while the pool keeps
 * DATABASE_URL. Here the session URL logs in as another role than the pool's, so the server itself shows which
 * path each connection took.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganizationArchivedV1 } from '@collabo/contracts';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import { BaseEnv, EnvConfigError, Outbox, OutboxRelay, loadEnv, runWithContext, sessionDatabaseUrl } from '../src/index.js';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  TestAuthority,
  createTestDatabase,
  deleteTestStreams,
  readEvents,
  startTestService,
  testNatsConnection,
  testPrefix,
  TEST_POSTGRES_URL,
  type TestDatabase,
  type TestService,
} from '../src/testing/index.js';
import { sampleService } from './fixtures/sample-service.js';

describe('DATABASE_SESSION_URL', () => {
  it('is optional, must be a postgres:// URL, and is what the relay uses when set', () => {
    const without = loadEnv(BaseEnv, 'registry', { DATABASE_URL: 'postgres://app@pooler:5432/collabo_registry' });
    expect(without.DATABASE_SESSION_URL).toBeUndefined();
    expect(sessionDatabaseUrl(without)).toBe('postgres://app@pooler:5432/collabo_registry');
    const withSession = loadEnv(BaseEnv, 'registry', {
      DATABASE_URL: 'postgres://app@pooler:5432/collabo_registry',
      DATABASE_SESSION_URL: 'postgres://app@collabo-pg-rw:5432/collabo_registry',
    });
    expect(sessionDatabaseUrl(withSession)).toBe('postgres://app@collabo-pg-rw:5432/collabo_registry');
    expect(() => loadEnv(BaseEnv, 'registry', { DATABASE_SESSION_URL: 'mysql://x' })).toThrow(EnvConfigError);
    expect(() => loadEnv(BaseEnv, 'registry', { DATABASE_SESSION_URL: 'mysql://x' })).toThrow(/DATABASE_SESSION_URL/);
  });

  describe('a service whose relay has its own session URL', () => {
    const role = `collabo_session_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    const prefix = testPrefix();
    let db: TestDatabase;
    let auth: TestAuthority;
    let nc: NatsConnection;
    let admin: pg.Client;
    let svc: TestService;

    beforeAll(async () => {
      db = await createTestDatabase('kit');
      auth = await TestAuthority.start();
      nc = await testNatsConnection();
      admin = new pg.Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
      await admin.connect();
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      const sessionUrl = new URL(db.url);
      sessionUrl.username = role;
      svc = await startTestService(sampleService, {
        databaseUrl: db.url,
        prefix,
        jwksUrl: auth.jwksUrl,
        env: { DATABASE_SESSION_URL: sessionUrl.toString() },
      });
    });

    afterAll(async () => {
      await svc?.close();
      await deleteTestStreams(nc, prefix);
      await nc?.close();
      await auth?.close();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
      await db?.drop();
    });

    it('holds the leader lock on the session URL, reads and marks the outbox through the pool', async () => {
      const dataSource = svc.app.get(DataSource);
      const database = db.name;
      const envelope = await dataSource.transaction((tx) =>
        runWithContext({ correlationId: 'session-url' }, () =>
          new Outbox('registry').add(tx, OrganizationArchivedV1, { aggregateId: 'org-1', data: { organizationId: uuidv7() } }),
        ),
      );
      const { envelopes } = await readEvents(nc, prefix, OrganizationArchivedV1.subject, 1);
      expect(envelopes.map((e) => e.id)).toEqual([envelope.id]);
      expect(svc.app.get(OutboxRelay).isLeader).toBe(true);
      // The relay's one session logs in as the session URL's role and holds the advisory lock.
      const sessions = await admin.query<{ usename: string; locks: number }>(
        `SELECT a.usename,
                (SELECT count(*)::int FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted) AS locks
           FROM pg_stat_activity a
          WHERE a.datname = $1 AND a.application_name = 'collabo-outbox-relay'`,
        [database],
      );
      expect(sessions.rows).toEqual([{ usename: role, locks: 1 }]);
      // The pool (the outbox writes, the relay's reads and marks) stays on DATABASE_URL's role.
      const pool = await admin.query<{ usename: string }>(
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = 'collabo-registry'`,
        [database],
      );
      expect(pool.rows.length).toBeGreaterThan(0);
      expect(pool.rows.map((r) => r.usename)).not.toContain(role);
    });
  });
});
