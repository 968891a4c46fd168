import { etagOf } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';

/** Sets the ETag of a versioned record on the reply and returns the record. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  void reply.header('etag', etagOf(record.version));
  return record;
}
