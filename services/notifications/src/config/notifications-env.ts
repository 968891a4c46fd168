import { BaseEnv } from '@collabo/service-kit';
import { NOTIFICATIONS_RETENTION_DEFAULTS } from '../privacy/retention-policy.js';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'leaseLongerThanSend' })
class LeaseLongerThanSend implements ValidatorConstraintInterface {
  validate(lease: number, args: ValidationArguments): boolean {
    const env = args.object as NotificationsEnv;
    return typeof lease === 'number' && lease > env.SEND_TIMEOUT_MS;
  }
  defaultMessage(): string {
    return 'SEND_LEASE_MS must be longer than SEND_TIMEOUT_MS (a live send must never outlast its lease)';
  }
}

/**
 * The placeholder secret of development: the service warns at start-up when it is still in use, and refuses
 * to start with it in production (anyone who reads this file could forge unsubscribe links for anyone).
 */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-only-unsubscribe-secret-change-me';

@ValidatorConstraint({ name: 'ownSecretInProduction' })
class OwnSecretInProduction implements ValidatorConstraintInterface {
  validate(secret: string, args: ValidationArguments): boolean {
    const env = args.object as NotificationsEnv;
    return env.NODE_ENV !== 'production' || secret !== DEVELOPMENT_UNSUBSCRIBE_SECRET;
  }
  defaultMessage(): string {
    return 'UNSUBSCRIBE_SECRET is the development placeholder; production needs a secret of its own';
  }
}

/** The notifications service's environment: the kit's variables plus mail, signature, worker tuning. */
export class NotificationsEnv extends BaseEnv {
  // NODE_ENV (development | test | production) is the kit's BaseEnv's.
  /** `smtp://[user:pass@]host:port` or `smtps://…`; query options as nodemailer reads them (e.g. `?ignoreTLS=true`). */
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL!: string;
  @IsEmail() MAIL_FROM_ADDRESS!: string;
  @IsString() @MinLength(1) @MaxLength(200) MAIL_FROM_NAME!: string;
  /** The right-hand side of every Message-ID (`<hash@domain>`). */
  @Matches(/^[A-Za-z0-9.-]{1,200}$/, { message: 'MESSAGE_ID_DOMAIN must be a host name' })
  MESSAGE_ID_DOMAIN!: string;
  /** Where people reach this service from outside (unsubscribe links). */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL!: string;
  /**
   * The registry's consent-withdrawal page: the same value as the registry's CONSENT_WITHDRAWAL_URL. Optional emails to
   * a registry person show their withdrawal link masked under it (`?token=•••`); at send time the registry's answer
   * must be a link of this page, or the email is not sent (NOTIFICATIONS.LINK_MISMATCH).
   */
  @Matches(/^https?:\/\/[^\s/#]+(\/[^\s#]*)?$/, { message: 'CONSENT_WITHDRAWAL_URL must be an http(s) URL without a fragment' })
  CONSENT_WITHDRAWAL_URL!: string;
  /** HMAC key of the unsubscribe links. */
  @IsString()
  @MinLength(32, { message: 'UNSUBSCRIBE_SECRET must be at least 32 characters' })
  @Validate(OwnSecretInProduction)
  UNSUBSCRIBE_SECRET!: string;

  /**
   * The signature under every email (docs/domain.md: organisation, department, person in charge, phone, email).
   * The person in charge is a desk or group, not a named person: the emails are sent by the system.
   */
  @IsString() @MaxLength(200) SIGNATURE_ORGANIZATION_JA!: string;
  @IsString() @MaxLength(200) SIGNATURE_ORGANIZATION_EN!: string;
  @IsString() @MaxLength(200) SIGNATURE_DEPARTMENT_JA!: string;
  @IsString() @MaxLength(200) SIGNATURE_DEPARTMENT_EN!: string;
  @IsString() @MaxLength(200) SIGNATURE_PERSON_JA!: string;
  @IsString() @MaxLength(200) SIGNATURE_PERSON_EN!: string;
  @IsString() @MaxLength(50) SIGNATURE_PHONE!: string;
  @IsEmail() SIGNATURE_EMAIL!: string;

  /** `false` runs the API and the consumers only (no sending from this replica). */
  @IsIn(['true', 'false']) DELIVERY_WORKER_ENABLED!: string;
  /** Parallel SMTP sessions per replica. */
  @IsInt() @Min(1) @Max(20) SMTP_CONCURRENCY!: number;
  /** Messages per second per replica at most (protects the mail server). */
  @IsInt() @Min(1) @Max(1000) SMTP_RATE_PER_SECOND!: number;
  /** Attempts before a temporarily failing email is marked failed. */
  @IsInt() @Min(1) @Max(50) SEND_MAX_ATTEMPTS!: number;
  /** Delay before attempt n+1 after a temporary failure, by n (the last value repeats). */
  @Matches(/^\d{1,9}(,\d{1,9})*$/, { message: 'SEND_BACKOFF_MS must be a comma-separated list of milliseconds' })
  SEND_BACKOFF_MS!: string;
  /** Emails sent over one SMTP session (each lane keeps its session open) before it is closed and a new one opened; 1 = a session per email. */
  @IsInt() @Min(1) @Max(10000) SMTP_SESSION_MAX_MESSAGES!: number;
  /** A lane's open SMTP session with nothing to send is closed after this. */
  @IsInt() @Min(100) @Max(600000) SMTP_SESSION_IDLE_MS!: number;
  /** One email's SMTP exchange (connect when needed, envelope, data, answer) is abandoned after this. */
  @IsInt() @Min(100) @Max(600000) SEND_TIMEOUT_MS!: number;
  /** A row left in `sending` longer than this belongs to a process that died; it is recovered. */
  @IsInt() @Min(200) @Max(3600000) @Validate(LeaseLongerThanSend) SEND_LEASE_MS!: number;
  /** How often an idle worker looks for due emails (new ones wake it at once). */
  @IsInt() @Min(10) @Max(60000) DELIVERY_POLL_MS!: number;

  /** Attempts of an event's handler (the registry not answering, say) before the event is parked in the dead letters. */
  @IsInt() @Min(1) @Max(100) CONSUMER_MAX_ATTEMPTS!: number;
  /** Delay before the handler's attempt n+1, by n (the last value repeats). */
  @Matches(/^\d{1,9}(,\d{1,9})*$/, { message: 'CONSUMER_BACKOFF_MS must be a comma-separated list of milliseconds' })
  CONSUMER_BACKOFF_MS!: string;
  /** How long JetStream waits for an event's acknowledgement before it hands it out again (after a killed process). */
  @IsInt() @Min(1000) @Max(3600000) CONSUMER_ACK_WAIT_MS!: number;
  /** Events of different proposals or exchange events handled at once per consumer (one aggregate's stay in order). */
  @IsInt() @Min(1) @Max(32) CONSUMER_CONCURRENCY!: number;

  /**
   * How long a registry person's record in the recipient cache is used before the registry is asked again
   * (updates and merges reach the cache as events before that); 0 = no cache, every event asks the registry.
   */
  @IsInt() @Min(0) @Max(604800000) RECIPIENT_CACHE_TTL_MS!: number;

  /**
   * How long a registry person's consent-withdrawal link (deterministic per person and purpose) is kept in memory by
   * the delivery worker before the registry is asked again; dropped sooner on person.updated / person.merged and on an
   * erasure handled by this replica. 0 = no cache, every email asks the registry.
   */
  @IsInt() @Min(0) @Max(86400000) CONSENT_LINK_CACHE_TTL_MS!: number;

  /**
   * At most this many consent-withdrawal links (person × purpose) in that cache; the least recently used go first.
   * At most 100,000: the lru-cache sets aside room for this many at start-up (about 40 bytes each).
   */
  @IsInt() @Min(1) @Max(100000) CONSENT_LINK_CACHE_MAX!: number;

  /** Days after its last change that a settled email (sent, failed, suppressed) keeps its personal data; 0 keeps it forever. */
  @IsInt() @Min(0) @Max(36500) DELIVERY_RETENTION_DAYS!: number;
  /** How often each replica looks for emails past their retention (one replica at a time does the work). */
  @IsInt() @Min(100) @Max(86400000) DELIVERY_RETENTION_INTERVAL_MS!: number;

  /** Requests per minute and staff member on `POST /v1/deliveries/{id}/resend`. */
  @IsInt() @Min(1) @Max(100000) RESEND_RATE_LIMIT_PER_MINUTE!: number;
  /** Requests per minute and staff member on `PUT /v1/preferences`. */
  @IsInt() @Min(1) @Max(100000) PREFERENCES_RATE_LIMIT_PER_MINUTE!: number;
  /** Requests per minute and staff member on `POST /v1/templates/{kind}/preview`. */
  @IsInt() @Min(1) @Max(100000) PREVIEW_RATE_LIMIT_PER_MINUTE!: number;
  /** Requests per minute and client address on each of `GET` and `POST /v1/unsubscribe` (public). */
  @IsInt() @Min(1) @Max(100000) UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE!: number;
  // Retention (issue #20; defaults and meaning in src/privacy/retention-policy.ts and the README).
  /** How often the retention job runs (0 = never by itself; a day by default). */
  @IsInt() @Min(0) @Max(7 * 24 * 3_600_000) RETENTION_JOB_INTERVAL_MS!: number;
  /** Days published outbox rows are kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_OUTBOX_DAYS!: number;
  /** Days inbox rows are kept (longer than the streams keep a message, 30 days, so a redelivery still finds its row). */
  @IsInt() @Min(31) @Max(365) RETENTION_INBOX_DAYS!: number;
  /** Days a resolved dead letter is kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_RESOLVED_DAYS!: number;
  /** Days an unresolved dead letter keeps its payload (its metadata and error stay). */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_UNRESOLVED_DAYS!: number;
}

export const NOTIFICATIONS_ENV_DEFAULTS: Record<string, string> = {
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM_ADDRESS: 'noreply@collabo.example.jp',
  MAIL_FROM_NAME: 'Collabo',
  MESSAGE_ID_DOMAIN: 'collabo.example.jp',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3004',
  // The registry's own default (services/registry: CONSENT_WITHDRAWAL_URL).
  CONSENT_WITHDRAWAL_URL: 'http://127.0.0.1:3001/v1/consent-withdrawal',
  UNSUBSCRIBE_SECRET: DEVELOPMENT_UNSUBSCRIBE_SECRET,
  SIGNATURE_ORGANIZATION_JA: '公益財団法人 北海道産学官協働センター',
  SIGNATURE_ORGANIZATION_EN: 'Hokkaido Industry-Academia-Government Collaboration Centre',
  SIGNATURE_DEPARTMENT_JA: '産学官連携推進部',
  SIGNATURE_DEPARTMENT_EN: 'Industry-Academia-Government Collaboration Department',
  SIGNATURE_PERSON_JA: '連携推進グループ',
  SIGNATURE_PERSON_EN: 'Collaboration Promotion Group',
  SIGNATURE_PHONE: '011-747-2210',
  SIGNATURE_EMAIL: 'renkei@collabo.example.jp',
  DELIVERY_WORKER_ENABLED: 'true',
  SMTP_CONCURRENCY: '2',
  SMTP_RATE_PER_SECOND: '5',
  SMTP_SESSION_MAX_MESSAGES: '100',
  SMTP_SESSION_IDLE_MS: '5000',
  SEND_MAX_ATTEMPTS: '8',
  SEND_BACKOFF_MS: '60000,300000,900000,3600000,10800000',
  SEND_TIMEOUT_MS: '120000',
  SEND_LEASE_MS: '300000',
  DELIVERY_POLL_MS: '1000',
  RECIPIENT_CACHE_TTL_MS: '86400000',
  CONSENT_LINK_CACHE_TTL_MS: '600000',
  CONSENT_LINK_CACHE_MAX: '10000',
  CONSUMER_MAX_ATTEMPTS: '8',
  CONSUMER_BACKOFF_MS: '1000,5000,30000,120000,300000',
  CONSUMER_ACK_WAIT_MS: '60000',
  CONSUMER_CONCURRENCY: '16',
  DELIVERY_RETENTION_DAYS: '400',
  DELIVERY_RETENTION_INTERVAL_MS: '3600000',
  RESEND_RATE_LIMIT_PER_MINUTE: '30',
  PREFERENCES_RATE_LIMIT_PER_MINUTE: '60',
  PREVIEW_RATE_LIMIT_PER_MINUTE: '60',
  UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE: '30',
  ...NOTIFICATIONS_RETENTION_DEFAULTS,
};

/** The signature variables: their defaults describe the platform's fictional foundation and are meant to be replaced. */
export const SIGNATURE_VARIABLES = [
  'SIGNATURE_ORGANIZATION_JA',
  'SIGNATURE_ORGANIZATION_EN',
  'SIGNATURE_DEPARTMENT_JA',
  'SIGNATURE_DEPARTMENT_EN',
  'SIGNATURE_PERSON_JA',
  'SIGNATURE_PERSON_EN',
  'SIGNATURE_PHONE',
  'SIGNATURE_EMAIL',
] as const;

/** The consumers' retry settings (the definition's `consumers`), from the loaded and validated environment. */
export function consumerSettingsOf(env: NotificationsEnv): {
  maxAttempts: number;
  backoffMs: number[];
  ackWaitMs: number;
  concurrency: number;
} {
  return {
    maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
    backoffMs: env.CONSUMER_BACKOFF_MS.split(',').map(Number),
    ackWaitMs: env.CONSUMER_ACK_WAIT_MS,
    concurrency: env.CONSUMER_CONCURRENCY,
  };
}
