import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../errors/app-error.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem.js';
import { currentContext } from '../context/request-context.js';

/** Set on the raw request of every connection accepted by the management server. */
const VIA_MANAGEMENT = Symbol('collabo.viaManagementPort');

/** Route templates (as Fastify matched them) served only on the management port when there is one. */
export function isManagementRoute(route: string): boolean {
  return route === '/metrics' || route === '/docs' || route.startsWith('/docs/') || route === '/docs-json' || route === '/docs-yaml';
}

function isHealthRoute(route: string): boolean {
  return route === '/health' || route.startsWith('/health/');
}

/**
 * MANAGEMENT_PORT: a second HTTP server in front of the same Fastify instance (same routes, hooks and
 * metrics), plus one hook that splits the routes between the two: the metrics and the API documents answer
 * only on the management server, the API only on the public one, and `/health/*` on both (probes use the
 * public port). The wrong port answers exactly as an unknown route does (404 problem+json), so the public
 * port does not even tell that the route exists. The split is on the matched route template, so no
 * spelling of the path (`/metrics/`, `/%6detrics`, `/docs-json?x`) gets around it.
 */
export function installManagementSplit(fastify: FastifyInstance): Server {
  const server = createServer((req, res) => {
    (req as IncomingMessage & { [VIA_MANAGEMENT]?: boolean })[VIA_MANAGEMENT] = true;
    fastify.routing(req, res);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions?.url;
    const viaManagement = (request.raw as IncomingMessage & { [VIA_MANAGEMENT]?: boolean })[VIA_MANAGEMENT] === true;
    const allowed = route === undefined || isHealthRoute(route) || (viaManagement ? isManagementRoute(route) : !isManagementRoute(route));
    if (allowed) return done();
    // The answer Nest gives an unknown route (`Cannot GET /metrics`).
    const error = new NotFoundError('COMMON.ROUTE_NOT_FOUND', `Cannot ${request.method} ${request.url.split('?')[0]}`);
    void reply
      .status(404)
      .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .send(toProblem(error, currentContext()?.correlationId));
  });
  fastify.addHook('onClose', (_instance, done) => {
    if (!server.listening) return done();
    server.closeAllConnections();
    server.close(() => done());
  });
  return server;
}
