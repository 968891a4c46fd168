import 'reflect-metadata';
import type { StaffRole } from '@collabo/contracts';
import { validatePayload } from '@collabo/service-kit';
import {
  createTestDatabase,
  deleteTestStreams,
  startTestService,
  testNatsConnection,
  testPrefix,
  type TestDatabase,
  type TestService,
} from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { expect } from '@jest/globals';
import { SignJWT, type JWK } from 'jose';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { generateSigningJwk, parseSigningKeys } from '../src/accounts/signing-keys.js';
import { registryService } from '../src/registry.definition.js';
import type { RegistryEnv } from '../src/registry-env.js';

export const ADMIN_EMAIL = 'first.admin@collabo.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface Registry {
  svc: TestService<RegistryEnv>;
  db: TestDatabase;
  prefix: string;
  nc: NatsConnection;
  signingJwks: JWK[];
  /** A token of the first admin, got through POST /v1/auth/token. */
  admin: string;
  /** A token signed with the registry's key for any roles (for role tests that need no account). */
  token(roles: StaffRole[], options?: { sub?: string; expiresIn?: number }): Promise<string>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The registry in-process with its own database, subject prefix, signing key and first admin. */
export async function startRegistry(env: Record<string, string> = {}, logDestination?: NodeJS.WritableStream): Promise<Registry> {
  const db = await createTestDatabase('registry');
  const prefix = testPrefix();
  const signingJwks: JWK[] = env['AUTH_SIGNING_KEYS'] ? JSON.parse(env['AUTH_SIGNING_KEYS']) : [generateSigningJwk('test-key-1')];
  const svc = await startTestService(registryService, {
    databaseUrl: db.url,
    prefix,
    logDestination,
    env: {
      AUTH_SIGNING_KEYS: JSON.stringify(signingJwks),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...env,
    },
  }).catch(async (err) => {
    await db.drop();
    throw err;
  });
  const nc = await testNatsConnection();
  const login = await request(svc.http).post('/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`the first admin could not log in: ${login.status} ${JSON.stringify(login.body)}`);
  const key = parseSigningKeys(JSON.stringify(signingJwks))[0]!;
  return {
    svc,
    db,
    prefix,
    nc,
    signingJwks,
    admin: login.body.accessToken,
    async token(roles, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ roles })
        .setProtectedHeader({ alg: key.alg, kid: key.kid })
        .setSubject(options.sub ?? uuidv7())
        .setIssuer(svc.env.AUTH_ISSUER)
        .setAudience(svc.env.AUTH_AUDIENCE)
        .setIssuedAt(now - 5)
        .setExpirationTime(now + (options.expiresIn ?? 600))
        .sign(key.privateKey);
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
