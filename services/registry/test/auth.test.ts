import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { AccountInvitedV2, IssueInvitationLinkV1, isLinkFor, MASKED_URL_PATTERN } from '@collabo/contracts';
import { NatsNaming, RpcClient, type AppError } from '@collabo/service-kit';
import { readEvents, startTestService, TEST_NATS_URL, testPrefix } from '@collabo/service-kit/testing';
import { WIRE_INSTANT_PATTERN } from '@collabo/calendar';
import { base64url, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { generateSigningJwk, parseSigningKeys } from '../src/accounts/signing-keys.js';
import { registryService } from '../src/registry.definition.js';
import { issueInvitationLink, latestInvitation, USABLE_TOKEN_IN_LINK } from './invitations.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  bearer,
  expectContract,
  expectNoSecretsLogged,
  orgBody,
  personBody,
  startRegistry,
  type Registry,
} from './support.js';

const fail = async (p: Promise<unknown>) =>
  (await p.then(
    () => null,
    (e: unknown) => e,
  )) as AppError;

describe('staff accounts and tokens', () => {
  let r: Registry;
  let rpc: RpcClient;
  const newKey = generateSigningJwk('key-2024');
  const oldKey = generateSigningJwk('key-2023');
  const login = (email: string, password: string) => r.http().post('/v1/auth/token').send({ email, password });
  const sql = (text: string, params: unknown[] = []) => r.svc.app.get(DataSource).query(text, params);

  beforeAll(async () => {
    r = await startRegistry({ AUTH_SIGNING_KEYS: JSON.stringify([newKey, oldKey]), AUTH_TOKEN_TTL_SECONDS: '600' });
    rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
    await rpc.connect();
  });
  afterAll(async () => {
    await rpc?.close();
    await r?.close();
  });

  describe('tokens', () => {
    it('publishes every key at /.well-known/jwks.json without a token, public halves only', async () => {
      const res = await r.http().get('/.well-known/jwks.json');
      expect(res.status).toBe(200);
      expect(res.body.keys.map((k: { kid: string }) => k.kid)).toEqual(['key-2024', 'key-2023']);
      for (const key of res.body.keys) {
        expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
        expect(key).not.toHaveProperty('d');
      }
    });

    it('gives the first admin (made from ADMIN_EMAIL / ADMIN_PASSWORD) a short-lived EdDSA token with sub = person id and roles', async () => {
      const res = await login(ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600 });
      const header = decodeProtectedHeader(res.body.accessToken);
      const claims = decodeJwt(res.body.accessToken);
      expect(header).toMatchObject({ alg: 'EdDSA', kid: 'key-2024' });
      expect(claims).toMatchObject({ roles: ['admin'], iss: 'collabo-registry', aud: 'collabo' });
      expect(claims.exp! - claims.iat!).toBe(600);
      const me = await r.http().get('/v1/auth/me').set(bearer(res.body.accessToken));
      expect(me.body).toMatchObject({ personId: claims.sub, roles: ['admin'], account: { status: 'active', email: ADMIN_EMAIL } });
      const person = await r.http().get(`/v1/people/${claims.sub}`).set(bearer(res.body.accessToken));
      expect(person.body.email).toBe(ADMIN_EMAIL);
    });

    it('stores passwords as argon2id hashes only', async () => {
      const [row] = await sql(`SELECT a.password_hash FROM accounts a JOIN people p ON p.id = a.person_id WHERE p.email = $1`, [
        ADMIN_EMAIL,
      ]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
    });

    it('refuses a wrong password and an unknown email alike', async () => {
      const wrong = await login(ADMIN_EMAIL, 'not the password');
      const unknown = await login('nobody@example.jp', ADMIN_PASSWORD);
      expect([wrong.status, wrong.body.code]).toEqual([401, 'AUTH.INVALID_CREDENTIALS']);
      expect([unknown.status, unknown.body.code, unknown.body.detail]).toEqual([401, 'AUTH.INVALID_CREDENTIALS', wrong.body.detail]);
      expect((await r.http().post('/v1/auth/token').send({ email: 'x' })).status).toBe(400);
      await sql(`UPDATE accounts SET failed_logins = 0, locked_until = NULL`);
    });

    it('accepts a token of a previous key still published (rotation logs nobody out)', async () => {
      const key = parseSigningKeys(JSON.stringify([oldKey]))[0]!;
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ roles: ['viewer'] })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'key-2023' })
        .setSubject(uuidv7())
        .setIssuer('collabo-registry')
        .setAudience('collabo')
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(key.privateKey);
      expect((await r.http().get('/v1/bureaus').set(bearer(token))).status).toBe(200);
    });

    it('refuses no token, a tampered token, an expired token and one signed by a stranger (401)', async () => {
      const none = await r.http().get('/v1/organizations');
      expect([none.status, none.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
      const [h, p, s] = (await r.token(['viewer'])).split('.');
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
      const tampered = `${h}.${base64url.encode(JSON.stringify({ ...claims, roles: ['admin'] }))}.${s}`;
      const expired = await r.token(['admin'], { expiresIn: -30 });
      const stranger = parseSigningKeys(JSON.stringify([generateSigningJwk('key-2024')]))[0]!;
      const forged = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'key-2024' })
        .setSubject(uuidv7())
        .setIssuer('collabo-registry')
        .setAudience('collabo')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(stranger.privateKey);
      for (const [token, code] of [
        [tampered, 'AUTH.INVALID_TOKEN'],
        [expired, 'AUTH.TOKEN_EXPIRED'],
        [forged, 'AUTH.INVALID_TOKEN'],
        ['not-a-token-at-all', 'AUTH.INVALID_TOKEN'],
      ]) {
        const res = await r.http().get('/v1/organizations').set(bearer(token!));
        expect([res.status, res.body.code]).toEqual([401, code]);
      }
    });
  });

  describe('roles', () => {
    it('lets a viewer and an advisor read but not write (403); coordinators write; only admins manage accounts', async () => {
      const viewer = await r.token(['viewer']);
      const advisor = await r.token(['advisor']);
      const coordinator = await r.token(['coordinator']);
      expect((await r.http().get('/v1/organizations').set(bearer(viewer))).status).toBe(200);
      for (const token of [viewer, advisor]) {
        const res = await r.http().post('/v1/organizations').set(bearer(token)).send(orgBody());
        expect([res.status, res.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
      }
      expect((await r.http().post('/v1/people').set(bearer(viewer)).send(personBody())).status).toBe(403);
      expect((await r.http().post('/v1/organizations/import').set(bearer(viewer)).set('content-type', 'text/csv').send('a')).status).toBe(
        403,
      );
      expect(
        (
          await r
            .http()
            .post('/v1/organizations')
            .set(bearer(coordinator))
            .send(orgBody({ name: '株式会社コーディ', nameKana: 'コーディ' }))
        ).status,
      ).toBe(201);
      expect((await r.http().get('/v1/accounts').set(bearer(coordinator))).status).toBe(403);
      expect((await r.http().get('/v1/accounts').set(bearer(r.admin))).status).toBe(200);
    });
  });

  describe('invitations and the life of an account', () => {
    let personId: string;
    let accountId: string;
    let email: string;
    const password = 'a long and private passphrase';

    it('invitation links are never at rest: the account invited event and its outbox row carry a masked link and an invitationId, no token', async () => {
      const person = (
        await r
          .http()
          .post('/v1/people')
          .set(bearer(r.admin))
          .send(personBody({ preferredLanguage: 'en' }))
      ).body;
      personId = person.id;
      email = person.email;
      const res = await r
        .http()
        .post('/v1/accounts')
        .set(bearer(r.admin))
        .send({ personId, roles: ['coordinator'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ personId, roles: ['coordinator'], status: 'invited' });
      expect(JSON.stringify(res.body)).not.toMatch(/token/i);
      accountId = res.body.id;
      const { envelopes, messages } = await readEvents<AccountInvitedV2.Data>(r.nc, r.prefix, AccountInvitedV2.subject, 1);
      const data = envelopes[0]!.data;
      expectContract(AccountInvitedV2.Data, data);
      expect(data).toMatchObject({ accountId, personId, email, language: 'en', roles: ['coordinator'], invitedBy: decodeJwt(r.admin).sub });
      expect(data.invitationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      expect(data.maskedSetPasswordUrl).toMatch(MASKED_URL_PATTERN);
      expect(new URL(data.maskedSetPasswordUrl).pathname).toBe('/set-password');
      // INVITATION_TTL_HOURS (72) after the clock's now, in the calendar's wire format (Tokyo time, +09:00)
      expect(data.expiresAt).toMatch(WIRE_INSTANT_PATTERN);
      expect(Date.parse(data.expiresAt) - r.clock.now().getTime()).toBe(72 * 3600_000);
      // neither the published message nor the outbox row holds anything that looks like a usable token
      expect(new TextDecoder().decode(messages[0]!.data)).not.toMatch(USABLE_TOKEN_IN_LINK);
      const rows: { envelope: string }[] = await sql(`SELECT envelope::text AS envelope FROM outbox WHERE aggregate_id = $1`, [accountId]);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.envelope).not.toMatch(USABLE_TOKEN_IN_LINK);
        expect(row.envelope).not.toMatch(/[A-Za-z0-9_-]{43}/);
      }
      // and no token exists at all until the link is asked for at send time
      const [account] = await sql(`SELECT invitation_id, invitation_token_hash FROM accounts WHERE id = $1`, [accountId]);
      expect(account).toEqual({ invitation_id: data.invitationId, invitation_token_hash: null });
      const twice = await r
        .http()
        .post('/v1/accounts')
        .set(bearer(r.admin))
        .send({ personId, roles: ['viewer'] });
      expect([twice.status, twice.body.existingId]).toEqual([409, accountId]);
      expect(
        (
          await r
            .http()
            .post('/v1/accounts')
            .set(bearer(r.admin))
            .send({ personId: uuidv7(), roles: ['viewer'] })
        ).status,
      ).toBe(404);
    });

    it('the link issued over RPC sets the password once; the used invitation issues no more links', async () => {
      expect((await login(email, password)).status).toBe(401);
      const invitation = await latestInvitation(r, accountId);
      const link = await issueInvitationLink(r, rpc, accountId, invitation.invitationId);
      expect(isLinkFor(invitation.maskedSetPasswordUrl, link.toString())).toBe(true);
      expect(link.pathname).toBe('/set-password');
      const page = await r.http().get(`/set-password${link.search}`);
      expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      expect(page.text).toContain('/v1/auth/set-password');
      const token = link.searchParams.get('token')!;
      const short = await r.http().post('/v1/auth/set-password').send({ token, password: 'short' });
      expect(short.status).toBe(400);
      const ok = await r.http().post('/v1/auth/set-password').send({ token, password });
      expect([ok.status, ok.body.accountId]).toEqual([200, accountId]);
      const again = await r.http().post('/v1/auth/set-password').send({ token, password: 'another long passphrase' });
      expect([again.status, again.body.code]).toEqual([400, 'AUTH.SET_PASSWORD_LINK_INVALID']);
      const used = await fail(rpc.request(IssueInvitationLinkV1, { accountId, invitationId: invitation.invitationId }));
      expect([used.code, used.status]).toEqual(['REGISTRY.INVITATION_NOT_PENDING', 409]);
      const res = await login(email, password);
      expect(res.status).toBe(200);
      expect(decodeJwt(res.body.accessToken)).toMatchObject({ sub: personId, roles: ['coordinator'] });
    });

    it('a second issue of an invitation link kills the first link', async () => {
      expect((await r.http().post(`/v1/accounts/${accountId}/invitation`).set(bearer(r.admin))).status).toBe(200);
      const invitation = await latestInvitation(r, accountId);
      const first = await issueInvitationLink(r, rpc, accountId, invitation.invitationId);
      const second = await issueInvitationLink(r, rpc, accountId, invitation.invitationId);
      expect(second.searchParams.get('token')).not.toBe(first.searchParams.get('token'));
      const dead = await r
        .http()
        .post('/v1/auth/set-password')
        .send({ token: first.searchParams.get('token'), password: 'a brand new passphrase' });
      expect([dead.status, dead.body.code]).toEqual([400, 'AUTH.SET_PASSWORD_LINK_INVALID']);
      expect((await login(email, password)).status).toBe(200);
      // the token is stored only as its sha256
      const [row] = await sql(`SELECT invitation_token_hash FROM accounts WHERE id = $1`, [accountId]);
      expect(row.invitation_token_hash).toBe(createHash('sha256').update(second.searchParams.get('token')!).digest('hex'));
    });

    it('a re-invite supersedes the old invitation: its id issues no link and its link dies', async () => {
      const old = await latestInvitation(r, accountId);
      const oldLink = await issueInvitationLink(r, rpc, accountId, old.invitationId);
      expect((await r.http().post(`/v1/accounts/${accountId}/invitation`).set(bearer(r.admin))).status).toBe(200);
      const current = await latestInvitation(r, accountId);
      expect(current.invitationId).not.toBe(old.invitationId);
      const superseded = await fail(rpc.request(IssueInvitationLinkV1, { accountId, invitationId: old.invitationId }));
      expect([superseded.code, superseded.status]).toEqual(['REGISTRY.INVITATION_NOT_PENDING', 409]);
      const dead = await r
        .http()
        .post('/v1/auth/set-password')
        .send({ token: oldLink.searchParams.get('token'), password: 'a brand new passphrase' });
      expect(dead.body.code).toBe('AUTH.SET_PASSWORD_LINK_INVALID');
      const missing = await fail(rpc.request(IssueInvitationLinkV1, { accountId: uuidv7(), invitationId: current.invitationId }));
      expect([missing.code, missing.status]).toEqual(['REGISTRY.ACCOUNT_NOT_FOUND', 404]);
      const invalid = await fail(rpc.request(IssueInvitationLinkV1, { accountId, invitationId: 'nope' } as never));
      expect(invalid.code).toBe('COMMON.VALIDATION_FAILED');
    });

    it('an invitation expires when the clock passes its expiry: no new link, and the link issued before is dead', async () => {
      const invitation = await latestInvitation(r, accountId);
      // one minute before the expiry the invitation is still open: a usable link
      r.clock.set(Date.parse(invitation.expiresAt) - 60_000);
      const link = await issueInvitationLink(r, rpc, accountId, invitation.invitationId);
      expect(link.toString()).toMatch(USABLE_TOKEN_IN_LINK);
      // two minutes later (by the registry's clock, not the database's) it has expired, and so has that link
      r.clock.advance({ minutes: 2 });
      const res = await r
        .http()
        .post('/v1/auth/set-password')
        .send({ token: link.searchParams.get('token'), password: 'a brand new passphrase' });
      expect([res.status, res.body.code]).toEqual([400, 'AUTH.SET_PASSWORD_LINK_INVALID']);
      const expired = await fail(rpc.request(IssueInvitationLinkV1, { accountId, invitationId: invitation.invitationId }));
      expect([expired.code, expired.status]).toEqual(['REGISTRY.INVITATION_NOT_PENDING', 409]);
      expect((await login(email, password)).status).toBe(200);
      r.clock.set(Date.now());
    });

    it('changes roles with If-Match, taking effect at the next token', async () => {
      const before = (await login(email, password)).body.accessToken;
      const current = await r.http().get(`/v1/accounts/${accountId}`).set(bearer(r.admin));
      const stale = await r
        .http()
        .patch(`/v1/accounts/${accountId}`)
        .set(bearer(r.admin))
        .set('if-match', '"1"')
        .send({ roles: ['viewer'] });
      expect(stale.status).toBe(412);
      const changed = await r
        .http()
        .patch(`/v1/accounts/${accountId}`)
        .set(bearer(r.admin))
        .set('if-match', current.headers['etag'])
        .send({ roles: ['viewer'] });
      expect(changed.body.roles).toEqual(['viewer']);
      // the token already issued keeps its roles until it expires; the next one has the new roles
      expect(
        (
          await r
            .http()
            .post('/v1/organizations')
            .set(bearer(before))
            .send(orgBody({ name: '株式会社ビフォー', nameKana: 'ビフォー' }))
        ).status,
      ).toBe(201);
      const after = (await login(email, password)).body.accessToken;
      expect(decodeJwt(after).roles).toEqual(['viewer']);
      expect((await r.http().post('/v1/organizations').set(bearer(after)).send(orgBody())).status).toBe(403);
      const listed = await r.http().get('/v1/accounts').query({ role: 'viewer' }).set(bearer(r.admin));
      expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([accountId]);
    });

    it('disables an account: no more tokens', async () => {
      const current = await r.http().get(`/v1/accounts/${accountId}`).set(bearer(r.admin));
      const res = await r
        .http()
        .patch(`/v1/accounts/${accountId}`)
        .set(bearer(r.admin))
        .set('if-match', current.headers['etag'])
        .send({ disabled: true });
      expect(res.body.status).toBe('disabled');
      const refused = await login(email, password);
      expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.ACCOUNT_DISABLED']);
      const self = await r.http().get('/v1/auth/me').set(bearer(r.admin));
      const own = await r.http().get(`/v1/accounts/${self.body.account.id}`).set(bearer(r.admin));
      const lockout = await r
        .http()
        .patch(`/v1/accounts/${self.body.account.id}`)
        .set(bearer(r.admin))
        .set('if-match', own.headers['etag'])
        .send({ disabled: true });
      expect(lockout.body.code).toBe('REGISTRY.ADMIN_LOCKOUT');
    });

    it('slows down repeated failures, then locks; an admin unlocks', async () => {
      const current = await r.http().get(`/v1/accounts/${accountId}`).set(bearer(r.admin));
      await r
        .http()
        .patch(`/v1/accounts/${accountId}`)
        .set(bearer(r.admin))
        .set('if-match', current.headers['etag'])
        .send({ disabled: false });
      for (let i = 0; i < 3; i++) expect((await login(email, 'wrong password')).status).toBe(401);
      const slowed = await login(email, password);
      expect([slowed.status, slowed.body.code]).toEqual([429, 'AUTH.LOGIN_THROTTLED']);
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
      // nine failures so far (as if the waits had passed), then the tenth locks the account
      await sql(`UPDATE accounts SET failed_logins = 9, locked_until = NULL WHERE id = $1`, [accountId]);
      expect((await login(email, 'wrong password')).status).toBe(401);
      const locked = await login(email, password);
      expect([locked.status, locked.body.code]).toEqual([429, 'AUTH.ACCOUNT_LOCKED']);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      const account = await r.http().get(`/v1/accounts/${accountId}`).set(bearer(r.admin));
      // ten failures and the refused attempt with the right password: every attempt on a waiting account counts
      expect(account.body).toMatchObject({ failedLogins: 11 });
      await r
        .http()
        .patch(`/v1/accounts/${accountId}`)
        .set(bearer(r.admin))
        .set('if-match', account.headers['etag'])
        .send({ unlock: true });
      expect((await login(email, password)).status).toBe(200);
    });
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    r.secrets.push(
      'not the password',
      'wrong password',
      'a long and private passphrase',
      'another long passphrase',
      'a brand new passphrase',
    );
    await expectNoSecretsLogged(r);
  });
});

describe('the registry without configured signing keys', () => {
  it('refuses to start in production', async () => {
    await expect(
      startTestService(registryService, {
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/collabo_registry_test_never',
        prefix: testPrefix(),
        // a consent-link secret of its own, so that the signing keys are what is missing
        env: { NODE_ENV: 'production', CONSENT_LINK_SECRET: 'a-production-consent-link-secret-of-its-own' },
      }),
    ).rejects.toThrow(/AUTH_SIGNING_KEYS is required in production/);
  });

  it('makes up a key in development and says so; limits logins per client; keeps personal data out of the logs', async () => {
    const logs: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    const r = await startRegistry({ AUTH_SIGNING_KEYS: '', LOG_LEVEL: 'info', LOGIN_RATE_LIMIT_PER_MINUTE: '3' }, stream);
    try {
      expect(logs.join('')).toContain('AUTH_SIGNING_KEYS is not set');
      const keys = await r.http().get('/.well-known/jwks.json');
      expect(keys.body.keys).toHaveLength(1);
      // startRegistry logged in once already: two more attempts pass, the next is limited
      for (let i = 0; i < 2; i++)
        expect((await r.http().post('/v1/auth/token').send({ email: ADMIN_EMAIL, password: 'wrong password!' })).status).toBe(401);
      const limited = await r.http().post('/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect([limited.status, limited.body.code]).toEqual([429, 'COMMON.RATE_LIMITED']);
      await r
        .http()
        .post('/v1/people')
        .set(bearer(r.admin))
        .send(personBody({ email: 'private.person@example.jp', phone: '090-1234-5678' }));
      const all = logs.join('');
      expect(all).toContain('first admin account created');
      for (const secret of [ADMIN_EMAIL, ADMIN_PASSWORD, 'private.person@example.jp', '090-1234-5678', r.admin])
        expect(all).not.toContain(secret);
    } finally {
      await r.close();
    }
  });
});
