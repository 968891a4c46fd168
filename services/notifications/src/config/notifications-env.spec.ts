import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { EnvConfigError, loadEnv } from '@collabo/service-kit';
import { notificationsService } from '../notifications.definition.js';
import {
  consumerSettingsOf,
  DEVELOPMENT_UNSUBSCRIBE_SECRET,
  NOTIFICATIONS_ENV_DEFAULTS,
  NotificationsEnv,
  SIGNATURE_VARIABLES,
} from './notifications-env.js';

const load = (env: Record<string, string> = {}) => loadEnv(NotificationsEnv, 'notifications', env, NOTIFICATIONS_ENV_DEFAULTS);

describe('the environment', () => {
  it('starts with its defaults', () => {
    const env = load();
    expect([env.DELIVERY_RETENTION_DAYS, env.DELIVERY_RETENTION_INTERVAL_MS]).toEqual([400, 3_600_000]);
    expect([env.RESEND_RATE_LIMIT_PER_MINUTE, env.PREFERENCES_RATE_LIMIT_PER_MINUTE, env.PREVIEW_RATE_LIMIT_PER_MINUTE]).toEqual([
      30, 60, 60,
    ]);
    expect(env.UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE).toBe(30);
  });

  it('signs with a department, a desk in charge, a phone number and an address that read like real ones', () => {
    const env = load();
    for (const name of SIGNATURE_VARIABLES) {
      const value = env[name];
      expect([name, value.trim().length > 0, /x{3}|0{4}|placeholder|change.?me|todo|○○|〇〇|dummy/i.test(value)]).toEqual([
        name,
        true,
        false,
      ]);
    }
    for (const name of SIGNATURE_VARIABLES.filter((n) => n.endsWith('_JA')))
      expect(env[name]).toMatch(/[\p{Script=Han}\p{Script=Katakana}]/u);
    for (const name of SIGNATURE_VARIABLES.filter((n) => n.endsWith('_EN'))) expect(env[name]).toMatch(/^[A-Za-z][A-Za-z .,'&-]+$/);
    expect(env.SIGNATURE_PHONE).toMatch(/^0\d{1,4}-[1-9]\d{0,3}-\d{4}$/);
    expect(env.SIGNATURE_EMAIL.split('@')[1]).toBe(env.MAIL_FROM_ADDRESS.split('@')[1]);
  });

  it('takes every part of the signature from the environment', () => {
    const env = load({
      SIGNATURE_PERSON_JA: '交流推進グループ 佐藤',
      SIGNATURE_PHONE: '011-123-4567',
      SIGNATURE_EMAIL: 'sato@example.org',
    });
    expect([env.SIGNATURE_PERSON_JA, env.SIGNATURE_PHONE, env.SIGNATURE_EMAIL]).toEqual([
      '交流推進グループ 佐藤',
      '011-123-4567',
      'sato@example.org',
    ]);
  });

  it('reads the consumers’ retry settings from the loaded environment, and refuses a malformed one naming it', () => {
    expect(consumerSettingsOf(load())).toEqual({
      maxAttempts: 8,
      backoffMs: [1000, 5000, 30000, 120000, 300000],
      ackWaitMs: 60000,
      concurrency: 16,
    });
    expect(
      consumerSettingsOf(
        load({
          CONSUMER_MAX_ATTEMPTS: '3',
          CONSUMER_BACKOFF_MS: '100,200',
          CONSUMER_ACK_WAIT_MS: '2000',
          CONSUMER_CONCURRENCY: '1',
        }),
      ),
    ).toEqual({
      maxAttempts: 3,
      backoffMs: [100, 200],
      ackWaitMs: 2000,
      concurrency: 1,
    });
    expect(() => load({ CONSUMER_BACKOFF_MS: 'soon' })).toThrow(/CONSUMER_BACKOFF_MS/);
    expect(() => load({ CONSUMER_ACK_WAIT_MS: '10' })).toThrow(/CONSUMER_ACK_WAIT_MS/);
  });

  it('gives the definition its consumers’ settings from the env the kit loaded, not from process.env at import', () => {
    const settings = notificationsService.consumers;
    expect(typeof settings).toBe('function');
    const fromEnv = (settings as (env: NotificationsEnv) => unknown)(load({ CONSUMER_MAX_ATTEMPTS: '5', CONSUMER_CONCURRENCY: '2' }));
    expect(fromEnv).toMatchObject({ maxAttempts: 5, concurrency: 2 });
  });

  it('masks consent links under the registry’s default withdrawal page unless told another', () => {
    expect(load({}).CONSENT_WITHDRAWAL_URL).toBe('http://127.0.0.1:3001/v1/consent-withdrawal');
    const page = 'https://collabo.example.jp/api/registry/v1/consent-withdrawal';
    expect(load({ CONSENT_WITHDRAWAL_URL: page }).CONSENT_WITHDRAWAL_URL).toBe(page);
  });

  it('refuses a start with a bad value, naming the variable', () => {
    for (const [name, value] of [
      ['DELIVERY_RETENTION_DAYS', '-1'],
      ['DELIVERY_RETENTION_DAYS', 'forever'],
      ['DELIVERY_RETENTION_INTERVAL_MS', '10'],
      ['RESEND_RATE_LIMIT_PER_MINUTE', '0'],
      ['UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE', 'many'],
      ['SIGNATURE_EMAIL', 'not an address'],
      ['SEND_LEASE_MS', '1000'],
      ['CONSENT_WITHDRAWAL_URL', 'registry/consent-withdrawal'],
      ['CONSENT_WITHDRAWAL_URL', 'https://r.example.jp/v1/consent-withdrawal#top'],
    ] as const) {
      expect(() => load({ [name]: value })).toThrow(EnvConfigError);
      expect(() => load({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it('refuses to start in production with the development unsubscribe secret (anyone could forge unsubscribe links)', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(EnvConfigError);
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/UNSUBSCRIBE_SECRET is the development placeholder/);
    expect(() => load({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: DEVELOPMENT_UNSUBSCRIBE_SECRET })).toThrow(/UNSUBSCRIBE_SECRET/);
    const own = 'a-production-secret-of-our-own-0123456789';
    expect(load({ NODE_ENV: 'production', UNSUBSCRIBE_SECRET: own }).UNSUBSCRIBE_SECRET).toBe(own);
    // Development and test runs keep the placeholder (warned about at start-up).
    expect(load({ NODE_ENV: 'development' }).UNSUBSCRIBE_SECRET).toBe(DEVELOPMENT_UNSUBSCRIBE_SECRET);
    expect(load({ NODE_ENV: 'test' }).UNSUBSCRIBE_SECRET).toBe(DEVELOPMENT_UNSUBSCRIBE_SECRET);
    expect(() => load({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });
});
