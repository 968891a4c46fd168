import { BaseEnv } from '@collabo/service-kit';
import { REGISTRY_RETENTION_DEFAULTS } from '../privacy/retention-policy.js';
import {
  IsEmail,
  IsInt,
  IsOptional,
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

/**
 * The placeholder secret of the consent-withdrawal links in development and tests: the registry refuses to start
 * with it in production (anyone who reads this file could forge a withdrawal link for anyone).
 */
export const DEVELOPMENT_CONSENT_LINK_SECRET = 'development-only-consent-link-secret-change-me';

@ValidatorConstraint({ name: 'ownConsentSecretInProduction' })
class OwnConsentSecretInProduction implements ValidatorConstraintInterface {
  validate(secret: string, args: ValidationArguments): boolean {
    return (args.object as RegistryEnv).NODE_ENV !== 'production' || secret !== DEVELOPMENT_CONSENT_LINK_SECRET;
  }
  defaultMessage(): string {
    return 'CONSENT_LINK_SECRET is the development placeholder; production needs a secret of its own';
  }
}

/**
 * The registry's own environment on top of the kit's (`NODE_ENV`, `PORT`, `DATABASE_URL`, NATS, auth, limits are
 * BaseEnv's). The kit loads and validates it once from the definition; inject it as `RegistryEnv`.
 */
export class RegistryEnv extends BaseEnv {
  /**
   * JSON array of private JWKs (Ed25519 `OKP` for EdDSA, or RSA for RS256). The first signs; all are
   * published at /.well-known/jwks.json, so a new key can sign while tokens of the old one still verify.
   */
  @IsOptional() @IsString() AUTH_SIGNING_KEYS?: string;
  /** Lifetime of an access token. Role changes and disabled accounts take effect with the next token. */
  @IsInt() @Min(60) @Max(86_400) AUTH_TOKEN_TTL_SECONDS!: number;
  /** The first admin account, created at start-up when no account has this email. */
  @IsOptional() @IsEmail() ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @MinLength(10) @MaxLength(256) ADMIN_PASSWORD?: string;
  /** The page an invitation email links to; `?token=` is appended. */
  @Matches(/^https?:\/\/\S+$/, { message: 'SET_PASSWORD_URL must be an http(s) URL' }) SET_PASSWORD_URL!: string;
  @IsInt() @Min(1) @Max(720) INVITATION_TTL_HOURS!: number;
  /** Attempts per minute per client address on POST /v1/auth/token (on top of the per-account slow-down). */
  @IsInt() @Min(1) @Max(10_000) LOGIN_RATE_LIMIT_PER_MINUTE!: number;
  /** The largest CSV file an import takes (the JSON body limit is the kit's HTTP_BODY_LIMIT_BYTES); larger is a 413. */
  @IsInt() @Min(1024) @Max(50 * 1024 * 1024) CSV_IMPORT_MAX_BYTES!: number;
  /** The most rows one CSV import takes; more is a 413 (split the file). */
  @IsInt() @Min(1) @Max(100_000) CSV_IMPORT_MAX_ROWS!: number;
  /** Days after which an open privacy request is overdue (shown in the list, counted by `privacy_requests_overdue`). */
  @IsInt() @Min(1) @Max(365) PRIVACY_REQUEST_DUE_DAYS!: number;
  /** HMAC key of the consent-withdrawal links in emails (no expiry: a link in an old email keeps working). */
  @IsString()
  @MinLength(32, { message: 'CONSENT_LINK_SECRET must be at least 32 characters' })
  @Validate(OwnConsentSecretInProduction)
  CONSENT_LINK_SECRET!: string;
  /** The public page of a consent-withdrawal link; `?token=` is appended. */
  @Matches(/^https?:\/\/\S+$/, { message: 'CONSENT_WITHDRAWAL_URL must be an http(s) URL' }) CONSENT_WITHDRAWAL_URL!: string;
  /** Requests per minute per client address on each of GET and POST /v1/consent-withdrawal (public). */
  @IsInt() @Min(1) @Max(100_000) CONSENT_LINK_RATE_LIMIT_PER_MINUTE!: number;
  // Retention (issue #20, item 5; defaults and meaning in src/privacy/retention-policy.ts, docs/privacy.md).
  /** How often the retention job runs, in ms (0 = never by itself; a day by default). */
  @IsInt() @Min(0) @Max(7 * 24 * 3_600_000) RETENTION_JOB_INTERVAL_MS!: number;
  /** Days published outbox rows are kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_OUTBOX_DAYS!: number;
  /** Days inbox rows are kept (longer than the streams keep a message, 30 days, so a redelivery still finds its row). */
  @IsInt() @Min(31) @Max(365) RETENTION_INBOX_DAYS!: number;
  /** Days a resolved dead letter is kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_RESOLVED_DAYS!: number;
  /** Days an unresolved dead letter keeps its payload (its metadata and error stay). */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_UNRESOLVED_DAYS!: number;
  /**
   * Days after its completion a privacy request keeps the personal data of its answers (the disclosure copies) and
   * its email addresses; then they are removed and the disclosure is 410 Gone (at least a week, to hand it over).
   */
  @IsInt() @Min(7) @Max(1825) RETENTION_PRIVACY_ANSWERS_DAYS!: number;
}

/** The defaults of the registry's own variables (the definition's `extraEnvDefaults`). */
export const REGISTRY_ENV_DEFAULTS: Record<string, string> = {
  AUTH_TOKEN_TTL_SECONDS: '900',
  SET_PASSWORD_URL: 'http://127.0.0.1:3001/set-password',
  INVITATION_TTL_HOURS: '72',
  LOGIN_RATE_LIMIT_PER_MINUTE: '30',
  CSV_IMPORT_MAX_BYTES: String(10 * 1024 * 1024),
  CSV_IMPORT_MAX_ROWS: '10000',
  PRIVACY_REQUEST_DUE_DAYS: '14',
  CONSENT_LINK_SECRET: DEVELOPMENT_CONSENT_LINK_SECRET,
  CONSENT_WITHDRAWAL_URL: 'http://127.0.0.1:3001/v1/consent-withdrawal',
  CONSENT_LINK_RATE_LIMIT_PER_MINUTE: '30',
  ...REGISTRY_RETENTION_DEFAULTS,
};
