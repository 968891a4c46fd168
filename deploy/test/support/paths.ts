import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root and the deploy folder, wherever the tests run from. */
export const DEPLOY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_ROOT = path.resolve(DEPLOY_DIR, '..');
export const SERVICES = ['registry', 'proposals', 'events', 'notifications'] as const;
export type Service = (typeof SERVICES)[number];
export const SERVICE_PORTS: Record<Service, number> = { registry: 3001, proposals: 3002, events: 3003, notifications: 3004 };

/** Whose streams each service consumes: the dependency order of the platform (deploy/nats/auth.conf; the RPC it calls is listed there subject by subject). */
export const UPSTREAM: Record<Service, Service[]> = {
  // proposals' outcomes (the centre's report) and the other services' privacy answers
  registry: ['proposals', 'events', 'notifications'],
  proposals: ['registry'],
  events: ['registry', 'proposals'],
  notifications: ['registry', 'proposals', 'events'],
};
