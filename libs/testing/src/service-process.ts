/**
 * One running `node services/<name>/dist/main.js`: started with the environment it is given, waited for
 * until /health/ready answers, stopped gracefully (SIGTERM, SIGKILL after a grace) or killed (`kill -9`),
 * and started again (a replica coming back, maybe with a fault to inject).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { LaunchError, ROOT } from './ports.js';

export interface ServiceProcessOptions {
  service: string;
  /** 1-based number of this replica among the service's processes. */
  replica?: number;
  port: number;
  /** The child's whole environment (nothing of this process's is added; PORT is set from `port`). */
  env: NodeJS.ProcessEnv;
  /** Node options before the script, e.g. `['--cpu-prof']` or `['--import', preload]`. */
  nodeArgs?: string[];
  /** Both output streams are appended to this file. */
  logFile?: string;
  /** Each start's stdout and stderr, to print them (e.g. prefixed, as `npm start` does). */
  onOutput?: (stream: NodeJS.ReadableStream, which: 'stdout' | 'stderr') => void;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 15 s). */
  stopGraceMs?: number;
  /** The repository root (default: the one this package lives in). */
  root?: string;
}

export interface StartOptions {
  /** Resolve only once /health/ready answers 200 (default true). */
  waitReady?: boolean;
  timeoutMs?: number;
  /** Node options for this start only (added after the configured ones). */
  nodeArgs?: string[];
}

/** How much of the latest output is kept for error messages. */
const TAIL_CHARS = 8_000;

export class ServiceProcess {
  readonly service: string;
  readonly replica: number;
  readonly port: number;
  readonly logFile: string | undefined;
  /** How each start ended so far. */
  readonly exits: { code: number | null; signal: NodeJS.Signals | null }[] = [];
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private tail = '';
  private outputClosed: Promise<void> = Promise.resolve();
  private readonly exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  constructor(private readonly options: ServiceProcessOptions) {
    this.service = options.service;
    this.replica = options.replica ?? 1;
    this.port = options.port;
    this.logFile = options.logFile;
  }

  get name(): string {
    return `${this.service}#${this.replica}`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The child of the latest start (undefined before the first). */
  get process(): ChildProcess | undefined {
    return this.child ?? undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The main script; a LaunchError when the service is not built. */
  get script(): string {
    const script = join(this.options.root ?? ROOT, 'services', this.service, 'dist', 'main.js');
    if (!existsSync(script)) throw new LaunchError(`services/${this.service} has no dist/main.js: run npm run build`);
    return script;
  }

  /** Called whenever a start of this process ends (by itself or killed). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.exitListeners.push(listener);
  }

  /** Starts the process; `extraEnv` applies to this start only (e.g. a fault to inject). */
  async start(extraEnv: Record<string, string> = {}, { waitReady = true, timeoutMs, nodeArgs = [] }: StartOptions = {}): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    if (this.logFile) this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), ...nodeArgs, this.script], {
      cwd: this.options.root ?? ROOT,
      env: { ...this.options.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const [which, stream] of [
      ['stdout', child.stdout!],
      ['stderr', child.stderr!],
    ] as const) {
      if (this.log) stream.pipe(this.log, { end: false });
      stream.on('data', (chunk: Buffer) => {
        this.tail = (this.tail + chunk.toString()).slice(-TAIL_CHARS);
      });
      this.options.onOutput?.(stream, which);
    }
    this.outputClosed = new Promise((resolve) => child.once('close', () => resolve()));
    child.once('exit', (code, signal) => {
      this.exits.push({ code, signal });
      for (const l of this.exitListeners) l(code, signal);
    });
    this.child = child;
    if (waitReady) await this.waitReady(timeoutMs);
  }

  /** Resolves when the process has exited (by itself or killed). */
  exited(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Resolves when /health/ready answers 200; rejects at once, with the output's end, when the process exits. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) {
        // Its last words first: the output streams close after the exit.
        await Promise.race([this.outputClosed, new Promise((r) => setTimeout(r, 1000))]);
        throw new ServiceExitedError(this);
      }
      const res = await fetch(`${this.baseUrl}/health/ready`).catch(() => null);
      if (res?.ok) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready within ${timeoutMs} ms; its output ends with:\n${this.outputTail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** `kill -9`: no shutdown hooks, in-flight work simply stops. */
  kill9(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM, the graceful path (the service drains and stops); SIGKILL when it has not exited after the grace. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopGraceMs ?? 15_000);
    try {
      await this.signal('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(sig);
    });
  }

  /** Resident memory in bytes (from /proc; null when gone or not on Linux). */
  rss(): number | null {
    return this.pid ? residentBytes(this.pid) : null;
  }

  /** The latest output of the process (what an error message shows). */
  outputTail(): string {
    return this.tail;
  }

  /** The whole log file so far (JSON lines from pino); the kept tail when there is no log file. */
  logText(): string {
    if (!this.logFile) return this.tail;
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  closeLog(): void {
    this.log?.end();
    this.log = null;
  }
}

/** A service process that exited while it was awaited (at start-up). */
export class ServiceExitedError extends LaunchError {
  constructor(readonly process: ServiceProcess) {
    const last = process.exits.at(-1);
    const how = last ? (last.signal ? `signal ${last.signal}` : `code ${last.code}`) : 'unknown';
    super(
      `${process.name} exited while starting (${how})${process.logFile ? `; see ${process.logFile}` : ''}:\n${process.outputTail().slice(-3000)}`,
    );
  }
}

/** Resident memory of a process in bytes, from /proc/<pid>/status (VmRSS); null when it is gone. */
export function residentBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
