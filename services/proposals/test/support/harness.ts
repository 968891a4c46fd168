import 'reflect-metadata';
import type { OrganizationV1, StaffRole } from '@collabo/contracts';
import { ensureStream, NatsNaming } from '@collabo/service-kit';
import { FakeRegistry } from '@collabo/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  ManualClock,
  TestAuthority,
  createTestDatabase,
  deleteTestStreams,
  startTestService,
  testNatsConnection,
  testPrefix,
  type TestDatabase,
  type TestService,
} from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { ProposalsEnv } from '../../src/config/proposals-env.js';
import { proposalsService } from '../../src/proposals.definition.js';

export interface Harness {
  db: TestDatabase;
  auth: TestAuthority;
  nc: NatsConnection;
  prefix: string;
  svc: TestService<ProposalsEnv>;
  /** The registry, played by @collabo/testing's FakeRegistry on real NATS under the suite's prefix. */
  registry: FakeRegistry;
  /** The service's clock: it stands at HARNESS_NOW until a test moves it. */
  clock: ManualClock;
  dataSource: DataSource;
  ids: { admin: string; coordinator: string; viewer: string };
  tokens: { admin: string; coordinator: string; viewer: string };
  token(roles: StaffRole[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Where the service's logs go (a LogCapture to read them); LOG_LEVEL defaults to info then. */
  logDestination?: NodeJS.WritableStream;
  /** Where the service's clock starts (default HARNESS_NOW). */
  now?: string;
}

/** "Now" for the service under test, unless a suite says otherwise: 2026-11-28 10:00 in Tokyo (FY2026). */
export const HARNESS_NOW = '2026-11-28T01:00:00.000Z';

/** Writes per minute per staff member in tests that are not about the limit (the KPI history alone makes hundreds). */
export const TEST_WRITE_RATE_LIMIT = '100000';

export async function startHarness(options: HarnessOptions | Record<string, string> = {}): Promise<Harness> {
  const {
    env = {},
    logDestination,
    now = HARNESS_NOW,
  } = (
    'env' in options || 'logDestination' in options || 'now' in options ? options : { env: options as Record<string, string> }
  ) as HarnessOptions;
  const clock = new ManualClock(now);
  const db = await createTestDatabase('proposals');
  const auth = await TestAuthority.start();
  const nc = await testNatsConnection();
  const prefix = testPrefix();
  const registry = new FakeRegistry(nc, prefix);
  // The registry's stream exists before the service starts, as the registry creates it in a deployment
  // (a service never creates another's stream).
  await ensureStream(await jetstreamManager(nc), new NatsNaming(prefix), 'registry');
  await nc.flush();
  const svc = await startTestService(
    { ...proposalsService, clock, relay: { pollIntervalMs: 100 } },
    {
      databaseUrl: db.url,
      prefix,
      jwksUrl: auth.jwksUrl,
      logDestination,
      env: { WRITE_RATE_LIMIT_PER_MINUTE: TEST_WRITE_RATE_LIMIT, ...(logDestination ? { LOG_LEVEL: 'info' } : {}), ...env },
    },
  );
  // Staff are people in the registry too (a coordinator in charge of a proposal is checked there).
  const ids = { admin: registry.person().id, coordinator: registry.person().id, viewer: registry.person().id };
  const tokens = {
    admin: await auth.token({ roles: ['admin'], sub: ids.admin }),
    coordinator: await auth.token({ roles: ['coordinator'], sub: ids.coordinator }),
    viewer: await auth.token({ roles: ['viewer'], sub: ids.viewer }),
  };
  return {
    db,
    auth,
    nc,
    prefix,
    svc,
    registry,
    clock,
    dataSource: svc.app.get(DataSource),
    ids,
    tokens,
    token: (roles, sub) => auth.token({ roles, sub: sub ?? uuidv7() }),
    async close() {
      // Each step timed: a teardown that takes long says which step (see README, "Tests").
      const steps: [string, () => Promise<unknown>][] = [
        ['svc.close', () => svc.close()],
        ['registry.stop', () => registry.stop()],
        ['deleteTestStreams', () => deleteTestStreams(nc, prefix)],
        ['nc.close', () => nc.close()],
        ['auth.close', () => auth.close()],
        ['db.drop', () => db.drop()],
      ];
      const timings: string[] = [];
      for (const [name, step] of steps) {
        const started = performance.now();
        await step();
        timings.push(`${name} ${Math.round(performance.now() - started)} ms`);
      }
      if (process.env['PROPOSALS_TEARDOWN_TIMING']) process.stderr.write(`teardown: ${timings.join(', ')}\n`);
    },
  };
}

/** A supertest call with a bearer token. */
export function api(h: Harness, token: string) {
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
  return {
    get: (path: string) => auth(request(h.svc.http).get(path)),
    post: (path: string, body?: object) => auth(request(h.svc.http).post(path)).send(body ?? {}),
    patch: (path: string, body: object) => auth(request(h.svc.http).patch(path)).send(body),
    put: (path: string, body: object) => auth(request(h.svc.http).put(path)).send(body),
  };
}

export interface ProposalOptions {
  proposer?: OrganizationV1;
  body?: Record<string, unknown>;
  token?: string;
}

/** Brings in a proposal through the API and returns its body. */
export async function bringIn(h: Harness, options: ProposalOptions = {}): Promise<{ id: string; version: number; [k: string]: unknown }> {
  const proposer = options.proposer ?? h.registry.organization('company');
  const res = await api(h, options.token ?? h.tokens.coordinator).post('/v1/proposals', {
    title: { ja: '昆布仮根を用いた食品素材', en: 'A food material from kelp holdfasts' },
    summary: { ja: '昆布の仮根から食品素材を試作する。' },
    proposingOrganizationId: proposer.id,
    contactPersonId: h.registry.person().id,
    ...options.body,
  });
  if (res.status !== 201) throw new Error(`bringIn: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Moves a proposal with the current ETag; returns the response (status not checked). */
export async function move(
  h: Harness,
  proposal: { id: string; version: number },
  to: string,
  extra: Record<string, unknown> = {},
  token?: string,
) {
  const res = await api(h, token ?? h.tokens.coordinator)
    .post(`/v1/proposals/${proposal.id}/transitions`, { to, reason: `→ ${to}`, ...extra })
    .set('if-match', `"${proposal.version}"`);
  if (res.status === 201) proposal.version = res.body.proposal.version;
  return res;
}

/** Passing scores for the default rubric (70 points). */
export const GOOD_SCORES = [
  { criterion: 'novelty', points: 15 },
  { criterion: 'feasibility', points: 14 },
  { criterion: 'market', points: 13 },
  { criterion: 'team', points: 11 },
  { criterion: 'regional_spillover', points: 10 },
  { criterion: 'cluster_necessity', points: 7 },
];

/** Assigns `n` fresh advisors and has each submit a review (the proposal must be in screening). */
export async function review(h: Harness, proposal: { id: string }, n: number, scores = GOOD_SCORES): Promise<string[]> {
  const advisors: string[] = [];
  for (let i = 0; i < n; i++) {
    const advisor = h.registry.advisor();
    const assigned = await api(h, h.tokens.coordinator).post(`/v1/proposals/${proposal.id}/assignments`, { advisorId: advisor.id });
    if (assigned.status !== 201) throw new Error(`assign: ${assigned.status} ${JSON.stringify(assigned.body)}`);
    const token = await h.token(['advisor'], advisor.id);
    const submitted = await api(h, token).post(`/v1/proposals/${proposal.id}/reviews`, {
      scores,
      comment: '妥当な計画',
      recommendation: 'accept',
    });
    if (submitted.status !== 201) throw new Error(`review: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    advisors.push(advisor.id);
  }
  return advisors;
}

/** Forms a support team of the harness coordinator and one fresh advisor. */
export async function formTeam(h: Harness, proposal: { id: string }): Promise<{ advisorId: string; version: number }> {
  const advisor = h.registry.advisor();
  const res = await api(h, h.tokens.coordinator).put(`/v1/proposals/${proposal.id}/team`, {
    members: [
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: advisor.id, role: 'lead_advisor' },
    ],
  });
  if (res.status !== 201) throw new Error(`team: ${res.status} ${JSON.stringify(res.body)}`);
  return { advisorId: advisor.id, version: res.body.version };
}
