/**
 * The whole platform as real processes, two replicas of each service, on a private NATS server, an
 * embedded Postgres and an SMTP sink.
 *
 * Scale-out (issue 6): RPC load is shared by both replicas; each JetStream event is handled once; each
 * outbox row is published once; each email is sent once; the reminder job runs once.
 *
 * Chaos (issue 8): under a steady stream of proposal transitions and event registrations, kill -9 each
 * service in turn, stop NATS for 20 s, restart Postgres, make the SMTP server refuse and then answer 4xx,
 * kill a relay between publish and mark, and put a poison message on a consumed subject. Afterwards every
 * committed change has produced exactly its emails (count and recipient at the sink), none twice, no
 * outbox row is stuck, and every replica is ready again.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetPersonV1, ProposalAdvancedV1, ReminderDueV1, type ServiceName } from '@collabo/contracts';
import { NatsNaming, RpcClient } from '@collabo/service-kit';
import { SmtpSink } from '@collabo/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Api } from '../harness/api.js';
import { ADMIN, Platform, SERVICES, eventually, type ServiceProcess } from '../harness/platform.js';
import { Traffic, type World } from '../harness/traffic.js';

/** The value of a Prometheus sample, summed over the lines whose labels include every given pair. */
function metric(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

const NOTIFICATIONS_ENV = {
  SMTP_RATE_PER_SECOND: '100',
  SMTP_CONCURRENCY: '4',
  DELIVERY_POLL_MS: '200',
  SEND_BACKOFF_MS: '300,600,1000,2000',
  SEND_MAX_ATTEMPTS: '50',
  SEND_TIMEOUT_MS: '10000',
  SEND_LEASE_MS: '15000',
};

describe('the platform, two replicas of each service', () => {
  let sink: SmtpSink;
  let platform: Platform;
  let api: Api;
  let nc: NatsConnection;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    platform = await Platform.start({
      replicas: 2,
      smtpUrl: sink.url,
      env: {
        events: { REMINDER_SWEEP_MS: '300', REMINDER_HOUR_JST: '0', SEAT_OFFER_SWEEP_MS: '0' },
        notifications: NOTIFICATIONS_ENV,
      },
    });
    api = new Api(platform, await platform.token());
    nc = await connect({ servers: platform.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  });

  afterAll(async () => {
    await nc?.close().catch(() => undefined);
    await platform?.stop();
    await sink?.stop();
  });

  const metricsOf = async (service: ServiceName) =>
    Promise.all(platform.of(service).map(async (p) => (await fetch(`${p.baseUrl}/metrics`)).text()));

  const mailsTo = (address: string) => sink.received.filter((m) => m.to.includes(address));

  describe('scale-out', () => {
    it('shares RPC load between both replicas of the registry', async () => {
      const person = await api.person(9000, 'ja', 'scale.example');
      const client = new RpcClient({ url: platform.nats.url, service: 'scale-test', naming: new NatsNaming(''), timeoutMs: 3000 });
      await client.connect();
      for (let i = 0; i < 100; i++) await client.request(GetPersonV1, { personId: person.id });
      await client.close();
      const counts = (await metricsOf('registry')).map((text) =>
        metric(text, 'rpc_handled_seconds_count', { subject: GetPersonV1.subject }),
      );
      expect(counts.every((n) => n > 0)).toBe(true);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100);
    });

    it('handles each event once, publishes each outbox row once and sends each email once', async () => {
      const proposals = 8;
      const organization = await api.organization('スケール検証食品株式会社', 'スケールケンショウショクヒン');
      const contact = await api.person(1, 'ja', 'scale.example');
      const coordinator = await api.person(2, 'en', 'scale.example');
      const ids: string[] = [];
      for (let i = 0; i < proposals; i++) ids.push(await api.proposal(organization, contact.id, coordinator.id, `拡張検証提案 ${i}`));
      for (const id of ids) expect(await api.transition(id, 'pre_screening', '書類確認済み')).toBe(201);

      // Submitted and advanced: the contact person and the coordinator each get one email per proposal and change.
      await eventually(
        async () => mailsTo(contact.email).length >= 2 * proposals && mailsTo(coordinator.email).length >= 2 * proposals,
        'the emails',
        60_000,
      );

      // Each outbox row of the proposals service is in its stream exactly once, and none is left behind.
      const jsm = await jetstreamManager(nc);
      const stream = await jsm.streams.info(new NatsNaming('').stream('proposals'));
      const [{ rows, unpublished }] = await platform.postgres.query<{ rows: number; unpublished: number }>(
        'collabo_proposals',
        'SELECT count(*)::int AS rows, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished FROM outbox',
      );
      expect(stream.state.messages).toBe(rows);
      expect(unpublished).toBe(0);

      // Each advanced event was applied once by the notifications service (by one replica or the other).
      const [{ n: inboxRows }] = await platform.postgres.query<{ n: number }>(
        'collabo_notifications',
        'SELECT count(*)::int AS n FROM inbox WHERE subject = $1',
        [ProposalAdvancedV1.subject],
      );
      expect(inboxRows).toBe(proposals);
      const applied = (await metricsOf('notifications')).map((text) =>
        metric(text, 'events_consumed_total', { consumer: 'notifications-notify-on-proposal-advanced', outcome: 'applied' }),
      );
      expect(applied.reduce((a, b) => a + b, 0)).toBe(proposals);

      // Each email once.
      expect(sink.duplicates()).toEqual([]);
      expect(mailsTo(contact.email)).toHaveLength(2 * proposals);
      expect(mailsTo(coordinator.email)).toHaveLength(2 * proposals);
    });

    it('runs the reminder job once although both replicas of the events service run it', async () => {
      const organizer = await api.organization('リマインダー検証協議会', 'リマインダーケンショウキョウギカイ');
      const eventId = await api.publishedEvent(organizer, 10, 'スケール検証交流会', 1);
      for (let i = 0; i < 3; i++) expect((await api.registerGuest(eventId, 100 + i, 'ja', 'scale.example')).status).toBe(201);
      const jsm = await jetstreamManager(nc);
      const reminderCount = async () => {
        const info = await jsm.streams.info(new NatsNaming('').stream('events'), { subjects_filter: ReminderDueV1.subject });
        return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
      };
      await eventually(async () => (await reminderCount()) >= 1, 'the reminder is emitted', 30_000);
      // Proving that no second one comes needs a window: both replicas sweep every 300 ms, so 3 s are ten
      // more chances each to emit again if the claim in the database did not stop them.
      await new Promise((r) => setTimeout(r, 3000));
      expect(await reminderCount()).toBe(1);
      const [{ n }] = await platform.postgres.query<{ n: number }>(
        'collabo_events',
        'SELECT count(*)::int AS n FROM outbox WHERE subject = $1',
        [ReminderDueV1.subject],
      );
      expect(n).toBe(1);
    });
  });

  describe('chaos', () => {
    it('sends every email of every committed change exactly once through kills, outages and poison', async () => {
      const world = await buildWorld(api);
      const traffic = new Traffic(api, world);
      const figures: { fault: string; recoverySeconds: number }[] = [];
      traffic.start();
      await traffic.progress(10);

      /** Injects a fault, heals it, and measures the time until every replica is ready and traffic flows again. */
      const fault = async (name: string, inject: () => Promise<void>, heal: () => Promise<void>) => {
        await inject();
        const healStarted = Date.now();
        await heal();
        await platform.waitAllReady();
        await traffic.progress(5);
        figures.push({ fault: name, recoverySeconds: (Date.now() - healStarted) / 1000 });
      };
      const restart = async (p: ServiceProcess, env: Record<string, string> = {}) => {
        await p.start(env);
      };

      // kill -9 of each service in turn (one replica at a time, so the platform keeps serving).
      for (const [service, replica] of [
        ['registry', 1],
        ['proposals', 2],
        ['events', 1],
        ['notifications', 2],
      ] as const) {
        const p = platform.of(service)[replica - 1]!;
        await fault(
          `kill -9 ${service}#${replica}`,
          async () => {
            await traffic.progress(3);
            await p.kill9();
          },
          () => restart(p),
        );
      }
      // Both notifications replicas at once, mid-batch: nobody is left to send until they are back.
      const notifications = platform.of('notifications');
      await fault(
        'kill -9 both notifications replicas',
        async () => {
          await traffic.progress(3);
          await Promise.all(notifications.map((p) => p.kill9()));
        },
        async () => {
          await Promise.all(notifications.map((p) => restart(p)));
        },
      );

      // NATS stopped for 20 s, then started again with its JetStream data.
      await fault(
        'NATS down 20 s',
        async () => {
          await platform.nats.stop();
          await new Promise((r) => setTimeout(r, 20_000));
        },
        () => platform.nats.start(),
      );

      // Postgres restarted.
      await fault(
        'Postgres restart',
        async () => undefined,
        () => platform.postgres.restart(),
      );

      // The SMTP server refuses connections for 20 s, then answers 4xx for 10 s, then is back.
      await fault(
        'SMTP refusing 20 s, then 4xx 10 s',
        async () => {
          await sink.stop();
          await new Promise((r) => setTimeout(r, 20_000));
          sink.mode = 'tempfail';
          await sink.listen();
          await new Promise((r) => setTimeout(r, 10_000));
        },
        async () => {
          sink.mode = 'accept';
        },
      );

      // A relay killed after publishing and before marking: the proposals replica that relays dies right
      // after its next acknowledged batch; the other takes over and publishes the same rows again.
      const [first, second] = platform.of('proposals') as [ServiceProcess, ServiceProcess];
      await fault(
        'relay killed between publish and mark',
        async () => {
          await second.kill9();
          await first.kill9();
          await first.start({ FAULT_RELAY_EXIT_AFTER_PUBLISH: '1' }, { waitReady: false });
          await first.exited();
          expect(first.exits.at(-1)?.code).toBe(137);
        },
        async () => {
          await second.start();
          await first.start();
        },
      );

      // A poison message on a consumed subject: parked in the dead letters, everything else flows.
      const poisonId = '01a22222-0000-7000-8000-00000000beef';
      await fault(
        'poison message',
        async () => {
          await jetstream(nc).publish(new NatsNaming('').subject(ProposalAdvancedV1.subject), '{"not": "an envelope"', { msgID: poisonId });
        },
        async () => undefined,
      );
      await eventually(
        async () =>
          (
            await platform.postgres.query<{ n: number }>(
              'collabo_notifications',
              'SELECT count(*)::int AS n FROM dead_letters WHERE message_id = $1',
              [poisonId],
            )
          )[0]!.n === 1,
        'the poison message is parked',
        30_000,
      );

      await traffic.stop();

      // What was committed, read back from the services.
      const history = new Map<string, number>();
      for (const id of world.proposals) history.set(id, (await api.history(id)).length);
      const registrations = await allRegistrations(api, world.eventId);
      const expectedTotal =
        [...history.values()].reduce((a, n) => a + 2 * n, 0) + // each contact and the coordinator, per line of history (the first is the receipt)
        registrations.length * 2; // each guest: received + confirmed or waitlisted
      const chaosMails = () => sink.received.filter((m) => m.to.some((t) => t.endsWith('@chaos.example')));

      // Emails interrupted after their data was sent are "ambiguous" and are not resent blindly: staff
      // look at the mail server (here: the sink) and resend those it never got.
      await eventually(
        async () => {
          const pending = await platform.postgres.query<{ n: number }>(
            'collabo_notifications',
            `SELECT count(*)::int AS n FROM deliveries WHERE status NOT IN ('sent', 'failed', 'ambiguous')`,
          );
          return pending[0]!.n === 0 && chaosMails().length >= expectedTotal - (await ambiguousCount(platform));
        },
        'the emails settle',
        180_000,
      );
      const resent = await resendUndeliveredAmbiguous(platform, api, sink);
      await eventually(async () => chaosMails().length >= expectedTotal, `all ${expectedTotal} expected emails at the sink`, 120_000);

      // Count and identity: per recipient, exactly what the committed changes call for; nothing twice.
      for (const [i, id] of world.proposals.entries()) {
        expect([id, mailsTo(world.contacts[i]!.email).length]).toEqual([id, history.get(id)!]);
      }
      expect(mailsTo(world.coordinator.email)).toHaveLength([...history.values()].reduce((a, n) => a + n, 0));
      for (const r of registrations) expect([r.email, mailsTo(r.email).length]).toEqual([r.email, 2]);
      expect(chaosMails()).toHaveLength(expectedTotal);
      expect(sink.duplicates()).toEqual([]);

      // No stuck outbox rows anywhere, every replica ready.
      for (const service of SERVICES) {
        await eventually(
          async () =>
            (
              await platform.postgres.query<{ n: number }>(
                `collabo_${service}`,
                'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
              )
            )[0]!.n === 0,
          `${service} outbox drained`,
          30_000,
        );
      }
      await platform.waitAllReady();

      // Nothing secret or personal in any process's log: passwords, tokens, addresses, names.
      const leaks: string[] = [];
      for (const p of platform.processes) {
        for (const line of p.logText().split('\n')) {
          if (
            line.includes(ADMIN.password) ||
            /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/.test(line) ||
            /[\w.+-]+@(chaos|scale)\.example/.test(line) ||
            /ゲスト \d+|試験 花子/.test(line)
          ) {
            leaks.push(`${p.service}#${p.replica}: ${line.slice(0, 200)}`);
          }
        }
      }
      expect(leaks).toEqual([]);

      const report = {
        changesMade: traffic.transitions.committed + traffic.registrations.committed,
        changesCommitted: [...history.values()].reduce((a, n) => a + n, 0) + registrations.length,
        requestsFailedDuringFaults: traffic.transitions.failed + traffic.registrations.failed,
        emailsExpected: expectedTotal,
        emailsReceived: chaosMails().length,
        duplicates: sink.duplicates().length,
        ambiguousResentByStaff: resent,
        recovery: figures,
      };
      process.stdout.write(`\nchaos figures:\n${JSON.stringify(report, null, 2)}\n`);
    });
  });
});

interface ChaosWorld extends World {
  contacts: { id: string; email: string }[];
}

async function buildWorld(api: Api): Promise<ChaosWorld> {
  const organizationId = await api.organization('障害試験食品株式会社', 'ショウガイシケンショクヒン');
  const coordinator = await api.person(500, 'en', 'chaos.example');
  const contacts: { id: string; email: string }[] = [];
  const proposals: string[] = [];
  for (let i = 0; i < 6; i++) {
    const contact = await api.person(600 + i, i % 2 ? 'en' : 'ja', 'chaos.example');
    contacts.push(contact);
    const id = await api.proposal(organizationId, contact.id, coordinator.id, `障害試験提案 ${i}`);
    expect(await api.transition(id, 'pre_screening', '書類確認済み')).toBe(201);
    expect(await api.transition(id, 'screening', '審査へ')).toBe(201);
    proposals.push(id);
  }
  // Three days ahead: no reminder falls due during the run, so every guest gets exactly two emails.
  const eventId = await api.publishedEvent(organizationId, 40, '障害試験交流会', 3);
  return { organizationId, contact: contacts[0]!, coordinator, contacts, proposals, eventId };
}

async function allRegistrations(api: Api, eventId: string): Promise<{ id: string; email: string }[]> {
  const out: { id: string; email: string }[] = [];
  for (let offset = 0; ; offset += 100) {
    const { body } = await api.ok<{ items: { id: string; registrant: { email: string } }[]; total: number }>(
      'events',
      'GET',
      `/v1/events/${eventId}/registrations?limit=100&offset=${offset}`,
    );
    out.push(...body.items.map((r) => ({ id: r.id, email: r.registrant.email })));
    if (offset + 100 >= body.total) return out;
  }
}

async function ambiguousCount(platform: Platform): Promise<number> {
  const [{ n }] = await platform.postgres.query<{ n: number }>(
    'collabo_notifications',
    `SELECT count(*)::int AS n FROM deliveries WHERE status = 'ambiguous'`,
  );
  return n;
}

/** What staff do with an ambiguous delivery: check the mail server, resend it when it never arrived. */
async function resendUndeliveredAmbiguous(platform: Platform, api: Api, sink: SmtpSink): Promise<number> {
  const rows = await platform.postgres.query<{ id: string; message_id: string }>(
    'collabo_notifications',
    `SELECT id, message_id FROM deliveries WHERE status = 'ambiguous'`,
  );
  let resent = 0;
  for (const row of rows) {
    if (sink.received.some((m) => m.messageId === row.message_id)) continue;
    const current = await api.ok('notifications', 'GET', `/v1/deliveries/${row.id}`);
    await api.ok('notifications', 'POST', `/v1/deliveries/${row.id}/resend`, {}, { 'if-match': current.etag ?? '' });
    resent++;
  }
  return resent;
}
