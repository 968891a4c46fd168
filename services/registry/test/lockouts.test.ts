import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StaffRole } from '@collabo/contracts';
import { NatsNaming, RpcClient } from '@collabo/service-kit';
import { TEST_NATS_URL } from '@collabo/service-kit/testing';
import { decodeJwt } from 'jose';
import { DataSource } from 'typeorm';
import { DEFAULT_LOGIN_THROTTLE } from '../src/accounts/login-throttle.js';
import { issueInvitationLink, latestInvitation } from './invitations.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, bearer, expectNoSecretsLogged, personBody, startRegistry, type Registry } from './support.js';

interface Staff {
  personId: string;
  accountId: string;
  email: string;
  password: string;
}

/** Admins, coordinators and whoever else may not lock the foundation out of its registry; logins that cannot be gamed. */
describe('lock-outs and logins', () => {
  let r: Registry;
  let rpc: RpcClient;
  let first: Staff;
  const sql = (text: string, params: unknown[] = []) => r.svc.app.get(DataSource).query(text, params);
  const login = (email: string, password: string) => r.http().post('/v1/auth/token').send({ email, password });
  const etagOf = async (path: string) => (await r.http().get(path).set(bearer(r.admin))).headers['etag'] as string;
  const patch = async (token: string, path: string, body: object) =>
    r
      .http()
      .patch(path)
      .set(bearer(token))
      .set('if-match', await etagOf(path))
      .send(body);
  const archive = async (token: string, personId: string) =>
    r
      .http()
      .post(`/v1/people/${personId}/archive`)
      .set(bearer(token))
      .set('if-match', await etagOf(`/v1/people/${personId}`));

  /** A person with an account of `roles`, invited, and with the password set through the link issued over RPC. */
  async function staff(roles: StaffRole[], activate = true): Promise<Staff> {
    const person = (await r.http().post('/v1/people').set(bearer(r.admin)).send(personBody())).body;
    const account = await r.http().post('/v1/accounts').set(bearer(r.admin)).send({ personId: person.id, roles });
    expect(account.status).toBe(201);
    const password = `passphrase of ${person.id}`;
    r.secrets.push(password);
    if (activate) {
      const link = await issueInvitationLink(r, rpc, account.body.id, (await latestInvitation(r, account.body.id)).invitationId);
      const set = await r
        .http()
        .post('/v1/auth/set-password')
        .send({ token: link.searchParams.get('token'), password });
      expect(set.status).toBe(200);
    }
    return { personId: person.id, accountId: account.body.id, email: person.email, password };
  }

  async function tokenOf(s: Staff): Promise<string> {
    const res = await login(s.email, s.password);
    expect(res.status).toBe(200);
    r.secrets.push(res.body.accessToken);
    return res.body.accessToken;
  }

  beforeAll(async () => {
    r = await startRegistry();
    rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
    await rpc.connect();
    const me = await r.http().get('/v1/auth/me').set(bearer(r.admin));
    first = { personId: me.body.personId, accountId: me.body.account.id, email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
  });
  afterAll(async () => {
    await rpc?.close();
    await r?.close();
  });

  it('the last active admin cannot be disabled, demoted, archived or re-addressed by anyone (409 REGISTRY.LAST_ADMIN)', async () => {
    // another admin's token (not the first admin's own, so this is not the self-lock-out rule)
    const otherAdmin = await r.token(['admin']);
    // an admin who was invited but never set a password is not an active admin
    await staff(['admin'], false);
    const attempts = [
      await patch(otherAdmin, `/v1/accounts/${first.accountId}`, { disabled: true }),
      await patch(otherAdmin, `/v1/accounts/${first.accountId}`, { roles: ['coordinator'] }),
      await archive(otherAdmin, first.personId),
      await patch(otherAdmin, `/v1/people/${first.personId}`, { email: 'taken.over@example.jp' }),
    ];
    for (const res of attempts) {
      expect([res.status, res.body.code]).toEqual([409, 'REGISTRY.LAST_ADMIN']);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
    // roles that keep admin, and other fields of the person, still change
    expect((await patch(otherAdmin, `/v1/accounts/${first.accountId}`, { roles: ['admin', 'coordinator'] })).status).toBe(200);
    expect((await patch(otherAdmin, `/v1/people/${first.personId}`, { phone: '011-123-4567' })).status).toBe(200);
    expect((await patch(otherAdmin, `/v1/accounts/${first.accountId}`, { roles: ['admin'] })).status).toBe(200);
  });

  it('two admins disabling each other at once: one wins, the last active admin stays', async () => {
    const second = await staff(['admin']);
    const [a, b] = [r.admin, await tokenOf(second)];
    const [etagFirst, etagSecond] = [await etagOf(`/v1/accounts/${first.accountId}`), await etagOf(`/v1/accounts/${second.accountId}`)];
    const results = await Promise.all([
      r.http().patch(`/v1/accounts/${second.accountId}`).set(bearer(a)).set('if-match', etagSecond).send({ disabled: true }),
      r.http().patch(`/v1/accounts/${first.accountId}`).set(bearer(b)).set('if-match', etagFirst).send({ disabled: true }),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 409]);
    expect(results.find((res) => res.status === 409)!.body.code).toBe('REGISTRY.LAST_ADMIN');
    const [{ n }] = await sql(
      `SELECT count(*)::int AS n FROM accounts WHERE 'admin' = ANY(roles) AND NOT disabled AND password_hash IS NOT NULL`,
    );
    expect(n).toBe(1);
    // the survivor re-enables the other
    const loser = results[0]!.status === 200 ? second : first;
    const winnerToken = loser === second ? a : b;
    expect((await patch(winnerToken, `/v1/accounts/${loser.accountId}`, { disabled: false })).status).toBe(200);
  });

  it('a coordinator cannot archive or change the email of a person who holds an admin account (403 REGISTRY.ADMIN_PROTECTED)', async () => {
    const admin = await staff(['admin']);
    const colleague = await staff(['coordinator']);
    const coordinator = await tokenOf(colleague);
    const refused = [
      await patch(coordinator, `/v1/people/${admin.personId}`, { email: 'coordinator.owns.this@example.jp' }),
      await archive(coordinator, admin.personId),
      await patch(coordinator, `/v1/people/${first.personId}`, { email: 'coordinator.owns.this@example.jp' }),
      await archive(coordinator, first.personId),
    ];
    for (const res of refused) {
      expect([res.status, res.body.code]).toEqual([403, 'REGISTRY.ADMIN_PROTECTED']);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const [person] = await sql(`SELECT email, archived FROM people WHERE id = $1`, [admin.personId]);
    expect(person).toEqual({ email: admin.email, archived: false });
    expect((await login(admin.email, admin.password)).status).toBe(200);
    // the account routes stay admin-only
    for (const body of [{ disabled: true }, { roles: ['viewer'] }, { unlock: true }])
      expect((await patch(coordinator, `/v1/accounts/${admin.accountId}`, body)).status).toBe(403);
    expect((await r.http().post(`/v1/accounts/${admin.accountId}/invitation`).set(bearer(coordinator))).status).toBe(403);
    // what cannot lock anyone out stays open to coordinators, and people without an admin account are theirs to manage
    expect((await patch(coordinator, `/v1/people/${admin.personId}`, { phone: '011-765-4321' })).status).toBe(200);
    const plain = (await r.http().post('/v1/people').set(bearer(coordinator)).send(personBody())).body;
    expect((await patch(coordinator, `/v1/people/${plain.id}`, { email: 'new.address@example.jp' })).status).toBe(200);
    expect((await archive(coordinator, plain.id)).status).toBe(200);
    // an admin may do what the coordinator could not (there is more than one active admin)
    expect((await patch(r.admin, `/v1/people/${admin.personId}`, { email: `renamed.${admin.email}` })).status).toBe(200);
    expect((await archive(r.admin, admin.personId)).status).toBe(200);
    expect((await login(`renamed.${admin.email}`, admin.password)).status).toBe(403);
  });

  it('fifty parallel wrong guesses count exactly fifty attempts, reach the password check only a few times, and lock the account', async () => {
    const target = await staff(['coordinator']);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => login(target.email, `wrong guess number ${i}`)));
    const statuses = results.map((res) => res.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // the old code checked every one of them against the password (50 × 401): now those past the free failures wait
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThan(DEFAULT_LOGIN_THROTTLE.lockAfter);
    const [row] = await sql(`SELECT failed_logins, locked_until > now() + interval '10 minutes' AS locked FROM accounts WHERE id = $1`, [
      target.accountId,
    ]);
    expect(row).toEqual({ failed_logins: 50, locked: true });
    const right = await login(target.email, target.password);
    expect([right.status, right.body.code]).toEqual([429, 'AUTH.ACCOUNT_LOCKED']);
  });

  it('a right password releases the claim: the counters are reset', async () => {
    const target = await staff(['viewer']);
    for (let i = 0; i < 2; i++) expect((await login(target.email, 'not it at all')).status).toBe(401);
    expect((await login(target.email, target.password)).status).toBe(200);
    const [row] = await sql(`SELECT failed_logins, locked_until, last_login_at IS NOT NULL AS logged_in FROM accounts WHERE id = $1`, [
      target.accountId,
    ]);
    expect(row).toEqual({ failed_logins: 0, locked_until: null, logged_in: true });
  });

  it('a throttled login waits for the registry’s clock: refused before its wait has passed, let in after', async () => {
    const target = await staff(['viewer']);
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.freeFailures; i++) expect((await login(target.email, 'not it either')).status).toBe(401);
    // the third failure set a wait; the refused attempt counts too (4 failures: 4 s), even with the right password
    const early = await login(target.email, target.password);
    expect([early.status, early.body.code, early.headers['retry-after']]).toEqual([429, 'AUTH.LOGIN_THROTTLED', '4']);
    r.clock.advance({ seconds: 3 });
    const stillEarly = await login(target.email, target.password);
    expect([stillEarly.status, stillEarly.body.code]).toEqual([429, 'AUTH.LOGIN_THROTTLED']);
    // that one counted as well (5 failures: 8 s from then); once the clock has passed it, the right password gets in
    r.clock.advance({ seconds: 8 });
    const res = await login(target.email, target.password);
    expect(res.status).toBe(200);
    const [row] = await sql(`SELECT failed_logins, locked_until, last_login_at FROM accounts WHERE id = $1`, [target.accountId]);
    expect(row).toEqual({ failed_logins: 0, locked_until: null, last_login_at: r.clock.now() });
  });

  it('the database computes the same waits as the login policy', async () => {
    const { waitAfterFailures, waitAfterFailuresSql } = await import('../src/accounts/login-throttle.js');
    const counts = Array.from({ length: 14 }, (_, i) => i);
    const rows: { w: number }[] = await sql(
      `SELECT ${waitAfterFailuresSql('n')} AS w FROM unnest($1::int[]) WITH ORDINALITY AS t(n, i) ORDER BY i`,
      [counts],
    );
    expect(rows.map((x) => x.w)).toEqual(counts.map((n) => waitAfterFailures(n)));
  });

  it('a lock-out on one admin account does not lock out the other admins: admin B logs in and unlocks admin A', async () => {
    const b = await staff(['admin']);
    for (let i = 0; i < DEFAULT_LOGIN_THROTTLE.lockAfter; i++) {
      await sql(`UPDATE accounts SET locked_until = NULL WHERE id = $1`, [first.accountId]); // as if each wait had passed
      expect((await login(ADMIN_EMAIL, 'a wrong admin password')).status).toBe(401);
    }
    const locked = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect([locked.status, locked.body.code]).toEqual([429, 'AUTH.ACCOUNT_LOCKED']);
    const tokenB = await tokenOf(b);
    expect(decodeJwt(tokenB).roles).toEqual(['admin']);
    const current = await r.http().get(`/v1/accounts/${first.accountId}`).set(bearer(tokenB));
    expect(current.body.failedLogins).toBeGreaterThanOrEqual(DEFAULT_LOGIN_THROTTLE.lockAfter);
    const unlocked = await r
      .http()
      .patch(`/v1/accounts/${first.accountId}`)
      .set(bearer(tokenB))
      .set('if-match', current.headers['etag'])
      .send({ unlock: true });
    expect(unlocked.status).toBe(200);
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(200);
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    r.secrets.push('a wrong admin password', 'not it at all');
    await expectNoSecretsLogged(r);
  });
});

describe('the token route’s per-address limit', () => {
  let r: Registry;
  beforeAll(async () => {
    r = await startRegistry({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => r?.close());

  it('the per-address login limit cannot be dodged with a client-sent X-Forwarded-For', async () => {
    // startRegistry logged in once already: two more attempts pass, then 429 whatever address the client claims
    const statuses: number[] = [];
    for (const forwarded of ['203.0.113.1', '203.0.113.2', '198.51.100.7', '192.0.2.99, 10.0.0.1', '2001:db8::1']) {
      const res = await r
        .http()
        .post('/v1/auth/token')
        .set('x-forwarded-for', forwarded)
        .set('x-real-ip', forwarded)
        .send({ email: ADMIN_EMAIL, password: 'spraying passwords' });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('COMMON.RATE_LIMITED');
    }
    expect(statuses).toEqual([401, 401, 429, 429, 429]);
  });
});
