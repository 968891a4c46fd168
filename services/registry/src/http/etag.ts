import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { etagOf, type Actor } from '@collabo/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Sets the ETag of a versioned record on the reply and returns the record. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  void reply.header('etag', etagOf(record.version));
  return record;
}

/** The answer of a route that shows a versioned record: `answer(record)` sets its ETag on the reply and returns it. */
export interface Etag {
  answer<T extends { version: number }>(record: T): T;
}

const etagReply = (ctx: ExecutionContext): Etag => {
  const reply = ctx.switchToHttp().getResponse<FastifyReply>();
  return { answer: (record) => withEtag(reply, record) };
};

/** `@Etag() etag: Etag`: a route answering one versioned record with its ETag. */
export const Etag = createParamDecorator((_: unknown, ctx: ExecutionContext): Etag => etagReply(ctx));

/** What a change of a versioned record needs besides its id and body: who changes it and the version the client saw. */
export interface Change extends Etag {
  actor: Actor;
  /** The client's If-Match header, checked by the service against the record's version. */
  ifMatch: string | undefined;
}

/** `@Change() change: Change`: the actor, the If-Match header, and the answer with the changed record's ETag. */
export const Change = createParamDecorator((_: unknown, ctx: ExecutionContext): Change => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
  if (!request.actor) throw new Error('Change used on a public route');
  const ifMatch = request.headers['if-match'];
  return { ...etagReply(ctx), actor: request.actor, ifMatch: Array.isArray(ifMatch) ? ifMatch[0] : ifMatch };
});
