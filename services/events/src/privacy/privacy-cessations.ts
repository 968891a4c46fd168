import type { EntityManager } from 'typeorm';

/**
 * The registrations (of those given) whose person asked for cessation of use: they are not listed on attendee
 * lists until staff lift it. Matched by registry person id and by address.
 */
export async function ceasedRegistrations(
  manager: EntityManager,
  registrations: { id: string; personId: string | null; email: string }[],
): Promise<Set<string>> {
  if (!registrations.length) return new Set();
  const keys = registrations.flatMap((r) => [
    ...(r.personId ? [`person:${r.personId.toLowerCase()}`] : []),
    `email:${r.email.toLowerCase()}`,
  ]);
  const rows: { subject_key: string }[] = await manager.query(
    `SELECT subject_key FROM privacy_cessations WHERE subject_key = ANY($1::text[])`,
    [[...new Set(keys)]],
  );
  const ceased = new Set(rows.map((r) => r.subject_key));
  return new Set(
    registrations
      .filter((r) => (r.personId && ceased.has(`person:${r.personId.toLowerCase()}`)) || ceased.has(`email:${r.email.toLowerCase()}`))
      .map((r) => r.id),
  );
}
