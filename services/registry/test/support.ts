import 'reflect-metadata';
import type { StaffRole } from '@collabo/contracts';
import { validatePayload } from '@collabo/service-kit';
import {
  createTestDatabase,
  deleteTestStreams,
  LogCapture,
  ManualClock,
  startTestService,
  testNatsConnection,
  testPrefix,
  type TestDatabase,
  type TestService,
} from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { SignJWT, type JWK } from 'jose';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { generateSigningJwk, parseSigningKeys } from '../src/accounts/signing-keys.js';
import { registryService } from '../src/registry.definition.js';
import type { RegistryEnv } from '../src/config/registry-env.js';

export const ADMIN_EMAIL = 'first.admin@collabo.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface Registry {
  svc: TestService<RegistryEnv>;
  db: TestDatabase;
  prefix: string;
  nc: NatsConnection;
  /** The service's Clock: it stands at the time the suite started until a test moves it. */
  clock: ManualClock;
  signingJwks: JWK[];
  /** A token of the first admin, got through POST /v1/auth/token. */
  admin: string;
  /** A token signed with the registry's key for any roles (for role tests that need no account). */
  token(roles: StaffRole[], options?: { sub?: string; expiresIn?: number; issuer?: string }): Promise<string>;
  /** Everything the service logged (at debug level unless LOG_LEVEL says otherwise). */
  logs: LogCapture;
  /** What must never be logged besides what the database holds: tokens made here, passwords a test typed. */
  secrets: string[];
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The registry in-process with its own database, subject prefix, signing key and first admin; its logs are
 * captured (`r.logs`) so that a suite can check what its traffic left in them (`expectNoSecretsLogged`). Its
 * Clock is a ManualClock set to now (`r.clock`): expiries and login waits pass when a test advances it.
 */
export async function startRegistry(env: Record<string, string> = {}, logDestination?: NodeJS.WritableStream): Promise<Registry> {
  const logs = new LogCapture();
  const clock = new ManualClock(Date.now());
  const db = await createTestDatabase('registry');
  const prefix = testPrefix();
  const signingJwks: JWK[] = env['AUTH_SIGNING_KEYS'] ? JSON.parse(env['AUTH_SIGNING_KEYS']) : [generateSigningJwk('test-key-1')];
  const svc = await startTestService(
    { ...registryService, clock },
    {
      databaseUrl: db.url,
      prefix,
      logDestination: logDestination ?? logs,
      env: {
        AUTH_SIGNING_KEYS: JSON.stringify(signingJwks),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        LOG_LEVEL: 'debug',
        // the suites send far more than a person would; test/limits.test.ts checks the limits themselves
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        WRITE_RATE_LIMIT_PER_MINUTE: '100000',
        ...env,
      },
    },
  ).catch(async (err) => {
    await db.drop();
    throw err;
  });
  const nc = await testNatsConnection();
  const login = await request(svc.http).post('/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`the first admin could not log in: ${login.status} ${JSON.stringify(login.body)}`);
  const key = parseSigningKeys(JSON.stringify(signingJwks))[0]!;
  const secrets = [ADMIN_PASSWORD, login.body.accessToken];
  return {
    svc,
    db,
    prefix,
    nc,
    clock,
    signingJwks,
    admin: login.body.accessToken,
    logs,
    secrets,
    async token(roles, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ roles })
        .setProtectedHeader({ alg: key.alg, kid: key.kid })
        .setSubject(options.sub ?? uuidv7())
        .setIssuer(options.issuer ?? svc.env.AUTH_ISSUER)
        .setAudience(svc.env.AUTH_AUDIENCE)
        .setIssuedAt(now - 5)
        .setExpirationTime(now + (options.expiresIn ?? 600))
        .sign(key.privateKey);
      secrets.push(token);
      return token;
    },
    http: () => request(svc.http),
    async close() {
      await svc.close();
      await deleteTestStreams(nc, prefix);
      await nc.close();
      await db.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The registry of a suite: started before its tests (`ready` gets it and the first admin's bearer header, and
 * may seed it), closed after them. `env` as for `startRegistry`.
 */
export function startRegistryForSuite(
  ready: (r: Registry, auth: Record<string, string>) => void | Promise<void>,
  env: Record<string, string> = {},
): void {
  let started: Registry | undefined;
  beforeAll(async () => {
    started = await startRegistry(env);
    await ready(started, bearer(started.admin));
  });
  afterAll(async () => started?.close());
}

const JS_WORDS = new Set(['null', 'true', 'false', 'undefined', 'NaN', 'Infinity']);

/**
 * Asserts that nothing a suite's traffic left in the logs is a password, a token or personal data: no
 * string that looks like a JWT, an email address or an argon2 hash; none of the people's emails, phones
 * and names, the accounts' password hashes, the set-password links that went out, and `r.secrets`.
 */
export async function expectNoSecretsLogged(r: Registry): Promise<void> {
  const db = r.svc.app.get(DataSource);
  const people: Record<string, string | null>[] = await db.query(
    `SELECT email, phone, family_name || ' ' || given_name AS name, family_name || given_name AS joined,
            family_name_kana || ' ' || given_name_kana AS kana, name_en FROM people`,
  );
  const hashes: { h: string }[] = await db.query(`SELECT password_hash AS h FROM accounts WHERE password_hash IS NOT NULL`);
  const secrets = [
    ...r.secrets,
    ...r.secrets.filter((s) => s.split('.').length === 3).flatMap((jwt) => jwt.split('.').slice(1, 3)),
    // (the fuzz registers people named `null` or `Infinity`: words, not personal data, and found in any JSON log)
    ...people.flatMap((p) => Object.values(p).filter((v): v is string => !!v && !JS_WORDS.has(v))),
    ...hashes.map((x) => x.h),
  ];
  expect(r.logs.lines.length).toBeGreaterThan(0);
  expect(r.logs.leaks(secrets)).toEqual([]);
  const shapes: [string, RegExp][] = [
    ['a JWT', /eyJ[\w-]{5,}\.eyJ[\w-]{5,}\./],
    ['an email address', /[\w.+-]+@[\w-]+\.[\w.-]+/],
    ['an argon2 hash', /\$argon2(id|i|d)\$/],
    ['a set-password token', /token=[A-Za-z0-9_-]{43}/],
  ];
  const found = shapes.flatMap(([what, re]) => r.logs.lines.filter((l) => re.test(l)).map((line) => `${what}: ${line.slice(0, 300)}`));
  expect(found).toEqual([]);
}

/** Asserts that a payload is exactly what a contract class describes: valid, and no field the class lacks. */
export function expectContract(cls: new () => object, payload: unknown): void {
  expect(() => validatePayload(cls, payload, { forbidUnknown: true })).not.toThrow();
}

/** A valid organisation body; override what a test is about. */
export function orgBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'company',
    sector: 'industry',
    name: '株式会社北海道フーズ',
    nameKana: 'ホッカイドウフーズ',
    focusFields: ['food'],
    municipalityCode: '011002',
    ...overrides,
  };
}

let personCounter = 0;
export function personBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  personCounter++;
  return {
    familyName: '山田',
    givenName: '太郎',
    familyNameKana: 'ヤマダ',
    givenNameKana: 'タロウ',
    email: `taro.yamada.${personCounter}.${Math.random().toString(36).slice(2, 8)}@example.jp`,
    ...overrides,
  };
}
