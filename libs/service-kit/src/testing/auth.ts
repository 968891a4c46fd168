import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StaffRole } from '@collabo/contracts';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';
import { v7 as uuidv7 } from 'uuid';

export interface TokenOptions {
  sub?: string;
  roles?: StaffRole[];
  /** Seconds until expiry; negative for an expired token. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
}

/**
 * A stand-in for the registry's token issuer in other services' tests: an Ed25519 key, a JWKS served
 * over real HTTP on a free port, and tokens signed with it.
 */
export class TestAuthority {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
    private readonly server: Server,
    readonly jwksUrl: string,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  static async start(issuer = 'collabo-registry', audience = 'collabo'): Promise<TestAuthority> {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' };
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new TestAuthority(privateKey, publicJwk, server, `http://127.0.0.1:${port}/.well-known/jwks.json`, issuer, audience);
  }

  async token(options: TokenOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: options.roles ?? ['admin'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
      .setSubject(options.sub ?? uuidv7())
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + (options.expiresIn ?? 600))
      .sign(this.privateKey);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
