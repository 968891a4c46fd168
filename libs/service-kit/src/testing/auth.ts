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
  /** The key that signs it (see addKey); default: the authority's first key, `test-key`. */
  kid?: string;
}

interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function makeKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' } };
}

/**
 * A stand-in for the registry's token issuer in other services' tests: Ed25519 keys, a JWKS served
 * over real HTTP on a free port, and tokens signed with them. `addKey` adds a key (rotation; with
 * `publish: false` it signs tokens the JWKS does not list yet), `stop`/`restart` take the JWKS away and
 * bring it back on the same address (outages).
 */
export class TestAuthority {
  private readonly keys = new Map<string, SigningKey & { published: boolean }>();
  private server: Server;

  private constructor(
    first: SigningKey,
    server: Server,
    private readonly port: number,
    readonly jwksUrl: string,
    readonly issuer: string,
    readonly audience: string,
  ) {
    this.keys.set('test-key', { ...first, published: true });
    this.server = server;
  }

  /** The first key's public JWK. */
  get publicJwk(): JWK {
    return this.keys.get('test-key')!.publicJwk;
  }

  static async start(issuer = 'collabo-registry', audience = 'collabo'): Promise<TestAuthority> {
    const first = await makeKey('test-key');
    const holder: { authority?: TestAuthority } = {};
    const server = TestAuthority.jwksServer(() => holder.authority!);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.authority = new TestAuthority(first, server, port, `http://127.0.0.1:${port}/.well-known/jwks.json`, issuer, audience);
    return holder.authority;
  }

  private static jwksServer(authority: () => TestAuthority): Server {
    return createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [...authority().keys.values()].filter((k) => k.published).map((k) => k.publicJwk) }));
    });
  }

  /** A new signing key; listed in the JWKS unless `publish` is false (then `publish(kid)` lists it later). */
  async addKey(kid: string, options: { publish?: boolean } = {}): Promise<void> {
    this.keys.set(kid, { ...(await makeKey(kid)), published: options.publish ?? true });
  }

  publish(kid: string): void {
    const key = this.keys.get(kid);
    if (!key) throw new Error(`no key ${kid}`);
    key.published = true;
  }

  async token(options: TokenOptions = {}): Promise<string> {
    const kid = options.kid ?? 'test-key';
    const key = this.keys.get(kid);
    if (!key) throw new Error(`no key ${kid}`);
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: options.roles ?? ['admin'] })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(options.sub ?? uuidv7())
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(now - 5)
      .setExpirationTime(now + (options.expiresIn ?? 600))
      .sign(key.privateKey);
  }

  /** The JWKS goes away: its port refuses connections until `restart`. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The JWKS answers again, on the same address. */
  async restart(): Promise<void> {
    if (this.server.listening) return;
    this.server = TestAuthority.jwksServer(() => this);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async close(): Promise<void> {
    await this.stop();
  }
}
