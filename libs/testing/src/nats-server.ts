/**
 * NATS for a platform: the one a URL names when it answers, else a private `nats-server` (JetStream on, data
 * in a folder that survives its restarts) that a test may stop and start again.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { LaunchError, canConnect, eventually, freePort } from './ports.js';

/** The nats-server binary: NATS_SERVER_BIN, else `nats-server` on the PATH, else /usr/sbin/nats-server; undefined when none. */
export function findNatsServer(): string | undefined {
  const given = process.env['NATS_SERVER_BIN'];
  if (given) return given;
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  const onPath = which.stdout?.trim().split('\n')[0];
  if (onPath) return onPath;
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : undefined;
}

/** Whether the first server of a NATS URL list accepts connections. */
export function natsAnswers(url: string): Promise<boolean> {
  const first = new URL(url.split(',')[0]!.trim());
  return canConnect(first.hostname, Number(first.port || 4222));
}

export interface NatsServerOptions {
  dataDir: string;
  /** The port to take when it is free (default: any free port). */
  preferredPort?: number;
  /** Where the server's stderr goes (its log); ignored when not given. */
  onStderr?: (stream: NodeJS.ReadableStream) => void;
}

/** A private JetStream server; `stop()` and `start()` again keep its port and data. */
export class NatsServer {
  private child: ChildProcess | null = null;
  private exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  private constructor(
    readonly binary: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly onStderr?: (stream: NodeJS.ReadableStream) => void,
  ) {}

  /** Starts one; a LaunchError saying how to get nats-server when there is none. */
  static async start({ dataDir, preferredPort, onStderr }: NatsServerOptions): Promise<NatsServer> {
    const binary = findNatsServer();
    if (!binary) {
      throw new LaunchError(
        'NATS: no nats-server is on the PATH. Install it (Debian/Ubuntu: apt-get install nats-server;' +
          ' macOS: brew install nats-server) or run `docker compose up -d nats`, or set NATS_URL to a NATS you run.',
      );
    }
    mkdirSync(dataDir, { recursive: true });
    const server = new NatsServer(binary, await freePort(preferredPort), dataDir, onStderr);
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Called when the server exits without `stop()` (a crash, or a kill from outside). */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.exitListeners.push(listener);
  }

  /** Starts the process again (after `stop()`): "NATS is back". */
  async start(): Promise<void> {
    if (this.running) return;
    const child = spawn(this.binary, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dataDir], {
      stdio: ['ignore', 'ignore', this.onStderr ? 'pipe' : 'ignore'],
    });
    if (this.onStderr && child.stderr) this.onStderr(child.stderr);
    child.once('exit', (code, signal) => {
      if (this.child === child) {
        this.child = null;
        for (const l of this.exitListeners) l(code, signal);
      }
    });
    this.child = child;
    await eventually(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new LaunchError(`nats-server exited (${child.exitCode ?? child.signalCode})`);
        return canConnect('127.0.0.1', this.port);
      },
      'nats-server up',
      15_000,
      50,
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
