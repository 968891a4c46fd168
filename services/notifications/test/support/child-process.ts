import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testServiceEnv } from '@collabo/service-kit/testing';
import type { DeliveryNotice } from '../../src/deliveries/delivery-worker.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The notifications service in a child process of its own, which a test can SIGKILL. */
export class ServiceProcess {
  readonly notices: DeliveryNotice[] = [];
  readonly output: string[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('NOTICE ')) this.notices.push(JSON.parse(line.slice(7)) as DeliveryNotice);
      else this.output.push(line);
      for (const l of [...this.listeners]) l();
    });
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(
    options: { databaseUrl: string; prefix: string; env: Record<string, string> },
    timeoutMs = 60_000,
  ): Promise<ServiceProcess> {
    const child = spawn(
      process.execPath,
      ['--conditions=@collabo/source', '--import', here('./child/register.mjs'), here('./child/serve.ts')],
      {
        cwd: here('../..'),
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          ...testServiceEnv({ databaseUrl: options.databaseUrl, prefix: options.prefix, env: options.env }),
        } as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const service = new ServiceProcess(child);
    await service.until(() => service.output.includes('READY'), timeoutMs, 'the service to start');
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves when `condition` holds, re-checked on every line the child writes. */
  until(condition: () => boolean, timeoutMs = 15_000, what = 'a condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      if (condition()) return resolve();
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`waited ${timeoutMs} ms for ${what}; output:\n${this.output.join('\n').slice(-3000)}`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
      void this.exited.then(() => {
        if (!condition() && this.listeners.has(check)) {
          clearTimeout(timer);
          this.listeners.delete(check);
          reject(new Error(`the service exited while waiting for ${what}; output:\n${this.output.join('\n').slice(-3000)}`));
        }
      });
    });
  }

  /** SIGKILL: no shutdown hook runs, nothing is cleaned up, as when a node dies. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
