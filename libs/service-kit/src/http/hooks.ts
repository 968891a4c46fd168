import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CORRELATION_HEADER, runWithContext, sanitizeCorrelationId } from '../context/request-context.js';
import type { ServiceMetrics } from '../metrics/metrics.js';

/**
 * Fastify hooks for every request: the correlation id (taken from `x-correlation-id` or made up,
 * echoed back, and carried through everything the request does), duration metrics by route, and
 * one log line per request with method, route template and status: never the query or the body.
 */
export function installRequestHooks(fastify: FastifyInstance, logger: Logger, metrics: ServiceMetrics): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = sanitizeCorrelationId(request.headers[CORRELATION_HEADER]);
    void reply.header(CORRELATION_HEADER, correlationId);
    (request as { startedAt?: bigint }).startedAt = process.hrtime.bigint();
    runWithContext({ correlationId }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const started = (request as { startedAt?: bigint }).startedAt ?? process.hrtime.bigint();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (route !== '/metrics' && !route.startsWith('/health')) {
      const level = reply.statusCode >= 500 ? 'error' : 'info';
      logger[level](
        {
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    }
    done();
  });
}
