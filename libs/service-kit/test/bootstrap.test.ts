import 'reflect-metadata';
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { OrganizationArchivedV1 } from '@collabo/contracts';
import { DataSource } from 'typeorm';
import {
  BaseEnv,
  Clock,
  KIT_ENV,
  Outbox,
  SERVICE_DEFINITION,
  bootstrap,
  kitMigrations,
  runMigrations,
  type ConsumerOptions,
} from '../src/index.js';
import { ManualClock, TEST_POSTGRES_URL, dropTestDatabase, testDatabaseExists } from '../src/testing/index.js';
import { sampleService } from './fixtures/sample-service.js';
import { kitTestBed } from './fixtures/test-bed.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('node dist/main.js migrate (runMigrations, bootstrap)', () => {
  const name = `collabo_kit_test_${randomBytes(4).toString('hex')}`;
  const url = `${TEST_POSTGRES_URL}/${name}`;

  afterAll(async () => {
    await dropTestDatabase(name);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('creates the missing database outside production, runs every migration under the lock and exits 0; a second run has nothing to do', async () => {
    expect(await testDatabaseExists(name)).toBe(false);
    const out = new Capture();
    const err = new Capture();
    expect(await runMigrations(sampleService, { env: { DATABASE_URL: url, NODE_ENV: 'development' }, out, err })).toBe(0);
    expect(err.text).toBe('');
    const expected = [...kitMigrations, ...sampleService.migrations].map((m) => new m().name!);
    expect(out.text).toMatch(/^registry: migrations applied: [\w, ]+\n$/);
    expect(out.text.trim().replace('registry: migrations applied: ', '').split(', ').sort()).toEqual(expected.sort());
    expect(await testDatabaseExists(name)).toBe(true);

    const again = new Capture();
    expect(await runMigrations(sampleService, { env: { DATABASE_URL: url }, out: again, err })).toBe(0);
    expect(again.text).toBe('registry: no pending migrations\n');
  });

  it('refuses a bad environment, and an unreachable database, with one line and exit code 1', async () => {
    const err = new Capture();
    expect(await runMigrations(sampleService, { env: { DATABASE_URL: 'mysql://nope' }, out: new Capture(), err })).toBe(1);
    expect(err.text).toMatch(/^registry: invalid environment: DATABASE_URL: .*\n$/);
    expect(err.text.trim()).not.toContain('\n');

    const unreachable = new Capture();
    const code = await runMigrations(sampleService, {
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/collabo_kit_test_unreachable' },
      out: new Capture(),
      err: unreachable,
    });
    expect(code).toBe(1);
    expect(unreachable.text).toMatch(/^registry: migration failed: .+\n$/);
    expect(unreachable.text.trim()).not.toContain('\n');
  });

  it('in production never creates a database: a missing one is a failure', async () => {
    const missing = `collabo_kit_test_${randomBytes(4).toString('hex')}`;
    const err = new Capture();
    const code = await runMigrations(sampleService, {
      env: { DATABASE_URL: `${TEST_POSTGRES_URL}/${missing}`, NODE_ENV: 'production' },
      out: new Capture(),
      err,
    });
    expect(code).toBe(1);
    expect(err.text).toMatch(/migration failed: .*does not exist/);
    expect(await testDatabaseExists(missing)).toBe(false);
  });

  it('bootstrap(definition) with the argument "migrate" migrates and exits with the code; an unknown command exits 64', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const previous = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = url;
    try {
      await bootstrap(sampleService, ['migrate']);
      expect(exit).toHaveBeenLastCalledWith(0);
      await bootstrap(sampleService, ['frobnicate']);
      expect(exit).toHaveBeenLastCalledWith(64);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(/unknown command "frobnicate"/);
    } finally {
      if (previous === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = previous;
    }
  });
});

describe('what the kit module provides from the definition', () => {
  const bed = kitTestBed();

  it("gives the definition's clock (to the Outbox too), the env loaded once under its tokens (nothing added to it) and the definition under its own token", async () => {
    const clock = new ManualClock('2026-04-01T00:00:00.000Z');
    let envSeenByDefinition: unknown;
    const svc = await bed.start({
      definition: {
        ...sampleService,
        clock,
        consumers: (env: BaseEnv): Partial<ConsumerOptions> => {
          envSeenByDefinition = env;
          return { maxAttempts: 4 };
        },
      },
      env: { NODE_ENV: 'test' },
    });
    try {
      const token = await bed.auth.token({ roles: ['viewer'] });
      const first = await request(svc.http).get('/v1/notes/kit').set('authorization', `Bearer ${token}`);
      expect(first.body).toEqual({ now: '2026-04-01T00:00:00.000Z', nodeEnv: 'test', envKeys: [], definition: 'registry' });
      clock.advance({ days: 1 });
      const second = await request(svc.http).get('/v1/notes/kit').set('authorization', `Bearer ${token}`);
      expect(second.body.now).toBe('2026-04-02T00:00:00.000Z');

      expect(svc.app.get(Clock)).toBe(clock);
      expect(svc.app.get(KIT_ENV)).toBe(svc.env);
      expect(svc.app.get(BaseEnv)).toBe(svc.env);
      expect(envSeenByDefinition).toBe(svc.env);
      expect(Object.keys(svc.env).filter((key) => key.startsWith('__'))).toEqual([]);
      expect(svc.app.get(SERVICE_DEFINITION)).toMatchObject({ name: 'registry', clock });
      // An event's occurredAt is the service's time too.
      const event = await svc.app
        .get(DataSource)
        .transaction((tx) =>
          svc.app
            .get(Outbox)
            .add(tx, OrganizationArchivedV1, { aggregateId: 'note-1', data: { organizationId: '01a22222-0000-7000-8000-0000000000c1' } }),
        );
      expect(event.occurredAt).toBe('2026-04-02T00:00:00.000Z');
    } finally {
      await svc.close();
    }
  });

  it('provides the system clock when the definition names none', async () => {
    const svc = await bed.start();
    try {
      const before = Date.now();
      const now = svc.app.get(Clock).now().getTime();
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Date.now());
      expect(svc.app.get(Clock).constructor.name).toBe('SystemClock');
    } finally {
      await svc.close();
    }
  });
});
