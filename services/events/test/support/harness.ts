import 'reflect-metadata';
import type { FocusField, OrganizationV1, PersonV1, StaffRole } from '@collabo/contracts';
import {
  createTestDatabase,
  deleteTestStreams,
  ManualClock,
  startTestService,
  TestAuthority,
  testNatsConnection,
  testPrefix,
  type TestDatabase,
  type TestService,
} from '@collabo/service-kit/testing';
import { ensureStream, NatsNaming } from '@collabo/service-kit';
import { FakeRegistry } from '@collabo/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import type { EventsEnv } from '../../src/config/events-env.js';
import { eventsService } from '../../src/events.definition.js';

export const START = '2026-10-01T00:00:00Z';

/** Everything an events-service suite needs: its own database, subject prefix, registry, clock and tokens. */
export interface Harness {
  db: TestDatabase;
  auth: TestAuthority;
  nc: NatsConnection;
  prefix: string;
  clock: ManualClock;
  registry: FakeRegistry;
  svc: TestService<EventsEnv>;
  organizer: OrganizationV1;
  staffId: string;
  token(role?: StaffRole): Promise<string>;
  /** A request as a staff member (default: coordinator). */
  as(role?: StaffRole): Promise<Api>;
  /** Another replica of the service on the same database and prefix. */
  startReplica(): Promise<TestService<EventsEnv>>;
  close(): Promise<void>;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Api = Record<Method, (path: string) => request.Test>;

export interface HarnessOptions {
  /** Where the service's logs go (a LogCapture, to scan them); they are silent otherwise. */
  logDestination?: NodeJS.WritableStream;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase('events');
  const auth = await TestAuthority.start();
  const nc = await testNatsConnection();
  const prefix = testPrefix();
  const clock = new ManualClock(START);
  const registry = new FakeRegistry(nc, prefix);
  const organizer = registry.organization('foundation', { name: '公益財団法人 北海道科学技術総合振興センター' });
  // The streams of the services whose events this one consumes exist before it starts, as their owners
  // create them in a deployment (a service never creates another's stream).
  const jsm = await jetstreamManager(nc);
  for (const owner of ['registry', 'proposals'] as const) await ensureStream(jsm, new NatsNaming(prefix), owner);
  // Periodic jobs run only when a test calls them; rate limits out of the way unless a test is about them.
  const serviceEnv = {
    SEAT_OFFER_SWEEP_MS: '0',
    REMINDER_SWEEP_MS: '0',
    LOTTERY_SWEEP_MS: '0',
    WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    PUBLIC_WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    PUBLIC_READ_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  };
  const definition = { ...eventsService, clock };
  const replicas: TestService<EventsEnv>[] = [];
  const start = async () => {
    const svc = await startTestService(definition, {
      databaseUrl: db.url,
      prefix,
      jwksUrl: auth.jwksUrl,
      env: serviceEnv,
      logDestination: options.logDestination,
    });
    replicas.push(svc);
    return svc;
  };
  const svc = await start();
  const staffId = uuidv7();
  const token = (role: StaffRole = 'coordinator') => auth.token({ roles: [role], sub: staffId });
  const as = async (role: StaffRole = 'coordinator'): Promise<Api> => {
    const bearer = `Bearer ${await token(role)}`;
    const make = (method: Method) => (path: string) => request(svc.http)[method](path).set('authorization', bearer);
    return { get: make('get'), post: make('post'), put: make('put'), patch: make('patch'), delete: make('delete') };
  };
  return {
    db,
    auth,
    nc,
    prefix,
    clock,
    registry,
    svc,
    organizer,
    staffId,
    token,
    as,
    startReplica: start,
    async close() {
      for (const r of replicas.reverse()) await r.close().catch(() => undefined);
      await registry.stop();
      await deleteTestStreams(nc, prefix);
      await nc.close();
      await auth.close();
      await db.drop();
    },
  };
}

/** A valid event body; override what a test is about. */
export function eventBody(h: Harness, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'exchange_meeting',
    title: { ja: '食クラスター交流会', en: 'Food cluster exchange meeting' },
    description: { ja: '食と観光の研究者・事業者が同じテーブルで語り合う交流会です。' },
    organizerId: h.organizer.id,
    venue: { kind: 'centre', name: 'コラボほっかいどう 交流スペース', address: '札幌市北区北21条西12丁目', capacity: 60 },
    startsAt: '2026-12-01T18:00',
    endsAt: '2026-12-01T20:30',
    capacity: 50,
    admission: 'first_come',
    feeYen: 0,
    partyFeeYen: 4000,
    language: 'ja',
    ...overrides,
  };
}

/** Creates and publishes an event; answers its id and current ETag. */
export async function publishedEvent(h: Harness, overrides: Record<string, unknown> = {}): Promise<{ id: string; etag: string }> {
  const api = await h.as();
  const created = await api.post('/v1/events').send(eventBody(h, overrides));
  if (created.status !== 201) throw new Error(`event not created: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await api.post(`/v1/events/${created.body.id}/publish`).set('if-match', created.headers['etag']);
  if (published.status !== 200) throw new Error(`event not published: ${published.status} ${JSON.stringify(published.body)}`);
  return { id: created.body.id, etag: published.headers['etag'] };
}

let guestCounter = 0;
/** A guest registrant with a fresh email. */
export function guest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  guestCounter++;
  return { name: `ゲスト ${guestCounter}`, email: `guest-${guestCounter}-${uuidv7().slice(-8)}@example.jp`, language: 'ja', ...overrides };
}

export interface RegistryPersonOptions {
  /** A current affiliation (since 2020-04-01) with this organisation. */
  organization?: OrganizationV1;
  language?: 'ja' | 'en';
  fields?: FocusField[];
  /** A current membership (since 2021-04-01) of this study group. */
  studyGroupId?: string;
  /** Whether they agree to be on attendee lists (default: no). */
  consentToList?: boolean;
}

/** A person in the (fake) registry, as the events tests register them. */
export function registryPerson(h: Harness, familyName: string, givenName: string, options: RegistryPersonOptions = {}): PersonV1 {
  const person = h.registry.person({
    familyName,
    givenName,
    preferredLanguage: options.language ?? 'ja',
    expertiseFields: options.fields ?? [],
    consentToList: options.consentToList ?? false,
  });
  if (options.organization) h.registry.affiliate(person.id, options.organization);
  if (options.studyGroupId) h.registry.join(person.id, options.studyGroupId);
  return person;
}
