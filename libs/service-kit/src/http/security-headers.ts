import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The kit's helmet settings: helmet's defaults without a Content-Security-Policy (the APIs serve JSON, not pages). */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = { contentSecurityPolicy: false };

/** What helmet does to a response with some options: the headers it sets (names lower-case) and those it removes. */
export interface SecurityHeaders {
  set: Readonly<Record<string, string>>;
  removed: readonly string[];
}

/**
 * The headers helmet's middleware sets with `options`, worked out once by running it on a response that only records
 * them. With a Content-Security-Policy off (or without nonces) every one of helmet's headers is the same for every
 * request; refuses options whose headers could depend on the request (a CSP).
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): SecurityHeaders {
  if (options.contentSecurityPolicy !== false) {
    throw new Error('securityHeaders: a Content-Security-Policy may depend on the request (nonces); set it per response instead');
  }
  const set: Record<string, string> = {};
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: OutgoingHttpHeader) {
      set[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return recorder;
    },
    removeHeader(name: string) {
      delete set[name.toLowerCase()];
      removed.push(name.toLowerCase());
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return { set: Object.freeze(set), removed: Object.freeze(removed) };
}

/**
 * Helmet's headers on every answer of `fastify` (routes, 404s and errors alike: an `onRequest` hook, the first
 * thing a request meets after the request hooks). What `@fastify/helmet` did with `global: true`, without building
 * helmet's middleware again and awaiting two async hooks on each request (4.6 % of a read by id's CPU in a profile,
 * bench/README.md): the headers are helmet's, computed once by `securityHeaders`.
 */
export function installSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions = HELMET_OPTIONS): void {
  const headers = securityHeaders(options);
  const names = Object.keys(headers.set);
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of names) raw.setHeader(name, headers.set[name]!);
    for (const name of headers.removed) raw.removeHeader(name);
    done();
  });
}
