import type { EntityManager } from 'typeorm';

/** The people (of those given) who asked for cessation of use: not suggested for teams until staff lift it. */
export async function ceasedPeople(manager: EntityManager, personIds: string[]): Promise<Set<string>> {
  if (!personIds.length) return new Set();
  const rows: { subject_key: string }[] = await manager.query(
    `SELECT subject_key FROM privacy_cessations WHERE subject_key = ANY($1::text[])`,
    [personIds.map((id) => `person:${id.toLowerCase()}`)],
  );
  const ceased = new Set(rows.map((r) => r.subject_key));
  return new Set(personIds.filter((id) => ceased.has(`person:${id.toLowerCase()}`)));
}
