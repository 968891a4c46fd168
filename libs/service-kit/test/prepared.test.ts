import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createServiceDataSource, preparedStatementName, queryPrepared } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/** Named statements on a real Postgres: on the pool, inside a transaction, and what a failure leaves behind. */
describe('queryPrepared', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('kit');
    ds = createServiceDataSource({ url: db.url, entities: [], migrations: [], poolSize: 2 });
    await ds.initialize();
    await ds.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const INSERT = 'INSERT INTO notes (id, body) VALUES ($1, $2) RETURNING id, body';
  const READ = 'SELECT id, body FROM notes WHERE id = $1';

  it('names a statement by its text: the same text the same name, another text another name', () => {
    expect(preparedStatementName(READ)).toBe(preparedStatementName(READ));
    expect(preparedStatementName(READ)).not.toBe(preparedStatementName(INSERT));
    expect(preparedStatementName(READ, 'ranked')).toMatch(/^ranked_[A-Za-z0-9_-]{24}$/);
    // Postgres keeps identifiers to 63 bytes: a longer name would be cut and two statements could meet.
    expect(Buffer.byteLength(preparedStatementName(READ, 'ranked'))).toBeLessThanOrEqual(63);
  });

  it('runs on the pool, prepared once per connection and reused with other values', async () => {
    expect(await queryPrepared(ds, INSERT, [1, 'one'])).toEqual({ rows: [{ id: 1, body: 'one' }], rowCount: 1 });
    expect(await queryPrepared(ds, INSERT, [2, 'two'])).toEqual({ rows: [{ id: 2, body: 'two' }], rowCount: 1 });
    expect((await queryPrepared(ds, READ, [2])).rows).toEqual([{ id: 2, body: 'two' }]);
    expect((await queryPrepared(ds, READ, [3])).rows).toEqual([]);
    // Every connection of the pool that ran it holds it under the one name (the pool has two).
    const held: { n: number }[][] = await Promise.all(
      [0, 1].map(() =>
        ds.transaction(async (tx) => {
          await queryPrepared(tx, READ, [1]);
          return tx.query('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1', [preparedStatementName(READ)]);
        }),
      ),
    );
    expect(held.map((rows) => rows[0]!.n)).toEqual([1, 1]);
  });

  it("runs inside a transaction on that transaction's connection: it sees the transaction's rows, and a rollback takes its rows back", async () => {
    await expect(
      ds.transaction(async (tx) => {
        await queryPrepared(tx, INSERT, [10, 'ten']);
        // Read by the same named statement in the same transaction: uncommitted, yet seen.
        expect((await queryPrepared(tx, READ, [10])).rows).toEqual([{ id: 10, body: 'ten' }]);
        // Not seen outside it (another connection of the pool).
        expect((await queryPrepared(ds, READ, [10])).rows).toEqual([]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await queryPrepared(ds, READ, [10])).rows).toEqual([]);
  });

  it('a failing statement fails the transaction and leaves the connection usable (a rolled-back transaction, then the next)', async () => {
    await expect(ds.transaction((tx) => queryPrepared(tx, INSERT, [1, 'one again']))).rejects.toMatchObject({ code: '23505' });
    await ds.transaction(async (tx) => {
      await queryPrepared(tx, INSERT, [11, 'eleven']);
    });
    expect((await queryPrepared(ds, READ, [11])).rows).toEqual([{ id: 11, body: 'eleven' }]);
    expect((await queryPrepared(ds, READ, [1])).rows).toEqual([{ id: 1, body: 'one' }]);
  });

  it('a manager outside a transaction runs on the pool', async () => {
    expect((await queryPrepared(ds.manager, READ, [2])).rows).toEqual([{ id: 2, body: 'two' }]);
  });
});
