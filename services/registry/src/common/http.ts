import { etagOf } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';

/** Sets the ETag of a versioned record on the reply and returns the record. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  void reply.header('etag', etagOf(record.version));
  return record;
}

/** Something that runs SQL: the DataSource, or a transaction's EntityManager. */
export interface Db {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export function isoTime(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** bigint columns arrive as strings; the registry's amounts fit a JS number (validated on the way in). */
export function toNumber(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}
