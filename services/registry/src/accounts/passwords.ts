import { hash, verify } from '@node-rs/argon2';

/** argon2id (@node-rs/argon2's algorithm 2) with its default cost: 19 MiB, 2 passes, 1 lane (OWASP's minimum). */
const ARGON2ID = 2;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/** Spends the time of one verification when there is no account, so timing does not tell which emails exist. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword('not a password anyone has');
  await verifyPassword(await dummy, password);
  return false;
}
