import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SearchCoveringIndexes1732800000050 } from './1732800000050-search-covering-indexes.js';

/**
 * No parallel scans of the searched tables (`parallel_workers = 0`, a storage parameter the planner reads for every
 * plan of the table, whatever the session: it holds behind PgBouncer in transaction mode, where a session setting
 * would not).
 *
 * A page of a search is one prepared statement (`rankedPage`) whose branches are switched on and off by gates of its
 * own values, and Postgres may settle on one generic plan for it per connection, after five plans made for the values
 * of the first terms that connection saw. On 1,000,000 organisations such a plan could put a Gather (two parallel
 * workers) over the sorted read of a prefix, which that statement's gate leaves without a row to read: Postgres
 * started both workers on every page anyway, 76-86 ms of a page that takes 2-3 ms without them (釧, measured with
 * auto_explain on the registry's own statements). The registry reads these tables through indexes, a few rows at a
 * time, many requests at once: parallel workers are not what its reads need. A read that would scan the whole table
 * (none of the service's own) runs serially; set the parameter back (`RESET (parallel_workers)`) if an offline report
 * ever needs them.
 */
export class SearchSerialScans1732800000080 implements MigrationInterface {
  name = 'SearchSerialScans1732800000080';

  /** The tables of `rankedPage`'s searches. */
  static readonly tables = SearchCoveringIndexes1732800000050.tables.map(([table]) => table);

  async up(q: QueryRunner): Promise<void> {
    for (const table of SearchSerialScans1732800000080.tables) await q.query(`ALTER TABLE ${table} SET (parallel_workers = 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of SearchSerialScans1732800000080.tables) await q.query(`ALTER TABLE ${table} RESET (parallel_workers)`);
  }
}
