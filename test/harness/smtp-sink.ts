/**
 * A real SMTP server (smtp-server) that keeps what it receives, parsed with mailparser, and can be told
 * to misbehave: refuse connections (closed), answer 4xx (temporary) or 5xx (permanent).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './platform.js';

export type SinkMode = 'accept' | 'tempfail' | 'permfail';

export interface ReceivedMail {
  messageId: string;
  to: string[];
  subject: string;
  parsed: ParsedMail;
  receivedAt: number;
}

export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  mode: SinkMode = 'accept';
  private server: SMTPServer | null = null;
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(readonly port: number) {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(await freePort());
    await sink.open();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Starts listening again (after `close()`): the "mail server is back" moment. */
  async open(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Going down drops the open sessions too (the senders keep theirs open between emails).
      closeTimeout: 50,
      onRcptTo: (_address, _session, callback) => {
        if (this.mode === 'permfail') return callback(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.mode === 'tempfail') return callback(Object.assign(new Error('451 try again later'), { responseCode: 451 }));
          void simpleParser(Buffer.concat(chunks)).then((parsed) => {
            // Gone down meanwhile (its sessions are answered 421 and dropped): not accepted, so not kept.
            if (this.server !== server) return callback(Object.assign(new Error('421 shutting down'), { responseCode: 421 }));
            const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
            this.mails.push({ messageId: parsed.messageId ?? '', to, subject: parsed.subject ?? '', parsed, receivedAt: Date.now() });
            this.notify();
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    // A client that goes away mid-session (a killed sender) is not the sink's problem.
    server.on('error', () => undefined);
    this.server = server;
  }

  /** Stops listening and drops the open sessions: connections are refused until `open()`. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when at least `count` mails have arrived in total. */
  waitForCount(count: number, timeoutMs = 120_000): Promise<void> {
    if (this.mails.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`expected ${count} mails at the sink, got ${this.mails.length}`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Message-IDs received more than once. */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const m of this.mails) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.mails.length >= w.count) {
        w.resolve();
        return false;
      }
      return true;
    });
  }
}
