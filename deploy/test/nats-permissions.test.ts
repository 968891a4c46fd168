/**
 * The NATS users and permissions of deploy/nats/auth.conf — the very file the Kubernetes NATS cluster
 * and Docker Compose load — are enough for what each service really does with the service kit, and
 * refuse what a service must not do. A real nats-server (JetStream) runs that file; four probe services
 * built with the kit (relay, consumers with the real durable names, RPC server and client) connect as
 * the four users. The durables and RPC subjects granted are held equal to what services/<s>/src declares.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNameOf } from '@collabo/contracts';
import { connectNats, JetStreamConsumers, NatsNaming, Outbox, RpcClient } from '@collabo/service-kit';
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from '@collabo/service-kit/testing';
import { jetstreamManager, jetstream, AckPolicy, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { grantedConsumers, permissionsOf } from './support/auth-conf.js';
import { startNatsServer, usersOf, type RunningNats } from './support/nats-server.js';
import { SERVICES, type Service } from './support/paths.js';
import {
  eventProbe,
  observed,
  PRODUCED,
  probeConsumersOf,
  probeDefinition,
  rpcCallsOf,
  rpcProbe,
  SERVED,
  UPSTREAM,
} from './support/probe-services.js';
import { declaredConsumers, requestedRpcSubjects } from './support/service-sources.js';

const VIOLATION = /Permissions Violation/;
/** The RPC subjects that hand out real, token-bearing links: the notifications user only may call them. */
const SECRET_LINK_RPC = [
  'registry.cmd.invitation-link.issue.v1',
  'registry.qry.consent-withdrawal-link.get.v1',
  'events.qry.registrant-link.get.v1',
];

/** A durable of `service` on the stream of `producer` (the first the code declares). */
function durableOf(service: Service, producer: Service): { durable: string; subject: string } {
  const found = grantedConsumers(service).find((c) => c.stream === streamNameOf(producer));
  if (!found) throw new Error(`${service} has no durable on ${producer}'s stream`);
  return found;
}

/** Waits for a condition that another process brings about (bounded; never a fixed sleep). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('NATS permissions (deploy/nats/auth.conf) against the service kit', () => {
  let nats: RunningNats;
  let admin: NatsConnection;
  const databases = new Map<Service, TestDatabase>();
  const services = new Map<Service, TestService>();
  const connections: NatsConnection[] = [];
  const streamsMissingAtStart = new Map<Service, string[]>();

  /** A connection as `user`, with the inbox prefix the kit gives that service (`_INBOX_<service>`). */
  async function connectAs(user: string, password?: string): Promise<NatsConnection> {
    const service = (SERVICES as readonly string[]).includes(user) ? user : undefined;
    const nc = await connectNats({ url: nats.url, name: `perm-test-${user}`, user, password: password ?? nats.passwords[user], service });
    connections.push(nc);
    return nc;
  }

  function svc(service: Service): TestService {
    return services.get(service)!;
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    admin = await connectAs('admin');
    for (const service of SERVICES) databases.set(service, await createTestDatabase(service));
    // Downstream first, the worst order: a consumer starts before the producer has created its stream, and
    // may not create it (only STREAM.INFO): it waits for the owner, which starts afterwards.
    const jsm = await jetstreamManager(admin);
    for (const service of [...SERVICES].reverse()) {
      const missing: string[] = [];
      for (const producer of UPSTREAM[service]) {
        if (
          !(await jsm.streams.info(streamNameOf(producer)).then(
            () => true,
            () => false,
          ))
        )
          missing.push(streamNameOf(producer));
      }
      streamsMissingAtStart.set(service, missing);
      services.set(
        service,
        await startTestService(probeDefinition(service), {
          databaseUrl: databases.get(service)!.url,
          prefix: '', // production subjects: the permissions are written for them
          env: { NATS_URL: nats.url, NATS_USER: service, NATS_PASSWORD: nats.passwords[service]!, RPC_TIMEOUT_MS: '3000' },
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const service of [...SERVICES].reverse()) await services.get(service)?.close();
    for (const nc of connections) await nc.close().catch(() => undefined);
    await nats?.stop();
    for (const db of databases.values()) await db.drop();
  }, 60_000);

  it('has one user per service, with the names the services connect with', () => {
    for (const service of SERVICES) expect(usersOf()).toContain(service);
  });

  describe('what each service needs works', () => {
    it('every service created its own stream at start-up (and the consumed streams exist)', async () => {
      const jsm = await jetstreamManager(admin);
      for (const service of SERVICES) {
        const info = await jsm.streams.info(streamNameOf(service));
        expect(info.config.subjects).toEqual([`${service}.evt.>`]);
      }
    });

    it.each(SERVICES)(
      '%s publishes its events through the outbox relay, and every durable consuming them applies and acks them',
      async (producer) => {
        const producerService = svc(producer);
        const dataSource = producerService.app.get(DataSource);
        const outbox = producerService.app.get(Outbox);
        const jsm = await jetstreamManager(admin);
        const consumers = SERVICES.flatMap((service) =>
          probeConsumersOf(service)
            .filter((c) => c.stream === streamNameOf(producer))
            .map((c) => ({ service, ...c })),
        );
        const subjects = consumers.length ? [...new Set(consumers.map((c) => c.subject))] : [PRODUCED[producer]];
        for (const subject of subjects) {
          const probeId = uuidv7();
          const envelope = await dataSource.transaction((tx) =>
            outbox.add(tx, eventProbe(subject), { aggregateId: probeId, data: { probeId, from: producer } }),
          );
          // The relay (connected as the producer) had it acknowledged by JetStream and marked it.
          await eventually(`the ${producer} relay to publish ${envelope.id}`, async () => {
            const [row] = await dataSource.query('SELECT published_at, last_error FROM outbox WHERE id = $1', [envelope.id]);
            return row?.published_at ? row : undefined;
          });
          const stored = await jsm.streams.getMessage(streamNameOf(producer), { last_by_subj: subject });
          expect(stored?.json<{ id: string }>().id).toBe(envelope.id);

          for (const { service, durable } of consumers.filter((c) => c.subject === subject)) {
            // The consumer (connected as its own user) created its durable, pulled, applied ...
            await svc(service).waitForProcessed((n) => n.consumer === durable && n.messageId === envelope.id && n.outcome === 'applied');
            expect(observed.eventsApplied).toContainEqual({ consumer: service, durable, eventId: envelope.id });
            // ... and its ack reached the server (an ack refused by a permission would leave it pending).
            await eventually(`${durable} to ack ${envelope.id}`, async () => {
              const info = await jsm.consumers.info(streamNameOf(producer), durable);
              return info.num_ack_pending === 0 && info.ack_floor.stream_seq >= stored!.seq ? info : undefined;
            });
            const info = await jsm.consumers.info(streamNameOf(producer), durable);
            expect(info.config.ack_policy).toBe(AckPolicy.Explicit);
            expect(info.config.filter_subject).toBe(subject);
          }
        }
      },
    );

    it('a consumer started before the producer’s stream exists starts consuming once the producer creates it', async () => {
      // notifications started first: none of the streams it consumes existed, and it may not create them.
      expect(streamsMissingAtStart.get('notifications')).toEqual(UPSTREAM.notifications.map(streamNameOf));
      const { durable, subject } = durableOf('notifications', 'events');
      const dataSource = svc('events').app.get(DataSource);
      const probeId = uuidv7();
      const envelope = await dataSource.transaction((tx) =>
        svc('events')
          .app.get(Outbox)
          .add(tx, eventProbe(subject), { aggregateId: probeId, data: { probeId, from: 'events' } }),
      );
      await svc('notifications').waitForProcessed((n) => n.consumer === durable && n.messageId === envelope.id && n.outcome === 'applied');
      for (const service of SERVICES) expect(svc(service).app.get(JetStreamConsumers).waitingForStreams).toEqual([]);
      // The stream is the owner's, with the owner's settings: the consumer only read it.
      const info = await (await jetstreamManager(admin)).streams.info(streamNameOf('events'));
      expect(info.config.subjects).toEqual(['events.evt.>']);
    });

    const calls = SERVICES.flatMap((caller) => rpcCallsOf(caller).map((subject) => [caller, subject] as const));
    it.each(calls)('%s calls %s through the kit RpcClient (replies in its own inbox) and gets the answer', async (caller, subject) => {
      const probeId = uuidv7();
      const answer = await svc(caller).app.get(RpcClient).request(rpcProbe(subject), { probeId });
      const server = subject.slice(0, subject.indexOf('.'));
      expect(answer).toEqual({ servedBy: server, probeId });
      expect(observed.rpcServed).toContainEqual({ server, subject, probeId });
    });

    it('notifications serves its own RPC subjects in its queue group too (none are in the catalogue yet)', async () => {
      const probeId = uuidv7();
      const reply = await admin.request(SERVED.notifications, JSON.stringify({ probeId }), { timeout: 3000 });
      expect(reply.json<{ response: unknown }>()).toMatchObject({ response: { servedBy: 'notifications', probeId } });
    });
  });

  describe('what a service must not do is refused', () => {
    it("registry cannot publish a proposals event: its relay's publish is refused and nothing reaches the proposals stream", async () => {
      const registry = svc('registry');
      const dataSource = registry.app.get(DataSource);
      const probeId = uuidv7();
      const forged = await dataSource.transaction((tx) =>
        registry.app.get(Outbox).add(tx, eventProbe(PRODUCED.proposals), { aggregateId: probeId, data: { probeId, from: 'registry' } }),
      );
      try {
        const row = await eventually('the registry relay to give up on the forged event', async () => {
          const [r] = await dataSource.query('SELECT published_at, last_error FROM outbox WHERE id = $1', [forged.id]);
          return r?.last_error ? r : undefined;
        });
        expect(row.published_at).toBeNull();
        expect(row.last_error).toMatch(VIOLATION);
        const jsm = await jetstreamManager(admin);
        const last = await jsm.streams.getMessage(streamNameOf('proposals'), { last_by_subj: PRODUCED.proposals }).catch(() => null);
        expect(last?.json<{ id: string }>().id).not.toBe(forged.id);
        expect(observed.eventsApplied.map((e) => e.eventId)).not.toContain(forged.id);
      } finally {
        await dataSource.query('DELETE FROM outbox WHERE id = $1', [forged.id]);
      }
    });

    it('no service can publish to another service’s event subjects, even with JetStream', async () => {
      for (const service of SERVICES) {
        const js = jetstream(await connectAs(service));
        for (const other of SERVICES.filter((s) => s !== service)) {
          await expect(js.publish(PRODUCED[other], '{}', { timeout: 3000 })).rejects.toThrow(VIOLATION);
        }
      }
    });

    it('registry publishing proposals.evt.proposal.advanced.v1 gets a permission violation', async () => {
      const nc = await connectAs('registry');
      const errors: string[] = [];
      void (async () => {
        for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error));
      })();
      await expect(jetstream(nc).publish('proposals.evt.proposal.advanced.v1', '{}', { timeout: 3000 })).rejects.toThrow(
        'Permissions Violation for Publish to "proposals.evt.proposal.advanced.v1"',
      );
      nc.publish('proposals.evt.proposal.advanced.v1', '{}');
      await nc.flush();
      await eventually('the server to report the core publish', async () => errors.length >= 2);
      expect(errors.every((e) => VIOLATION.test(e))).toBe(true);
      // The server logs who tried what, for the operators.
      expect(nats.log()).toContain('Publish Violation - User "registry", Subject "proposals.evt.proposal.advanced.v1"');
    });

    it('no service can subscribe to another service’s RPC subjects, whatever the queue group', async () => {
      for (const service of SERVICES) {
        const nc = await connectAs(service);
        for (const other of SERVICES.filter((s) => s !== service)) {
          for (const subject of [`${other}.qry.>`, `${other}.cmd.>`, SERVED[other]]) {
            for (const queue of [undefined, other, service]) {
              const sub = nc.subscribe(subject, queue ? { queue } : {});
              await expect(sub.closed).resolves.toThrow(VIOLATION);
            }
          }
        }
      }
    });

    it('a service serves its own RPC only in its queue group (a plain subscription could steal requests)', async () => {
      for (const service of SERVICES) {
        const nc = await connectAs(service);
        const sub = nc.subscribe(SERVED[service]);
        await expect(sub.closed).resolves.toThrow(VIOLATION);
      }
    });

    it('no service reads events outside JetStream (core subscriptions to any evt subject are refused)', async () => {
      for (const service of SERVICES) {
        const nc = await connectAs(service);
        for (const producer of SERVICES) {
          const sub = nc.subscribe(`${producer}.evt.>`);
          await expect(sub.closed).resolves.toThrow(VIOLATION);
        }
      }
    });

    it('a service calls only the RPC upstream of it (registry calling proposals is refused, by the kit client too)', async () => {
      const before = observed.rpcServed.length;
      // The kit's client is told of the refused publish at once (not a timeout), and never gets a reply.
      await expect(
        svc('registry').app.get(RpcClient).request(rpcProbe('proposals'), { probeId: uuidv7() }, { timeoutMs: 2000 }),
      ).rejects.toMatchObject({
        code: 'COMMON.RPC_UNAVAILABLE',
        status: 503,
        message: expect.stringContaining('Not permitted to call'),
      });
      const nc = await connectAs('registry');
      await expect(nc.request(SERVED.proposals, JSON.stringify({ probeId: uuidv7() }), { timeout: 3000 })).rejects.toThrow(VIOLATION);
      await expect(nc.request(SERVED.events, JSON.stringify({ probeId: uuidv7() }), { timeout: 3000 })).rejects.toThrow(VIOLATION);
      const proposals = await connectAs('proposals');
      await expect(proposals.request(SERVED.events, JSON.stringify({ probeId: uuidv7() }), { timeout: 3000 })).rejects.toThrow(VIOLATION);
      const events = await connectAs('events');
      await expect(events.request(SERVED.notifications, JSON.stringify({ probeId: uuidv7() }), { timeout: 3000 })).rejects.toThrow(
        VIOLATION,
      );
      expect(observed.rpcServed.length).toBe(before);
    });

    it('a service cannot answer into other inboxes (only replies to requests it received)', async () => {
      const nc = await connectAs('registry');
      const errors: string[] = [];
      void (async () => {
        for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error));
      })();
      nc.publish('_INBOX.someone-else.1', '{"response":"forged"}');
      await nc.flush();
      await eventually('the server to refuse the forged reply', async () => errors.find((e) => e.includes('_INBOX.someone-else.1')));
    });

    it('the JetStream API is limited to a service’s own stream and the streams it consumes', async () => {
      const refusals: [Service, (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<unknown>][] = [
        // (registry reads the info of the streams it consumes, see UPSTREAM, but changes none of them)
        ['registry', (jsm) => jsm.streams.purge(streamNameOf('proposals'))],
        ['registry', (jsm) => jsm.streams.update(streamNameOf('events'), { max_age: 1 })],
        ['registry', (jsm) => jsm.consumers.info(streamNameOf('proposals'), durableOf('events', 'proposals').durable)],
        ['proposals', (jsm) => jsm.streams.delete(streamNameOf('registry'))],
        ['proposals', (jsm) => jsm.streams.purge(streamNameOf('registry'))],
        ['proposals', (jsm) => jsm.streams.delete(streamNameOf('proposals'))],
        ['proposals', (jsm) => jsm.consumers.delete(streamNameOf('registry'), durableOf('proposals', 'registry').durable)],
        ['proposals', (jsm) => jsm.streams.info(streamNameOf('events'))],
        [
          'proposals',
          (jsm) =>
            jsm.consumers.add(streamNameOf('events'), {
              durable_name: 'proposals-sneak',
              filter_subject: 'events.evt.>',
              ack_policy: AckPolicy.Explicit,
            }),
        ],
        [
          'events',
          // a consumer on a consumed stream, but filtered on subjects that are not that stream's events
          (jsm) =>
            jsm.consumers.add(streamNameOf('registry'), {
              durable_name: 'events-sneak',
              filter_subject: 'proposals.evt.>',
              ack_policy: AckPolicy.Explicit,
            }),
        ],
        ['events', (jsm) => jsm.streams.info(streamNameOf('notifications'))],
        ['notifications', (jsm) => jsm.streams.delete(streamNameOf('events'))],
        ['notifications', (jsm) => jsm.streams.add({ name: 'COLLABO_SNEAK', subjects: ['sneak.>'] })],
      ];
      for (const [service, attempt] of refusals) {
        const jsm = await jetstreamManager(await connectAs(service));
        await expect(attempt(jsm)).rejects.toThrow(VIOLATION);
      }
      // All the streams are still there, untouched.
      const jsm = await jetstreamManager(admin);
      for (const service of SERVICES) await expect(jsm.streams.info(streamNameOf(service))).resolves.toBeDefined();
    });

    it('a service cannot pull from or ack on a stream it does not consume', async () => {
      const nc = await connectAs('proposals');
      const foreign = durableOf('notifications', 'events').durable;
      await expect(
        nc.request(`$JS.API.CONSUMER.MSG.NEXT.${streamNameOf('events')}.${foreign}`, '{"batch":1}', {
          timeout: 3000,
        }),
      ).rejects.toThrow(VIOLATION);
      const errors: string[] = [];
      void (async () => {
        for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error));
      })();
      nc.publish(`$JS.ACK.${streamNameOf('events')}.${foreign}.1.1.1.0.0`, '+ACK');
      await nc.flush();
      await eventually('the server to refuse the foreign ack', async () => errors.find((e) => e.includes('$JS.ACK.COLLABO_EVENTS')));
    });

    it('a service cannot read another service’s RPC replies or pulled messages: as notifications, _INBOX.> and _INBOX_registry.> are refused', async () => {
      const nc = await connectAs('notifications');
      for (const subject of ['_INBOX.>', '_INBOX_registry.>', '_INBOX_events.>', '_INBOX_proposals.*.*', '>']) {
        const sub = nc.subscribe(subject);
        await expect(sub.closed).resolves.toThrow(VIOLATION);
      }
      // Its own inboxes are its to read (the kit's RPC client, JetStream API answers and pulls use them).
      const own = nc.subscribe('_INBOX_notifications.perm-test.*', { max: 1 });
      await nc.flush();
      admin.publish('_INBOX_notifications.perm-test.1', 'mine');
      for await (const msg of own) expect(msg.string()).toBe('mine');
      await expect(own.closed).resolves.toBeUndefined();
      for (const service of SERVICES) {
        const other = await connectAs(service);
        const sub = other.subscribe('_INBOX.>');
        await expect(sub.closed).resolves.toThrow(VIOLATION);
      }
    });

    it('a consumer cannot create, read, pull or ack another service’s durable, even on a stream it consumes', async () => {
      const jsm = await jetstreamManager(await connectAs('proposals'));
      // events' durable on the registry stream, which proposals consumes too
      const theirs = durableOf('events', 'registry');
      const mine = durableOf('proposals', 'registry');
      const refusals: (() => Promise<unknown>)[] = [
        () =>
          jsm.consumers.add(streamNameOf('registry'), {
            durable_name: theirs.durable,
            filter_subject: theirs.subject,
            ack_policy: AckPolicy.Explicit,
          }),
        () => jsm.consumers.info(streamNameOf('registry'), theirs.durable),
        () =>
          jsm.consumers.add(streamNameOf('registry'), {
            durable_name: 'proposals-sneak',
            filter_subject: mine.subject,
            ack_policy: AckPolicy.Explicit,
          }),
        // its own durable, but filtered on registry events its code does not consume
        () =>
          jsm.consumers.add(streamNameOf('registry'), {
            durable_name: mine.durable,
            filter_subject: 'registry.evt.person.updated.v1',
            ack_policy: AckPolicy.Explicit,
          }),
        () =>
          jsm.consumers.add(streamNameOf('registry'), {
            durable_name: mine.durable,
            filter_subject: 'registry.evt.>',
            ack_policy: AckPolicy.Explicit,
          }),
      ];
      for (const attempt of refusals) await expect(attempt()).rejects.toThrow(VIOLATION);
      const nc = await connectAs('proposals');
      await expect(
        nc.request(`$JS.API.CONSUMER.MSG.NEXT.${streamNameOf('registry')}.${theirs.durable}`, '{"batch":1}', { timeout: 3000 }),
      ).rejects.toThrow(VIOLATION);
      const errors: string[] = [];
      void (async () => {
        for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error));
      })();
      nc.publish(`$JS.ACK.${streamNameOf('registry')}.${theirs.durable}.1.1.1.0.0`, '+ACK');
      await nc.flush();
      await eventually('the server to refuse the ack on another durable', async () => errors.find((e) => e.includes(theirs.durable)));
      // events' durable is untouched: same filter, nothing pulled by proposals.
      const info = await (await jetstreamManager(admin)).consumers.info(streamNameOf('registry'), theirs.durable);
      expect(info.config.filter_subject).toBe(theirs.subject);
    });

    it('no service can update or delete a stream it does not own (nor delete or purge its own)', async () => {
      const attempts: [Service, Service, (jsm: JetStreamManager, stream: string) => Promise<unknown>][] = [];
      for (const service of SERVICES) {
        for (const owner of SERVICES.filter((o) => o !== service)) {
          attempts.push([service, owner, (jsm, stream) => jsm.streams.update(stream, { max_age: 1_000_000_000 })]);
          attempts.push([service, owner, (jsm, stream) => jsm.streams.delete(stream)]);
          attempts.push([service, owner, (jsm, stream) => jsm.streams.purge(stream)]);
          attempts.push([service, owner, (jsm, stream) => jsm.streams.add({ name: stream, subjects: [`${owner}.evt.>`] })]);
        }
        attempts.push([service, service, (jsm, stream) => jsm.streams.delete(stream)]);
        attempts.push([service, service, (jsm, stream) => jsm.streams.purge(stream)]);
      }
      for (const [service, owner, attempt] of attempts) {
        const jsm = await jetstreamManager(await connectAs(service));
        await expect(attempt(jsm, streamNameOf(owner))).rejects.toThrow(VIOLATION);
      }
      const jsm = await jetstreamManager(admin);
      for (const service of SERVICES) {
        const info = await jsm.streams.info(streamNameOf(service));
        expect(info.config.max_age).not.toBe(1_000_000_000);
      }
    });

    it('only notifications may call the RPCs that hand out secret-bearing links (invitation, consent withdrawal, registrant)', async () => {
      for (const caller of SERVICES.filter((s) => s !== 'notifications')) {
        const nc = await connectAs(caller);
        for (const subject of SECRET_LINK_RPC) {
          await expect(nc.request(subject, JSON.stringify({ probeId: uuidv7() }), { timeout: 3000 })).rejects.toThrow(VIOLATION);
          // The kit's client is told at once too.
          await expect(
            svc(caller).app.get(RpcClient).request(rpcProbe(subject), { probeId: uuidv7() }, { timeoutMs: 2000 }),
          ).rejects.toMatchObject({ code: 'COMMON.RPC_UNAVAILABLE', message: expect.stringContaining('Not permitted to call') });
        }
      }
      const before = observed.rpcServed.length;
      for (const subject of SECRET_LINK_RPC) {
        const probeId = uuidv7();
        await expect(svc('notifications').app.get(RpcClient).request(rpcProbe(subject), { probeId })).resolves.toMatchObject({ probeId });
      }
      expect(observed.rpcServed.length).toBe(before + SECRET_LINK_RPC.length);
    });

    it('a service calls only the RPC subjects its code uses (no registry.qry.> wildcard)', async () => {
      const refusals: [Service, string][] = [
        ['events', 'registry.qry.accounts.by-role.v1'],
        ['events', 'registry.qry.people.get-many.v1'],
        ['proposals', 'registry.qry.person.get.v1'],
        ['proposals', 'registry.qry.study-group.members.v1'],
        ['notifications', 'registry.qry.person.get.v1'],
        ['notifications', 'events.qry.event.summary.v1'],
        ['notifications', 'proposals.qry.proposal.summary.v1'],
        ['events', 'proposals.qry.proposal.summary.v1'],
      ];
      for (const [caller, subject] of refusals) {
        const nc = await connectAs(caller);
        await expect(nc.request(subject, JSON.stringify({ probeId: uuidv7() }), { timeout: 3000 })).rejects.toThrow(VIOLATION);
      }
    });

    it('nobody gets in without the right password', async () => {
      await expect(connectNats({ url: nats.url, name: 'perm-test-wrong', user: 'registry', password: 'wrong' })).rejects.toThrow(
        /Authorization/,
      );
      await expect(connectNats({ url: nats.url, name: 'perm-test-anonymous' })).rejects.toThrow(/Authorization/);
      await expect(
        connectNats({ url: nats.url, name: 'perm-test-cross', user: 'proposals', password: nats.passwords['registry'] }),
      ).rejects.toThrow(/Authorization/);
    });
  });

  describe('auth.conf lists exactly what the services’ code declares (a new consumer or call without its lines fails here)', () => {
    it.each(SERVICES)('the durables granted to %s are exactly the durables its code declares, with their filter subjects', (service) => {
      const declared = declaredConsumers(service).map(({ stream, durable, subject }) => ({ stream, durable, subject }));
      expect(grantedConsumers(service)).toEqual(declared);
    });

    it.each(SERVICES)('%s may use the consumer API on its own durables only, by name, with no wildcard', (service) => {
      const durables = grantedConsumers(service);
      const consumerLines = permissionsOf(service).publish.filter((s) => s.startsWith('$JS.API.CONSUMER.') || s.startsWith('$JS.ACK.'));
      const expected = durables.flatMap(({ stream, durable, subject }) => [
        `$JS.API.CONSUMER.CREATE.${stream}.${durable}.${subject}`,
        `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
        `$JS.ACK.${stream}.${durable}.>`,
      ]);
      expect([...consumerLines].sort()).toEqual([...expected].sort());
      for (const { durable } of durables) expect(durable.startsWith(`${service}-`)).toBe(true);
    });

    it.each(SERVICES)(
      '%s may create or update only its own stream, read only the streams it consumes, and delete or purge none',
      (service) => {
        const streamLines = permissionsOf(service).publish.filter((s) => s.startsWith('$JS.API.STREAM.'));
        const own = streamNameOf(service);
        const consumed = [...new Set(grantedConsumers(service).map((c) => c.stream))];
        expect([...streamLines].sort()).toEqual(
          [
            `$JS.API.STREAM.INFO.${own}`,
            `$JS.API.STREAM.CREATE.${own}`,
            `$JS.API.STREAM.UPDATE.${own}`,
            ...consumed.map((stream) => `$JS.API.STREAM.INFO.${stream}`),
          ].sort(),
        );
        expect(consumed.sort()).toEqual(UPSTREAM[service].map(streamNameOf).sort());
      },
    );

    it.each(SERVICES)('%s is granted every RPC subject its code requests, listed one by one (no wildcard)', (service) => {
      const granted = rpcCallsOf(service);
      for (const subject of granted) expect(subject).not.toMatch(/[*>]/);
      expect(granted).toEqual(expect.arrayContaining(requestedRpcSubjects(service)));
      // Nothing more than the code calls.
      expect([...granted].sort()).toEqual(requestedRpcSubjects(service));
    });

    it('only notifications is granted the secret-link RPC subjects', () => {
      for (const service of SERVICES) {
        const granted = permissionsOf(service).publish.filter((s) => SECRET_LINK_RPC.includes(s));
        expect(granted).toEqual(service === 'notifications' ? SECRET_LINK_RPC : []);
      }
    });

    it.each(SERVICES)('%s subscribes to its own inbox prefix only (_INBOX_<service>.>), never to _INBOX.>', (service) => {
      const inboxes = permissionsOf(service).subscribe.filter((s) => s.startsWith('_INBOX'));
      expect(inboxes).toEqual([`_INBOX_${service}.>`]);
    });
  });

  it('the naming used in production has no prefix (the permissions above are the production subjects)', () => {
    expect(new NatsNaming('').subject(PRODUCED.registry)).toBe(PRODUCED.registry);
  });
});
