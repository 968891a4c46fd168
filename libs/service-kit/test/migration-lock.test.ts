import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createServiceDataSource, kitMigrations, migrate } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

class CreateWidgets1732752000101 implements MigrationInterface {
  name = 'CreateWidgets1732752000101';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE widgets (id serial PRIMARY KEY, name text NOT NULL)`);
    await q.query(`CREATE TYPE widget_kind AS ENUM ('small', 'large')`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TYPE widget_kind`);
    await q.query(`DROP TABLE widgets`);
  }
}

class AddWidgetKind1732752000102 implements MigrationInterface {
  name = 'AddWidgetKind1732752000102';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE widgets ADD COLUMN kind widget_kind NOT NULL DEFAULT 'small'`);
    await q.query(`INSERT INTO widgets (name) VALUES ('first')`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE widgets DROP COLUMN kind`);
  }
}

const migrations = [CreateWidgets1732752000101, AddWidgetKind1732752000102];
const allNames = [...kitMigrations, ...migrations].map((m) => new m().name!);

describe('migrations under a Postgres advisory lock', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('kit');
  });

  afterAll(async () => {
    await Promise.all(sources.filter((s) => s.isInitialized).map((s) => s.destroy()));
    await db?.drop();
  });

  it('two replicas migrating an empty database at the same moment both succeed, and every migration runs once', async () => {
    for (let i = 0; i < 2; i++) {
      sources.push(await createServiceDataSource({ url: db.url, entities: [], migrations, applicationName: `migrator-${i}` }).initialize());
    }
    // Both start together, as two pods of a Deployment rolled out on an empty database.
    const results = await Promise.allSettled(sources.map((s) => migrate(s)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const ran = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    expect([...ran].sort()).toEqual([...allNames].sort());

    const rows: { name: string; runs: string }[] = await sources[0]!.query(
      'SELECT name, count(*) AS runs FROM migrations GROUP BY name ORDER BY name',
    );
    expect(rows).toEqual([...allNames].sort().map((name) => ({ name, runs: '1' })));
    expect(await sources[0]!.query(`SELECT name, kind FROM widgets`)).toEqual([{ name: 'first', kind: 'small' }]);
    // The lock is not left behind: nothing pending, and a later run takes it again at once.
    await expect(migrate(sources[1]!)).resolves.toEqual([]);
    const held: unknown[] = await sources[0]!.query(
      `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(held).toEqual([]);
  });
});
