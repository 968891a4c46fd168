import { StaffRoles, type StaffRole } from '@collabo/contracts';
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { AppError, UnauthorizedError } from '../errors/app-error.js';
import { RemoteKeySet, type RemoteKeySetOptions } from './jwks.js';

/** The authenticated staff member behind a request. */
export interface Actor {
  /** Registry person id (the token's `sub`). */
  personId: string;
  roles: StaffRole[];
}

export const TOKEN_ALGORITHMS = ['EdDSA', 'RS256'];

/** How many verified tokens are remembered, and for how long at most (never past the token's own expiry). */
const CACHE_ENTRIES = 5000;
const CACHE_MS = 60_000;

/**
 * Verifies Collabo access tokens: signature against the registry's JWKS, issuer, audience, expiry, roles.
 * A verified token is remembered until it expires or for a minute, whichever comes first: an Ed25519
 * verification per request was a quarter of the CPU of a simple read (bench/README.md). The token itself is the
 * key (a few hundred bytes, at most CACHE_ENTRIES of them): hashing it on every request for a shorter key cost
 * 3 % of a read by id's CPU, and the process holds each request's token anyway.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  /**
   * Keys from the registry's JWKS (RemoteKeySet): while it cannot be fetched, the keys already known keep
   * verifying and a token with an unknown `kid` gets 503 `AUTH.KEYS_UNAVAILABLE`.
   */
  static fromJwksUrl(url: string, issuer: string, audience: string, options: RemoteKeySetOptions = {}): TokenVerifier {
    return new TokenVerifier(new RemoteKeySet(new URL(url), options).getKey, issuer, audience);
  }

  static fromKeySet(jwks: JSONWebKeySet, issuer: string, audience: string): TokenVerifier {
    return new TokenVerifier(createLocalJWKSet(jwks), issuer, audience);
  }

  /** The actor of `token` when it was verified less than a minute ago and has not expired since; else undefined. */
  remembered(token: string): Actor | undefined {
    const hit = this.verified.get(token);
    if (hit === undefined) return undefined;
    if (hit.until > Date.now()) return hit.actor;
    this.verified.delete(token);
    return undefined;
  }

  async verify(token: string): Promise<Actor> {
    const known = this.remembered(token);
    if (known) return known;
    const { actor, expiresAt } = await this.verifyNow(token);
    if (this.verified.size >= CACHE_ENTRIES) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor, until: Math.min(expiresAt, Date.now() + CACHE_MS) });
    return actor;
  }

  private async verifyNow(token: string): Promise<{ actor: Actor; expiresAt: number }> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: TOKEN_ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const roles = Array.isArray(payload['roles'])
        ? payload['roles'].filter((r): r is StaffRole => (StaffRoles as readonly unknown[]).includes(r))
        : [];
      if (typeof payload.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub))
        throw new UnauthorizedError('AUTH.INVALID_TOKEN', 'The token has no valid subject.');
      return { actor: { personId: payload.sub, roles }, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (err) {
      // UnauthorizedError, and KeySetUnavailableError (503: the JWKS is unreachable and the kid unknown).
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new UnauthorizedError('AUTH.TOKEN_EXPIRED', 'The token has expired.');
      if (err instanceof joseErrors.JOSEError) throw new UnauthorizedError('AUTH.INVALID_TOKEN', 'The token is not valid.');
      throw err;
    }
  }
}
