/**
 * The four services' clients: openapi-fetch typed by the paths generated from each service's OpenAPI document,
 * all same-origin under /api/<service>. A middleware adds the bearer token held in memory (never storage), turns
 * problem+json answers into ApiError, and reports a 401 so that the session ends with the user's place kept.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as EventsPaths } from './generated/events';
import type { paths as NotificationsPaths } from './generated/notifications';
import type { paths as ProposalsPaths } from './generated/proposals';
import type { paths as RegistryPaths } from './generated/registry';

export type Service = 'registry' | 'proposals' | 'events' | 'notifications';

/** A problem+json answer of a service: `{type, title, status, detail, code, errors: [{field, message}]}`. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** The session's token and what to do when a service says it is no longer valid; set by the AuthProvider. */
export const session: { token: string | undefined; onUnauthorized: () => void } = {
  token: undefined,
  onUnauthorized: () => undefined,
};

const auth: Middleware = {
  onRequest({ request }) {
    if (session.token) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  async onResponse({ response, request }) {
    if (response.ok) return response;
    if (response.status === 401 && !request.url.endsWith('/v1/auth/token')) session.onUnauthorized();
    let problem: Problem = { status: response.status };
    try {
      problem = { status: response.status, ...((await response.clone().json()) as Partial<Problem>) };
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(response.status, problem);
  },
};

function serviceClient<P extends object>(service: Service) {
  const client = createClient<P>({
    baseUrl: `${globalThis.location?.origin ?? 'http://localhost'}/api/${service}`,
    // looked up at each call (not captured once), so that the component tests can answer for the network
    fetch: (request) => globalThis.fetch(request),
  });
  client.use(auth);
  return client;
}

export const api = {
  registry: serviceClient<RegistryPaths>('registry'),
  proposals: serviceClient<ProposalsPaths>('proposals'),
  events: serviceClient<EventsPaths>('events'),
  notifications: serviceClient<NotificationsPaths>('notifications'),
};

/**
 * The body of an answer as the type a screen names in ./types.ts (an alias of a generated schema). A documented answer
 * can also be read as the result's `.data`, typed by its route.
 */
export function body<T>(result: { data?: unknown }): T {
  return result.data as T;
}
