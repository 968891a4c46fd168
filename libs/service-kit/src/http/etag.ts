import { PreconditionFailedError, PreconditionRequiredError } from '../errors/app-error.js';

/** Strong ETag of a versioned record. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Optimistic concurrency for updates: the client sends back the ETag it read. Missing -> 428,
 * stale -> 412 naming the current version.
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number, resource: string): void {
  if (!ifMatch) throw new PreconditionRequiredError();
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(etagOf(currentVersion))) return;
  throw new PreconditionFailedError(
    'COMMON.STALE_VERSION',
    `The ${resource} was changed by someone else since you read it; reload and try again.`,
    {
      currentEtag: etagOf(currentVersion),
    },
  );
}

/** The version an If-Match header names, when it names exactly one; undefined otherwise. */
export function versionFromIfMatch(ifMatch: string | undefined): number | undefined {
  const m = ifMatch ? /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim()) : null;
  return m ? Number(m[1]) : undefined;
}
