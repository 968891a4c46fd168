import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** RCPT TO of the session. */
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

type SmtpError = Error & { responseCode: number };

function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
}

/** A point in the SMTP conversation the test holds until it says so. */
export interface Hold {
  /** Resolves when a session reached the point (the test can act while the client waits). */
  reached: Promise<void>;
  release(): void;
}

function hold(): Hold & { arrive(): Promise<void> } {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  const released = new Promise<void>((r) => (release = r));
  return {
    reached,
    release,
    arrive: () => {
      reach();
      return released;
    },
  };
}

/**
 * A real SMTP server (smtp-server) for the tests: records and parses every message it accepts (with
 * mailparser), can refuse recipients with a given reply code, hold a session at RCPT or before its
 * answer to the message data, and be stopped and started again on the same port.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Messages whose data arrived completely, whatever the server answered. */
  readonly dataReceived: string[] = [];
  /** SMTP sessions (connections) opened so far, and closed so far. */
  sessionsOpened = 0;
  sessionsClosed = 0;
  private server: SMTPServer | null = null;
  private dropAtMail = 0;
  private readonly rejections = new Map<string, SmtpError>();
  private readonly rcptHolds = new Map<string, ReturnType<typeof hold>>();
  private readonly dataHolds = new Map<string, ReturnType<typeof hold>>();
  private readonly waiters = new Set<() => void>();

  private constructor(public port: number) {}

  /** Starts on a free port, or on `port`. */
  static async start(port = 0): Promise<TestSmtpServer> {
    const server = new TestSmtpServer(port);
    await server.listen();
    return server;
  }

  /** A free port with nothing listening on it (for "the mail server is down"). */
  static async freePort(): Promise<number> {
    const probe = await TestSmtpServer.start();
    const port = probe.port;
    await probe.stop();
    return port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onConnect: (_session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        this.sessionsOpened++;
        callback();
      },
      onClose: () => {
        this.sessionsClosed++;
        this.notify();
      },
      onMailFrom: (_address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        if (this.dropAtMail > 0) {
          this.dropAtMail--;
          // Gone without an answer, as a session the server had already dropped looks to the client.
          this.sessionsOf()
            .find((c) => c.id === session.id)
            ?.close();
          return;
        }
        callback();
      },
      onRcptTo: (address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        const key = address.address.toLowerCase();
        const rejection = this.rejections.get(key);
        if (rejection) return callback(rejection);
        const h = this.rcptHolds.get(key);
        if (h) {
          this.rcptHolds.delete(key);
          void h.arrive().then(() => callback());
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          void (async () => {
            const parsed = await simpleParser(raw);
            this.dataReceived.push(to[0] ?? '');
            const h = this.dataHolds.get(to[0] ?? '');
            if (h) {
              this.dataHolds.delete(to[0] ?? '');
              // The message is here, complete; the client waits for the answer.
              this.received.push({ to, raw, parsed });
              this.notify();
              await h.arrive();
              callback();
              return;
            }
            // Stopped meanwhile (its sessions are answered 421 and dropped): not accepted, so not kept.
            if (this.server !== server) return callback(smtpError(421, 'Server shutting down'));
            this.received.push({ to, raw, parsed });
            this.notify();
            callback();
          })();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops the open sessions (the port stays reserved for `listen()` again). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Closes every open session as a server's idle timeout does (421, then the connection), and keeps listening. */
  dropSessions(): void {
    for (const connection of this.sessionsOf()) {
      connection.send(421, 'Idle too long, closing the connection');
      connection.close();
    }
  }

  /** The next `count` sessions that start a message (MAIL FROM) are closed instead of answered. */
  dropSessionsAtMail(count = 1): void {
    this.dropAtMail = count;
  }

  private sessionsOf(): { id: string; send(code: number, text: string): void; close(): void }[] {
    const server = this.server as unknown as {
      connections?: Set<{ id: string; send(code: number, text: string): void; close(): void }>;
    } | null;
    return [...(server?.connections ?? [])];
  }

  /** RCPT TO this address is answered with `code` (e.g. 550 permanent, 450 temporary). */
  reject(address: string, code: number, message = 'Recipient refused'): void {
    this.rejections.set(address.toLowerCase(), smtpError(code, message));
  }

  accept(address: string): void {
    this.rejections.delete(address.toLowerCase());
  }

  /** The next session for this address waits at RCPT TO (before any message data). */
  holdAtRecipient(address: string): Hold {
    const h = hold();
    this.rcptHolds.set(address.toLowerCase(), h);
    return h;
  }

  /** The next message to this address is received completely, and then its answer waits. */
  holdAnswerToData(address: string): Hold {
    const h = hold();
    this.dataHolds.set(address.toLowerCase(), h);
    return h;
  }

  /** Messages received for one address. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Resolves once `count` messages match (all messages by default). */
  waitFor(count: number, filter: (m: ReceivedMail) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    return this.waitUntil(
      () => {
        const matches = this.received.filter(filter);
        return matches.length >= count ? matches : undefined;
      },
      () => `waited ${timeoutMs} ms for ${count} message(s), saw ${this.received.filter(filter).length}`,
      timeoutMs,
    );
  }

  /** Resolves once `count` sessions have been closed in all (by either side). */
  async waitForSessionsClosed(count: number, timeoutMs = 5_000): Promise<void> {
    await this.waitUntil(
      () => (this.sessionsClosed >= count ? true : undefined),
      () => `waited ${timeoutMs} ms for ${count} closed session(s), saw ${this.sessionsClosed}`,
      timeoutMs,
    );
  }

  /** Resolves with `probe`'s answer once it has one, checking whenever the server records something. */
  private waitUntil<T>(probe: () => T | undefined, timedOut: () => string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = probe();
        if (found === undefined) return false;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(found);
        return true;
      };
      const waiter = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(timedOut()));
      }, timeoutMs);
      if (!check()) this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
