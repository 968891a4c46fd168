import {
  createLocalJWKSet,
  errors as joseErrors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';
import { AppError } from '../errors/app-error.js';

export interface RemoteKeySetOptions {
  /** How long one fetch of the JWKS may take. */
  timeoutMs?: number;
  /** After a successful fetch, an unknown `kid` does not trigger another fetch for this long (401 meanwhile). */
  cooldownMs?: number;
  /** After a failed fetch, no new attempt for this long (an unknown `kid` gets 503 meanwhile). */
  retryAfterFailureMs?: number;
  /** Keys older than this are refreshed in the background; the old keys keep verifying meanwhile. */
  maxAgeMs?: number;
}

export const DEFAULT_REMOTE_KEY_SET_OPTIONS: Required<RemoteKeySetOptions> = {
  timeoutMs: 5000,
  cooldownMs: 30_000,
  retryAfterFailureMs: 5000,
  maxAgeMs: 10 * 60_000,
};

/** The registry's JWKS cannot be fetched and the token needs a key we do not have: 503, try again later. */
export class KeySetUnavailableError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('AUTH.KEYS_UNAVAILABLE', 'The keys that sign tokens cannot be fetched right now; try again shortly.', 503, [], {
      retryAfterSeconds,
    });
  }
}

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * The registry's signing keys, fetched from its JWKS and kept. Unlike jose's createRemoteJWKSet, an outage
 * of the JWKS never takes away the keys already known: a token signed by one of them keeps verifying
 * (stale keys are refreshed in the background), and a token whose `kid` is unknown while the JWKS cannot
 * be fetched gets a 503 (KeySetUnavailableError), never a 401 (the token may be fine) or a 500. Fetches
 * are shared by concurrent requests, and unknown kids cannot make the service hammer the registry
 * (`cooldownMs`, `retryAfterFailureMs`).
 */
export class RemoteKeySet {
  private readonly options: Required<RemoteKeySetOptions>;
  private local?: LocalKeySet;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<boolean>;

  constructor(
    private readonly url: URL,
    options: RemoteKeySetOptions = {},
  ) {
    this.options = { ...DEFAULT_REMOTE_KEY_SET_OPTIONS, ...options };
  }

  /** The key lookup for jose's jwtVerify. */
  readonly getKey: JWTVerifyGetKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    if (!this.local && this.mayFetch()) await this.refresh();
    else if (Date.now() - this.fetchedAt >= this.options.maxAgeMs && this.mayFetch()) void this.refresh();
    const local = this.local;
    if (!local) throw this.unavailable();
    try {
      return await local(header, token);
    } catch (err) {
      if (!(err instanceof joseErrors.JWKSNoMatchingKey)) throw err;
      // A kid we do not know: perhaps a key the registry added since we fetched.
      if (this.mayFetch() && Date.now() - this.fetchedAt >= this.options.cooldownMs) await this.refresh();
      if (this.failedAt > this.fetchedAt) throw this.unavailable();
      return (this.local ?? local)(header, token);
    }
  };

  /** True when the last attempt to fetch the JWKS failed (the kit logs nothing here; 503s show it). */
  get unreachable(): boolean {
    return this.failedAt > this.fetchedAt;
  }

  private mayFetch(): boolean {
    return !(this.failedAt > this.fetchedAt && Date.now() - this.failedAt < this.options.retryAfterFailureMs);
  }

  /** Fetches the JWKS once for every concurrent caller; resolves whether it worked (never rejects). */
  private refresh(): Promise<boolean> {
    this.pending ??= this.fetchKeys()
      .then(
        (jwks) => {
          this.local = createLocalJWKSet(jwks);
          this.fetchedAt = Date.now();
          return true;
        },
        () => {
          this.failedAt = Date.now();
          return false;
        },
      )
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  private async fetchKeys(): Promise<JSONWebKeySet> {
    const response = await fetch(this.url, {
      headers: { accept: 'application/json, application/jwk-set+json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
    const body = (await response.json()) as JSONWebKeySet;
    if (!body || !Array.isArray(body.keys)) throw new Error('JWKS is not a key set');
    createLocalJWKSet(body); // throws on a malformed set, before it replaces the keys we have
    return body;
  }

  private unavailable(): KeySetUnavailableError {
    return new KeySetUnavailableError(Math.max(1, Math.ceil(this.options.retryAfterFailureMs / 1000)));
  }
}
