import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccountInvitedV2, ProposalAdvancedV1 } from '@collabo/contracts';
import { TestAuthority } from '@collabo/service-kit/testing';
import { v7 as uuidv7 } from 'uuid';
import { signUnsubscribe } from '../src/preferences/unsubscribe-token.js';
import { invitation as invitationOf } from './fixtures/events.js';
import { startHarness, TEST_UNSUBSCRIBE_SECRET, type Harness } from './support/harness.js';
import { publishRaw } from './support/producer.js';

/** Who calls: the four staff roles, a valid token without a role, and five kinds of bad token. */
const COLUMNS = [
  'admin',
  'coordinator',
  'advisor',
  'viewer',
  'no role',
  'no token',
  'expired',
  'wrong signature',
  'alg none',
  'other issuer',
] as const;
type Column = (typeof COLUMNS)[number];
const BAD_TOKENS = ['no token', 'expired', 'wrong signature', 'alg none', 'other issuer'] as const;

type Expected = Record<Column, number>;

/** Allowed for `roles` (answering `ok`), 403 for the other roles and a roleless token, 401 for every bad token. */
function only(roles: Column[], ok: number): Expected {
  const row = {} as Expected;
  for (const column of COLUMNS) {
    row[column] = roles.includes(column) ? ok : (BAD_TOKENS as readonly string[]).includes(column) ? 401 : 403;
  }
  return row;
}
const FOUNDATION_STAFF: Column[] = ['admin', 'coordinator', 'viewer'];
const ALL_STAFF: Column[] = ['admin', 'coordinator', 'advisor', 'viewer'];
const WRITERS: Column[] = ['admin', 'coordinator'];
/** The delivery log (read and resend) and the dead letters: the people who run the mailings; not viewers, not advisors. */
const DELIVERY_LOG: Column[] = ['admin', 'coordinator'];
/** A public route: the same answer whoever calls, whatever token comes along. */
const anyone = (ok: number): Expected => Object.fromEntries(COLUMNS.map((c) => [c, ok])) as Expected;

interface Probe {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Every route of the service × every caller, with the status each must get. A request is chosen per route
 * so that a caller who passes the guard gets a definite answer (200, or 404 for a write on an id that does
 * not exist, so that no write happens); what differs between the cells is only who calls.
 */
describe('authorisation matrix', () => {
  let h: Harness;
  const tokens = {} as Record<Exclude<Column, 'no token'>, string>;
  const subjects: string[] = [];
  let deliveryId = '';
  let deadLetterId = '';
  const invitation = invitationOf('matrix.invitee@example.ac.jp', 'https://collabo.example.jp/set-password?token=•••', undefined, {
    displayName: '松本 菜々子',
  });
  const unsubscribe = signUnsubscribe(TEST_UNSUBSCRIBE_SECRET, {
    recipientKey: 'email:matrix.guest@example.jp',
    category: 'event_reminder',
  });

  beforeAll(async () => {
    // No mail server: the emails stay queued; this suite is about who may see and do what.
    h = await startHarness({
      smtp: false,
      captureLogs: true,
      env: { DELIVERY_WORKER_ENABLED: 'false', UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    for (const role of ['admin', 'coordinator', 'advisor', 'viewer'] as const) {
      const sub = uuidv7();
      subjects.push(sub);
      tokens[role] = await h.token(role, sub);
    }
    tokens['no role'] = await h.auth.token({ roles: [] });
    tokens.expired = await h.auth.token({ roles: ['admin'], expiresIn: -120 });
    tokens['other issuer'] = await h.auth.token({ roles: ['admin'], issuer: 'https://issuer.example.org' });
    const impostor = await TestAuthority.start();
    tokens['wrong signature'] = await impostor.token({ roles: ['admin'] });
    await impostor.close();
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    tokens['alg none'] =
      `${part({ alg: 'none', typ: 'JWT' })}.` +
      `${part({ sub: uuidv7(), roles: ['admin'], iss: h.auth.issuer, aud: h.auth.audience, iat: now - 5, exp: now + 600 })}.`;

    const invited = await h.publishApplied(AccountInvitedV2, invitation);
    [{ id: deliveryId }] = await h.dataSource.query('SELECT id FROM deliveries WHERE event_id = $1', [invited.id]);
    // A poison message on a consumed subject: parked at once, so there is a dead letter to read.
    await publishRaw(h.nc, h.prefix, ProposalAdvancedV1, JSON.stringify({ nonsense: true }));
    await h.svc.waitForProcessed((n) => n.outcome === 'dead_lettered');
    [{ id: deadLetterId }] = await h.dataSource.query('SELECT id FROM dead_letters');
  });

  afterAll(() => h?.close());

  const routes = (): Record<string, { probe: () => Probe; expect: Expected }> => ({
    // deliveries: admins and coordinators only (read and resend); a viewer could once read an admin's set-password link here
    'GET /v1/deliveries': { probe: () => ({ path: '/v1/deliveries?limit=5' }), expect: only(DELIVERY_LOG, 200) },
    'GET /v1/deliveries/{id}': { probe: () => ({ path: `/v1/deliveries/${deliveryId}` }), expect: only(DELIVERY_LOG, 200) },
    'POST /v1/deliveries/{id}/resend': {
      probe: () => ({ path: `/v1/deliveries/${uuidv7()}/resend`, headers: { 'if-match': '"1"' } }),
      expect: only(DELIVERY_LOG, 404),
    },
    // templates: every staff role (sample data holds nobody's)
    'GET /v1/templates': { probe: () => ({ path: '/v1/templates' }), expect: only(ALL_STAFF, 200) },
    'GET /v1/templates/{kind}/preview': { probe: () => ({ path: '/v1/templates/event-thanks/preview' }), expect: only(ALL_STAFF, 200) },
    'POST /v1/templates/{kind}/preview': {
      probe: () => ({ path: '/v1/templates/account-invitation/preview', body: { language: 'en', data: invitation } }),
      expect: only(ALL_STAFF, 200),
    },
    // preferences: the foundation's own staff read; admins and coordinators change
    'GET /v1/preferences': {
      probe: () => ({ path: '/v1/preferences?email=matrix.guest@example.jp' }),
      expect: only(FOUNDATION_STAFF, 200),
    },
    'PUT /v1/preferences': {
      probe: () => ({ path: '/v1/preferences', body: { email: 'matrix.guest@example.jp', category: 'staff_work', subscribed: true } }),
      expect: only(WRITERS, 200),
    },
    // the unsubscribe link: public, the signed token is the authority
    'GET /v1/unsubscribe': { probe: () => ({ path: `/v1/unsubscribe?token=${unsubscribe}` }), expect: anyone(200) },
    'POST /v1/unsubscribe': { probe: () => ({ path: `/v1/unsubscribe?token=${unsubscribe}` }), expect: anyone(200) },
    // privacy (issue #20): the retention report is for admins
    'GET /v1/privacy/retention-report': { probe: () => ({ path: '/v1/privacy/retention-report' }), expect: only(['admin'], 200) },
    // the kit's dead letters: admins and coordinators only, reading too (they hold whole event payloads)
    'GET /v1/dead-letters': { probe: () => ({ path: '/v1/dead-letters' }), expect: only(DELIVERY_LOG, 200) },
    'GET /v1/dead-letters/{id}': { probe: () => ({ path: `/v1/dead-letters/${deadLetterId}` }), expect: only(DELIVERY_LOG, 200) },
    'POST /v1/dead-letters/{id}/retry': { probe: () => ({ path: `/v1/dead-letters/${uuidv7()}/retry` }), expect: only(DELIVERY_LOG, 404) },
    'POST /v1/dead-letters/{id}/dismiss': {
      probe: () => ({ path: `/v1/dead-letters/${uuidv7()}/dismiss` }),
      expect: only(DELIVERY_LOG, 404),
    },
  });

  /** Routes the OpenAPI document leaves out on purpose (probes and the document itself): public. */
  const undocumented = (): Record<string, { probe: () => Probe; expect: Expected }> => ({
    'GET /health/live': { probe: () => ({ path: '/health/live' }), expect: anyone(200) },
    'GET /health/ready': { probe: () => ({ path: '/health/ready' }), expect: anyone(200) },
    'GET /metrics': { probe: () => ({ path: '/metrics' }), expect: anyone(200) },
    'GET /docs-json': { probe: () => ({ path: '/docs-json' }), expect: anyone(200) },
  });

  it('has a row for every route of the OpenAPI document, and none for a route that is not there', async () => {
    const document = (await h.api().get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.length).toBeGreaterThan(10);
    expect(Object.keys(routes()).sort()).toEqual([...documented].sort());
    for (const route of Object.keys(undocumented())) expect(documented).not.toContain(route);
  });

  it.each(COLUMNS.map((column) => [column]))('answers %s with the status of its column on every route', async (column) => {
    const table = { ...routes(), ...undocumented() };
    const outcomes: [string, number][] = [];
    const expected: [string, number][] = [];
    for (const [route, { probe, expect: statuses }] of Object.entries(table)) {
      const method = route.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'put';
      const { path, body, headers } = probe();
      let req = h.api(column === 'no token' ? undefined : tokens[column])[method](path);
      for (const [name, value] of Object.entries(headers ?? {})) req = req.set(name, value);
      const res = body === undefined ? await req : await req.send(body as object);
      outcomes.push([route, res.status]);
      expected.push([route, statuses[column]]);
      if (res.status >= 400) {
        expect([route, res.headers['content-type']]).toEqual([route, expect.stringMatching(/^application\/problem\+json/)]);
        if (res.status === 401) {
          const code = { expired: 'AUTH.TOKEN_EXPIRED', 'no token': 'AUTH.UNAUTHENTICATED' }[column as string] ?? 'AUTH.INVALID_TOKEN';
          expect([route, res.body.code]).toEqual([route, code]);
        }
        if (res.status === 403) expect([route, res.body.code]).toEqual([route, 'AUTH.FORBIDDEN']);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('a viewer or an advisor cannot read the delivery log, where an invitation email once showed its set-password link', async () => {
    for (const role of ['viewer', 'advisor'] as const) {
      for (const path of ['/v1/deliveries?kind=account-invitation', `/v1/deliveries/${deliveryId}`, '/v1/dead-letters']) {
        const res = await h.api(tokens[role]).get(path);
        expect([role, path, res.status, res.body.code]).toEqual([role, path, 403, 'AUTH.FORBIDDEN']);
        expect(JSON.stringify(res.body)).not.toContain('set-password');
      }
    }
    // Those who may read it see the invitation as stored: its link masked.
    const res = await h.api(tokens.coordinator).get(`/v1/deliveries/${deliveryId}`);
    expect([res.status, res.body.kind]).toEqual([200, 'account-invitation']);
    expect(res.body.text).toContain('https://collabo.example.jp/set-password?token=•••');
  });

  it('changed nothing for anyone refused: the email is still queued, untouched, and no preference was written by a reader', async () => {
    const [row] = await h.dataSource.query('SELECT status, version, resends FROM deliveries WHERE id = $1', [deliveryId]);
    expect(row).toEqual({ status: 'queued', version: 1, resends: 0 });
    const prefs: { changed_by: string | null }[] = await h.dataSource.query(
      `SELECT changed_by FROM preferences WHERE recipient_key = 'email:matrix.guest@example.jp' AND category = 'staff_work'`,
    );
    expect(prefs.every((p) => p.changed_by === subjects[0] || p.changed_by === subjects[1])).toBe(true);
  });

  it('writes no token, address, name or link of this suite into the logs', () => {
    expect(h.logs.lines.length).toBeGreaterThan(0);
    const secrets = [
      ...Object.values(tokens),
      ...Object.values(tokens).map((t) => t.split('.')[2] ?? ''),
      invitation.email,
      invitation.displayName,
      invitation.maskedSetPasswordUrl,
      'matrix-secret-reset-token',
      'matrix.guest@example.jp',
      unsubscribe,
      unsubscribe.split('.')[1]!,
    ];
    expect(h.logs.leaks(secrets)).toEqual([]);
  });
});
