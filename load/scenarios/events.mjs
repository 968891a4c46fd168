// Events: a registration burst (1,000 registrants for 100 seats: 30% registry people registered by staff,
// 70% guests through the public route, each from an address of its own), then cancellations that free
// seats (each makes a seat offer to the next on the waiting list) and the promotions (offers accepted).
// Smoke: 50 registrants for 5 seats. Past events with their registrations fill the tables first.
import { FAMILY, GIVEN, PLACES } from '../lib/data.mjs';
import { httpLoad } from '../lib/http.mjs';
import { stepRow } from '../lib/report.mjs';
import { memoryOf, peakOf, targetFromUrl } from '../lib/target.mjs';
import { seedPastEvents } from '../seed/events.mjs';
import pg from 'pg';

export const service = 'events';
export const scenarios = ['registration-burst'];

async function registryOrganizersAndPeople(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const organizers = (
      await client.query(`SELECT id, name FROM organizations WHERE NOT archived AND merged_into IS NULL ORDER BY id LIMIT 500`)
    ).rows;
    const people = (await client.query(`SELECT id FROM people WHERE NOT archived ORDER BY id LIMIT 5000`)).rows.map((r) => r.id);
    return { organizers, people };
  } finally {
    await client.end();
  }
}

export async function prepare(ctx) {
  let target;
  let organizerId;
  let people = [];
  if (ctx.url) {
    target = await targetFromUrl(ctx, 'events');
    organizerId = process.env.LOAD_ORGANIZER_ID;
    if (!organizerId) throw new Error('events --url needs LOAD_ORGANIZER_ID (a registry organisation id) to create its event');
    if (process.env.LOAD_PERSON_IDS) people = process.env.LOAD_PERSON_IDS.split(',');
  } else {
    const peer = await ctx.peerRegistry();
    // The guests' addresses come in X-Forwarded-For, as the ingress passes them on: the service trusts that one
    // hop on loopback (TRUST_PROXY), as the Kubernetes overlays trust the ingress.
    const events = await ctx.platform.startService('events', { env: { AUTH_JWKS_URL: peer.registry.jwksUrl, TRUST_PROXY: '127.0.0.1' } });
    const found = await registryOrganizersAndPeople(peer.registry.databaseUrl);
    const t0 = Date.now();
    const seeded = await seedPastEvents(events.databaseUrl, {
      events: ctx.smoke ? 20 : 300,
      perEvent: ctx.smoke ? 10 : 40,
      organizers: found.organizers,
      people: found.people,
      seed: ctx.seed,
    });
    ctx.log(
      `seeded ${seeded.counts.events} past events with ${seeded.counts.registrations} registrations in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    target = { url: events.url, pid: events.pid, token: peer.token };
    organizerId = found.organizers[0].id;
    people = found.people;
  }
  // The event of the burst, through the API (organiser checked in the registry over RPC), then published.
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
  const seats = ctx.smoke ? 5 : 100;
  const starts = new Date(Date.now() + 30 * 86_400_000);
  const body = {
    kind: 'exchange_meeting',
    title: { ja: '食クラスター交流会（負荷試験）', en: 'Food cluster exchange meeting (load test)' },
    organizerId,
    venue: { kind: 'centre', name: 'コラボほっかいどう 交流スペース', capacity: seats + 50 },
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 2.5 * 3_600_000).toISOString(),
    capacity: seats,
    admission: 'first_come',
    feeYen: 1000,
    partyFeeYen: 4000,
    language: 'ja',
  };
  const res = await fetch(`${target.url}/v1/events`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /v1/events answered ${res.status}: ${await res.text()}`);
  const event = await res.json();
  const pub = await fetch(`${target.url}/v1/events/${event.id}/publish`, {
    method: 'POST',
    headers: { authorization: headers.authorization, 'if-match': res.headers.get('etag') },
  });
  if (pub.status !== 200) throw new Error(`publish answered ${pub.status}: ${await pub.text()}`);
  return { ...target, eventId: event.id, seats, registrants: seats * 10, people };
}

export async function run(ctx, target) {
  const headers = { authorization: `Bearer ${target.token}` };
  const common = { url: target.url, connections: ctx.connections, headers, pid: target.pid };
  const idle = await memoryOf(target);
  const rows = [];
  const registrations = [];
  const statuses = {};

  // 1. The burst: every registrant once.
  let n = 0;
  const people = target.people;
  const burst = await httpLoad({
    ...common,
    name: `register ${target.registrants} for ${target.seats} seats`,
    amount: target.registrants,
    expectStatus: (s) => s === 201,
    request: () => {
      const i = n++;
      const [family] = FAMILY[i % FAMILY.length];
      const [given] = GIVEN[(i * 7) % GIVEN.length];
      if (i % 10 < 3 && people.length) {
        return { method: 'POST', path: `/v1/events/${target.eventId}/registrations`, body: { personId: people[(i * 13) % people.length] } };
      }
      return {
        method: 'POST',
        path: `/v1/public/events/${target.eventId}/registrations`,
        // Each guest comes from an address of its own (the per-client limit is 20 a minute).
        headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: {
          name: `${family} ${given}`,
          email: `guest-${i}@example.jp`,
          language: i % 5 === 0 ? 'en' : 'ja',
          organizationName: `株式会社${PLACES[i % PLACES.length][0]}フーズ`,
          sector: ['industry', 'academia', 'government', 'finance'][i % 4],
          focusFields: [['food'], ['it'], ['bio', 'food'], ['tourism']][i % 4],
        },
      };
    },
    onResponse: (status, body) => {
      if (status !== 201) return;
      const r = JSON.parse(body);
      registrations.push({ id: r.id, status: r.status, manageToken: r.manageToken });
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    },
  });
  rows.push(stepRow('registration-burst', burst, { confirmed: statuses.confirmed ?? 0, waitlisted: statuses.waitlisted ?? 0 }));

  // 2. Cancellations: half of the confirmed cancel; each freed seat is offered to the next in line.
  const toCancel = registrations.filter((r) => r.status === 'confirmed').slice(0, Math.floor(target.seats / 2));
  let c = 0;
  const cancelled = await httpLoad({
    ...common,
    name: `cancel ${toCancel.length} confirmed (seat offers)`,
    amount: toCancel.length,
    expectStatus: (s) => s === 200,
    request: () => ({ method: 'POST', path: `/v1/registrations/${toCancel[c++ % toCancel.length].id}/cancel` }),
  });
  rows.push(stepRow('registration-burst', cancelled));

  // 3. Promotions: everyone offered a seat accepts it through the link in their email.
  const offered = [];
  for (let offset = 0; ; offset += 100) {
    const page = await (
      await fetch(`${target.url}/v1/events/${target.eventId}/registrations?status=offered&limit=100&offset=${offset}`, { headers })
    ).json();
    offered.push(...page.items.filter((r) => r.offer?.status === 'open').map((r) => ({ offerId: r.offer.id, token: r.manageToken })));
    if (page.items.length < 100) break;
  }
  let a = 0;
  const accepted = await httpLoad({
    ...common,
    headers: {},
    name: `accept ${offered.length} seat offers (promotions)`,
    amount: Math.max(1, offered.length),
    expectStatus: (s) => s === 200,
    request: () => {
      const i = a++;
      const o = offered[i % offered.length];
      // Each registrant accepts from an address of their own (public routes are limited per client).
      return {
        method: 'POST',
        path: `/v1/public/seat-offers/${o.offerId}/accept?token=${o.token}`,
        headers: { 'x-forwarded-for': `10.200.${(i >> 8) & 255}.${i & 255}` },
      };
    },
  });
  rows.push(stepRow('registration-burst', accepted));

  const count = async (status) =>
    (await (await fetch(`${target.url}/v1/events/${target.eventId}/registrations?status=${status}&limit=1`, { headers })).json()).total;
  const finalConfirmed = await count('confirmed');
  const finalWaitlisted = await count('waitlisted');
  const checks = {
    everyoneRegistered: registrations.length === target.registrants,
    firstComeFilledTheSeats: (statuses.confirmed ?? 0) === target.seats,
    restWaitlisted: (statuses.waitlisted ?? 0) === target.registrants - target.seats,
    everyCancellationMadeAnOffer: offered.length === toCancel.length,
    seatsFullAgain: finalConfirmed === target.seats,
  };
  ctx.log(
    `events: ${statuses.confirmed ?? 0} confirmed and ${statuses.waitlisted ?? 0} waitlisted at the burst; ${toCancel.length} cancelled, ` +
      `${offered.length} offers, after acceptance ${finalConfirmed} confirmed and ${finalWaitlisted} waiting`,
  );
  const peak = await peakOf(rows, target);
  return { rows, memory: [{ service: 'events', idleMb: idle, peakMb: peak }], checks };
}
