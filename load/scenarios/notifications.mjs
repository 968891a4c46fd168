// Notifications: a burst of 10,000 events (smoke: 20) published straight onto JetStream as the proposals and
// events services would publish them (70% proposal.advanced to a registry contact person and coordinator,
// 30% registration.confirmed of guests, with their .ics), turned into emails at an SMTP sink. Reports the
// publish rate, the emails per second, the end-to-end latency per email (published -> accepted by the sink),
// and what was lost or sent twice.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ProposalAdvancedV1, RegistrationConfirmedV1, parseSubject } from '@collabo/contracts';
import { NatsNaming, ensureStream } from '@collabo/service-kit';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { FAMILY, GIVEN, prng } from '../lib/data.mjs';
import { latencySummary } from '../lib/http.mjs';
import { NATS_URL, sampleMemory } from '../lib/platform.mjs';
import { stepRow } from '../lib/report.mjs';
import { memoryOf } from '../lib/target.mjs';

export const service = 'notifications';
export const scenarios = ['burst'];

/** The notifications service as the load runs and benchmarks use it: sending as fast as the sink takes. */
export const FAST_SENDING = { SMTP_CONCURRENCY: '10', SMTP_RATE_PER_SECOND: '1000', DELIVERY_POLL_MS: '200' };

export async function startNotifications(ctx, { sink, env = {}, nodeArgs } = {}) {
  const peer = await ctx.peerRegistry();
  const smtp = sink ?? (await ctx.platform.smtpSink());
  const notifications = await ctx.platform.startService('notifications', {
    env: { AUTH_JWKS_URL: peer.registry.jwksUrl, SMTP_URL: smtp.url, ...FAST_SENDING, ...env },
    nodeArgs,
  });
  return { notifications, sink: smtp, peer };
}

/** Message-ID -> envelope id of every delivery (to pair what the sink got with what was published). */
export async function deliveryEvents(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (await client.query(`SELECT message_id, event_id, status, created_at FROM deliveries`)).rows;
    return new Map(rows.map((r) => [r.message_id, { eventId: r.event_id, status: r.status, createdAt: r.created_at }]));
  } finally {
    await client.end();
  }
}

function envelope(contract, aggregateId, data) {
  const { type, version } = parseSubject(contract.subject);
  const id = uuidv7();
  return {
    id,
    type,
    version,
    occurredAt: new Date().toISOString(),
    source: serviceOf(contract.subject),
    aggregateId,
    correlationId: id,
    causationId: null,
    data,
  };
}
const serviceOf = (subject) => subject.slice(0, subject.indexOf('.'));

/** The burst's events: 70% proposal.advanced (2 emails each), 30% registration.confirmed of guests (1 email each). */
export function burstEvents(count, people, seed) {
  const rnd = prng(`${seed}:notifications`);
  const stage = (code, ja, en) => ({ code, label: { ja, en } });
  const events = [];
  let expectedEmails = 0;
  const eventRef = {
    eventId: rnd.uuid(),
    kind: 'exchange_meeting',
    title: { ja: '食クラスター交流会', en: 'Food cluster exchange meeting' },
    startsAt: '2027-01-20T18:00:00+09:00',
    endsAt: '2027-01-20T20:30:00+09:00',
    venue: { name: 'コラボほっかいどう 交流スペース', address: '札幌市北区北21条西12丁目' },
    language: 'ja',
    feeYen: 1000,
    partyFeeYen: 4000,
  };
  for (let i = 0; i < count; i++) {
    if (i % 10 < 7) {
      const proposalId = rnd.uuid();
      const contact = people[rnd.int(people.length)];
      let coordinator = people[rnd.int(people.length)];
      if (coordinator === contact) coordinator = people[(people.indexOf(contact) + 1) % people.length];
      events.push({
        contract: ProposalAdvancedV1,
        envelope: envelope(ProposalAdvancedV1, proposalId, {
          transitionId: rnd.uuid(),
          proposal: {
            proposalId,
            referenceNumber: `P2026-${String(i + 1).padStart(4, '0')}`,
            title: { ja: `負荷試験の提案 ${i + 1}`, en: null },
            programmeCode: 'support-track',
            programmeName: { ja: '事業化支援', en: 'Commercialisation support' },
            proposingOrganizationId: rnd.uuid(),
            contactPersonId: contact,
            coordinatorId: coordinator,
            focusFields: ['food'],
          },
          from: stage('received', '受付', 'Received'),
          to: stage('pre_screening', '事前審査', 'Pre-screening'),
          reason: '書類が揃ったため',
          effectiveAt: '2026-11-28T10:00:00+09:00',
          recordedAt: '2026-11-28T10:00:00+09:00',
          actorId: null,
          historical: false,
        }),
      });
      expectedEmails += 2;
    } else {
      const [family] = rnd.pick(FAMILY);
      const [given] = rnd.pick(GIVEN);
      const registrationId = rnd.uuid();
      events.push({
        contract: RegistrationConfirmedV1,
        envelope: envelope(RegistrationConfirmedV1, eventRef.eventId, {
          event: eventRef,
          registration: {
            registrationId,
            registrant: {
              personId: null,
              name: `${family} ${given}`,
              organizationName: '株式会社十勝フーズ',
              email: `guest-${i}@example.jp`,
              language: 'ja',
            },
            status: 'confirmed',
          },
          checkInToken: '0J4ZK8M2QH7W3T5N9R1C6V8XBD',
          calendar: [
            'BEGIN:VCALENDAR',
            'VERSION:2.0',
            'PRODID:-//Collabo//load//JA',
            'BEGIN:VEVENT',
            `UID:${registrationId}@collabo.example.jp`,
            'DTSTAMP:20261128T010000Z',
            'DTSTART:20270120T090000Z',
            'DTEND:20270120T113000Z',
            'SUMMARY:食クラスター交流会',
            'END:VEVENT',
            'END:VCALENDAR',
          ].join('\r\n'),
        }),
      });
      expectedEmails += 1;
    }
  }
  return { events, expectedEmails };
}

export async function prepare(ctx) {
  if (ctx.url) throw new Error('notifications runs only on a service it starts itself (it needs the SMTP sink and the NATS prefix)');
  const started = await startNotifications(ctx);
  const people = started.peer.seeded.personIds;
  return {
    url: started.notifications.url,
    pid: started.notifications.pid,
    token: started.peer.token,
    sink: started.sink,
    service: started.notifications,
    people,
  };
}

export async function run(ctx, target) {
  const count = ctx.smoke ? 20 : 10_000;
  const { events, expectedEmails } = burstEvents(count, target.people, ctx.seed);
  const idle = await memoryOf(target);
  const memory = sampleMemory(target.pid);
  const nc = await connect({ servers: NATS_URL, name: 'collabo-load-notifications' });
  const publishedAt = new Map();
  const publishLatencies = [];
  const started = Date.now();
  try {
    // The burst stands in for the proposals and events services: their streams exist first, as those
    // services create them in a deployment (the notifications consumers never create another's stream).
    const jsm = await jetstreamManager(nc);
    for (const owner of ['proposals', 'events']) await ensureStream(jsm, new NatsNaming(ctx.platform.prefix), owner);
    const js = jetstream(nc);
    const window = 256;
    for (let i = 0; i < events.length; i += window) {
      await Promise.all(
        events.slice(i, i + window).map(async ({ contract, envelope }) => {
          const t = Date.now();
          publishedAt.set(envelope.id, t);
          await js.publish(`${ctx.platform.prefix}.${contract.subject}`, JSON.stringify(envelope), { msgID: envelope.id });
          publishLatencies.push(Date.now() - t);
        }),
      );
    }
  } finally {
    await nc.close();
  }
  const publishSeconds = (Date.now() - started) / 1000;
  // Only this burst's emails count (in a run of several services the others' events make emails too): each
  // email is paired with its event through the delivery row (Message-ID -> event id). Bounded wait: every email
  // of the burst arrived, or none more for 60 s.
  let ours;
  for (let lastCount = -1, lastChange = Date.now(); ;) {
    const byMessageId = await deliveryEvents(target.service.databaseUrl);
    ours = [];
    for (const [messageId, a] of target.sink.accepted) {
      const d = byMessageId.get(messageId);
      const sent = d && publishedAt.get(d.eventId);
      if (sent) ours.push({ at: a.at, latency: a.at - sent });
    }
    if (ours.length >= expectedEmails) break;
    if (ours.length !== lastCount) {
      lastCount = ours.length;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 60_000) break;
    await new Promise((r) => setTimeout(r, ctx.smoke ? 200 : 1000));
  }
  const mem = memory.stop();
  const seconds = ((ours.length ? Math.max(...ours.map((o) => o.at)) : Date.now()) - started) / 1000;
  const latencies = ours.map((o) => o.latency);
  const lost = expectedEmails - ours.length;
  const rows = [
    stepRow('burst', {
      name: `publish ${count} events to JetStream`,
      requests: count,
      seconds: publishSeconds,
      rps: count / publishSeconds,
      latencyMs: latencySummary(publishLatencies),
      errors: 0,
      non2xx: 0,
    }),
    stepRow(
      'burst',
      {
        name: `emails accepted by the SMTP sink (of ${expectedEmails})`,
        requests: ours.length,
        seconds,
        rps: ours.length / seconds,
        latencyMs: latencySummary(latencies),
        errors: lost,
        non2xx: target.sink.duplicateCount,
        rssPeakMb: mem.peak / 2 ** 20,
      },
      {
        lost,
        duplicates: target.sink.duplicateCount,
        note: 'latency: published -> accepted by the sink; errors = lost, non-2xx = sent twice',
      },
    ),
  ];
  ctx.log(`notifications: ${ours.length} of ${expectedEmails} emails in ${seconds.toFixed(1)} s, ${target.sink.duplicateCount} duplicates`);
  return {
    rows,
    memory: [{ service: 'notifications', idleMb: idle, peakMb: Math.round((mem.peak / 2 ** 20) * 10) / 10 }],
    checks: { allEmailsArrived: lost === 0, noDuplicates: target.sink.duplicateCount === 0 },
  };
}
