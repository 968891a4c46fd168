import { hasRole, type Actor } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { AdminProtectedError, LastAdminError } from '../errors.js';

/**
 * Nobody may lock the foundation out of its own registry: only an admin may archive, re-address (email) or
 * otherwise lock out a person who holds an admin account, and the last active admin (admin role, not disabled,
 * password set, person not archived) cannot be locked out by anyone.
 *
 * Every change that could take away an active admin takes the same transaction-scoped advisory lock first, so
 * two such changes (two admins disabling each other) are checked one after the other, never both on the
 * state before either.
 */
export async function lockAdminSet(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('registry.admins'))`);
}

/** What counts as an active admin, for `accounts a JOIN people p`. */
const ACTIVE_ADMIN = `a.roles @> ARRAY['admin']::text[] AND NOT a.disabled AND a.password_hash IS NOT NULL AND NOT p.archived`;

/** The account with the admin role a person holds (whatever its state), and whether it is an active admin. */
export async function adminAccountOf(tx: EntityManager, personId: string): Promise<{ id: string; active: boolean } | null> {
  const [row] = await tx.query<{ id: string; active: boolean }[]>(
    `SELECT a.id, (${ACTIVE_ADMIN}) AS active FROM accounts a JOIN people p ON p.id = a.person_id
      WHERE a.person_id = $1 AND a.roles @> ARRAY['admin']::text[]`,
    [personId],
  );
  return row ?? null;
}

/** Whether an active admin other than the account `accountId` exists. */
export async function anotherActiveAdmin(tx: EntityManager, accountId: string): Promise<boolean> {
  const [row] = await tx.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM accounts a JOIN people p ON p.id = a.person_id WHERE ${ACTIVE_ADMIN} AND a.id <> $1`,
    [accountId],
  );
  return row!.n > 0;
}

/**
 * Before a change to a person that could lock them out (`what`: archiving, changing the email): refuses it when
 * the person holds an admin account and the caller is not an admin (403), or when they are the last active
 * admin (409). Call inside the transaction that makes the change.
 */
export async function guardAdminPerson(tx: EntityManager, personId: string, actor: Actor, what: string): Promise<void> {
  if (!(await adminAccountOf(tx, personId))) return;
  if (!hasRole(actor, 'admin')) throw new AdminProtectedError(what);
  await lockAdminSet(tx);
  const account = await adminAccountOf(tx, personId);
  if (account?.active && !(await anotherActiveAdmin(tx, account.id))) throw new LastAdminError();
}
