import { BaseEnv } from '@collabo/service-kit';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

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
}

/** The defaults of the registry's own variables (the definition's `extraEnvDefaults`). */
export const REGISTRY_ENV_DEFAULTS: Record<string, string> = {
  AUTH_TOKEN_TTL_SECONDS: '900',
  SET_PASSWORD_URL: 'http://127.0.0.1:3001/set-password',
  INVITATION_TTL_HOURS: '72',
  LOGIN_RATE_LIMIT_PER_MINUTE: '30',
  CSV_IMPORT_MAX_BYTES: String(10 * 1024 * 1024),
  CSV_IMPORT_MAX_ROWS: '10000',
};
