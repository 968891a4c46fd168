/**
 * The NATS users and permissions of deploy/nats/auth.conf — the very file the Kubernetes NATS cluster
 * and Docker Compose load — are enough for what each service really does with the service kit, and
 * refuse what a service must not do. A real nats-server (JetStream) runs that file; four probe services
 * built with the kit (relay, consumers, RPC server and client) connect as the four users.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streamNameOf } from '@collabo/contracts';
import { connectNats, NatsNaming, Outbox, RpcClient } from '@collabo/service-kit';
import { createTestDatabase, startTestService, type TestDatabase, type TestService } from '@collabo/service-kit/testing';
import { jetstreamManager, jetstream, AckPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { startNatsServer, usersOf, type RunningNats } from './support/nats-server.js';
import { SERVICES, type Service } from './support/paths.js';
import { consumerName, eventProbe, observed, PRODUCED, probeDefinition, rpcProbe, SERVED, UPSTREAM } from './support/probe-services.js';

const VIOLATION = /Permissions Violation/;

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

  async function connectAs(user: string, password?: string): Promise<NatsConnection> {
    const nc = await connectNats({ url: nats.url, name: `perm-test-${user}`, user, password: password ?? nats.passwords[user] });
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
    // Upstream first, as in a real start-up; the kit does not depend on the order.
    for (const service of SERVICES) {
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

    it.each(SERVICES)('%s publishes its events through the outbox relay, and every consumer applies and acks them', async (producer) => {
      const producerService = svc(producer);
      const dataSource = producerService.app.get(DataSource);
      const outbox = producerService.app.get(Outbox);
      const probeId = uuidv7();
      const envelope = await dataSource.transaction((tx) =>
        outbox.add(tx, eventProbe(producer), { aggregateId: probeId, data: { probeId, from: producer } }),
      );

      // The relay (connected as the producer) had it acknowledged by JetStream and marked it.
      await eventually(`the ${producer} relay to publish ${envelope.id}`, async () => {
        const [row] = await dataSource.query('SELECT published_at, last_error FROM outbox WHERE id = $1', [envelope.id]);
        return row?.published_at ? row : undefined;
      });
      const jsm = await jetstreamManager(admin);
      const stored = await jsm.streams.getMessage(streamNameOf(producer), { last_by_subj: PRODUCED[producer] });
      expect(stored?.json<{ id: string }>().id).toBe(envelope.id);

      const consumers = SERVICES.filter((s) => UPSTREAM[s].includes(producer));
      for (const consumer of consumers) {
        const name = consumerName(consumer, producer);
        // The consumer (connected as its own user) created its durable consumer, pulled, applied ...
        await svc(consumer).waitForProcessed((n) => n.consumer === name && n.messageId === envelope.id && n.outcome === 'applied');
        expect(observed.eventsApplied).toContainEqual({ consumer, producer, eventId: envelope.id });
        // ... and its ack reached the server (an ack refused by a permission would leave it pending).
        await eventually(`${name} to ack ${envelope.id}`, async () => {
          const info = await jsm.consumers.info(streamNameOf(producer), name);
          return info.num_ack_pending === 0 && info.ack_floor.stream_seq >= stored!.seq ? info : undefined;
        });
        const info = await jsm.consumers.info(streamNameOf(producer), name);
        expect(info.config.ack_policy).toBe(AckPolicy.Explicit);
        expect(info.config.filter_subject).toBe(PRODUCED[producer]);
      }
    });

    const calls = SERVICES.flatMap((caller) => UPSTREAM[caller].map((server) => [caller, server] as const));
    it.each(calls)('%s calls the RPC of %s through the kit RpcClient and gets the answer', async (caller, server) => {
      const probeId = uuidv7();
      const answer = await svc(caller).app.get(RpcClient).request(rpcProbe(server), { probeId });
      expect(answer).toEqual({ servedBy: server, probeId });
      expect(observed.rpcServed).toContainEqual({ server, probeId });
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
        registry.app.get(Outbox).add(tx, eventProbe('proposals'), { aggregateId: probeId, data: { probeId, from: 'registry' } }),
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
        ['registry', (jsm) => jsm.streams.info(streamNameOf('proposals'))],
        ['registry', (jsm) => jsm.consumers.info(streamNameOf('proposals'), consumerName('events', 'proposals'))],
        ['proposals', (jsm) => jsm.streams.delete(streamNameOf('registry'))],
        ['proposals', (jsm) => jsm.streams.purge(streamNameOf('registry'))],
        ['proposals', (jsm) => jsm.streams.delete(streamNameOf('proposals'))],
        ['proposals', (jsm) => jsm.consumers.delete(streamNameOf('registry'), consumerName('proposals', 'registry'))],
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
      await expect(
        nc.request(`$JS.API.CONSUMER.MSG.NEXT.${streamNameOf('events')}.notifications-probe-on-events-event`, '{"batch":1}', {
          timeout: 3000,
        }),
      ).rejects.toThrow(VIOLATION);
      const errors: string[] = [];
      void (async () => {
        for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error));
      })();
      nc.publish(`$JS.ACK.${streamNameOf('events')}.notifications-probe-on-events-event.1.1.1.0.0`, '+ACK');
      await nc.flush();
      await eventually('the server to refuse the foreign ack', async () => errors.find((e) => e.includes('$JS.ACK.COLLABO_EVENTS')));
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

  it('the naming used in production has no prefix (the permissions above are the production subjects)', () => {
    expect(new NatsNaming('').subject(PRODUCED.registry)).toBe(PRODUCED.registry);
  });
});
