/**
 * The whole platform as real processes, for scale-out and fault tests, launched by @collabo/testing: a private
 * nats-server (so it can be stopped and started), an embedded Postgres (so it can be restarted), the SMTP sink
 * the test gives, and each service as one or more `node services/<name>/dist/main.js` processes sharing one
 * database per service.
 */
import { Platform as LaunchedPlatform, type EmbeddedPostgresServer, type NatsServer, type PlatformService } from '@collabo/testing';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Loaded into every service process the harness starts, and only there: the chaos faults (FAULT_*; inert without them). */
const FAULT_INJECTION_PRELOAD = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'fault-injection.mjs')).href;

export { ROOT, SERVICES, ServiceProcess, eventually } from '@collabo/testing';
export type { StaffRole } from '@collabo/contracts';

export interface PlatformOptions {
  replicas: number;
  smtpUrl: string;
  /** Extra environment per service (e.g. short retry delays). */
  env?: Partial<Record<PlatformService, Record<string, string>>>;
}

export const ADMIN = { email: 'admin@chaos.example', password: 'chaos-admin-password-1' };

/** The launched platform, with the private servers the tests stop and restart. */
export interface Platform extends LaunchedPlatform {
  readonly nats: NatsServer;
  readonly postgres: EmbeddedPostgresServer;
}

export const Platform = {
  /** The four services, `replicas` processes each, on private infrastructure. */
  async start(options: PlatformOptions): Promise<Platform> {
    const platform = await LaunchedPlatform.launch({
      replicas: options.replicas,
      mail: { smtpUrl: options.smtpUrl },
      baseEnv: {
        PATH: process.env['PATH'],
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        SHUTDOWN_GRACE_MS: '5000',
        RPC_TIMEOUT_MS: '3000',
      },
      admin: ADMIN,
      env: options.env,
      nodeArgs: ['--import', FAULT_INJECTION_PRELOAD],
    });
    return Object.assign(platform, { nats: platform.natsServer! }) as Platform;
  },
};
