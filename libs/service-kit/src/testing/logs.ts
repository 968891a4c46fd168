import { Writable } from 'node:stream';

/** Collects a service's log lines in memory, so a test can read them (e.g. to prove no secret is logged). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** The lines that contain any of the given secrets (passwords, tokens, emails, names...). */
  leaks(secrets: string[]): { secret: string; line: string }[] {
    const found: { secret: string; line: string }[] = [];
    for (const secret of secrets.filter((s) => s.length >= 4)) {
      for (const line of this.lines) if (line.includes(secret)) found.push({ secret, line: line.slice(0, 300) });
    }
    return found;
  }
}
