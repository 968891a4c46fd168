import { PERSON_SELECT } from '../person.view.js';

/** How many merges `resolve` follows from a merged id at most (a merge points aliases at the survivor, so one is usual). */
const MAX_MERGE_HOPS = 10;

/**
 * `PersonMergeService.resolve`/`resolveWithAliases` in one statement: the chain of merges from an id to the record that stands for it today, that
 * record, and the ids merged into it. Its text never changes, so it runs prepared.
 */
export const RESOLVED_WITH_ALIASES_SQL = `
  WITH RECURSIVE chain AS (
    SELECT id, merged_into, 0 AS hops FROM people WHERE id = $1
    UNION ALL
    SELECT n.id, n.merged_into, c.hops + 1 FROM chain c JOIN people n ON n.id = c.merged_into WHERE c.hops < ${MAX_MERGE_HOPS}
  )
  SELECT r.*, ARRAY(SELECT a.id::text FROM people a WHERE a.merged_into = r.id ORDER BY a.merged_at, a.id) AS alias_ids
    FROM (${PERSON_SELECT} WHERE p.id = (SELECT id FROM chain ORDER BY hops DESC LIMIT 1)) r`;
