/**
 * The one SMTP sink of the tests, the load runs and the benchmarks: a real SMTP server (smtp-server) that
 * keeps what it accepts (parsed with mailparser), and can be told to misbehave the ways a mail server does:
 * go down and come back on the same port (answering 421 to a message cut by going down), refuse everything
 * (`mode`: 4xx at the end of DATA, 5xx at RCPT) or one recipient with a given code, hold a session at RCPT
 * or before its answer to the data, drop sessions as an idle timeout does, or close them at MAIL FROM.
 */
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { freePort } from './ports.js';

export interface ReceivedMail {
  /** The Message-ID header as sent, with its angle brackets (`<…@domain>`), as the sender stores it. */
  messageId: string;
  /** The RCPT TO addresses of the session, lower-cased. */
  to: string[];
  subject: string;
  /** The X-Collabo-Notification header (the kind of notification), when there is one. */
  kind: string | null;
  /** When the data ended and the 250 went out (Date.now()). */
  receivedAt: number;
  raw: Buffer;
  parsed: ParsedMail;
}

/** Every accepted Message-ID, first acceptance only: what a load run pairs with what it published. */
export interface Acceptance {
  at: number;
  to: string[];
  kind: string | null;
}

/**
 * `accept` everything; `tempfail`: every message is answered 451 at the end of its data (a temporary
 * failure, the sender retries); `permfail`: every recipient is refused 550 (permanent).
 */
export type SinkMode = 'accept' | 'tempfail' | 'permfail';

export interface SmtpSinkOptions {
  /** The port (default: a free one). A sink stopped and listening again keeps its port. */
  port?: number;
  /**
   * `messages` (default): keep every accepted message, raw and parsed, in `received`. `index`: keep only the
   * `accepted` index (Message-ID -> when, to whom): for load runs of many thousand emails.
   */
  keep?: 'messages' | 'index';
}

/** A point in the SMTP conversation the test holds until it says so. */
export interface Hold {
  /** Resolves when a session reached the point (the test can act while the client waits). */
  reached: Promise<void>;
  release(): void;
}

type SmtpError = Error & { responseCode: number };
type Connection = { id: string; send(code: number, text: string): void; close(): void; connectionReady?: (next?: () => void) => void };

function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
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

/** The header fields the index needs, read from the raw header (no parse). */
function headerFields(raw: Buffer): { messageId: string; subject: string; kind: string | null } {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ');
  return {
    messageId: /^message-id:\s*(<[^>\r\n]*>|\S+)/im.exec(head)?.[1]?.trim() ?? '',
    subject: /^subject:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? '',
    kind: /^x-collabo-notification:\s*(\S+)/im.exec(head)?.[1] ?? null,
  };
}

export class SmtpSink {
  /** Messages accepted, in order (empty with `keep: 'index'`). */
  readonly received: ReceivedMail[] = [];
  /** Each accepted Message-ID, at its first acceptance. */
  readonly accepted = new Map<string, Acceptance>();
  /** The first recipient of every message whose data arrived completely, whatever the sink answered. */
  readonly dataReceived: string[] = [];
  /** Messages accepted in all (a Message-ID accepted twice counts twice). */
  total = 0;
  /** SMTP sessions (connections) opened so far, and closed so far. */
  sessionsOpened = 0;
  sessionsClosed = 0;
  mode: SinkMode = 'accept';
  private server: SMTPServer | null = null;
  private dropAtMail = 0;
  private readonly rejections = new Map<string, SmtpError>();
  private readonly rcptHolds = new Map<string, ReturnType<typeof hold>>();
  private readonly dataHolds = new Map<string, ReturnType<typeof hold>>();
  private readonly waiters = new Set<() => void>();
  private readonly keep: 'messages' | 'index';

  private constructor(
    public port: number,
    options: SmtpSinkOptions,
  ) {
    this.keep = options.keep ?? 'messages';
  }

  /** Starts listening on a free port (or `options.port`). */
  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options.port ?? 0, options);
    await sink.listen();
    return sink;
  }

  /** A free port with nothing listening on it (for "the mail server is down"; start a sink there later). */
  static freePort(): Promise<number> {
    return freePort();
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  /** Starts listening (again, after `stop()`, on the same port): the "mail server is back" moment. */
  async listen(): Promise<void> {
    if (this.server) return;
    const server: SMTPServer = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      // Going down drops the open sessions too (the senders keep theirs open between emails).
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
          this.connections(server)
            .find((c) => c.id === session.id)
            ?.close();
          return;
        }
        callback();
      },
      onRcptTo: (address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        if (this.mode === 'permfail') return callback(smtpError(550, 'Mailbox unavailable'));
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
          void this.onMessage(server, raw, to).then(
            (err) => callback(err),
            (err: Error) => callback(err),
          );
        });
      },
    });
    this.greetAtOnce(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    // A client that goes away mid-session (a killed sender) is not the sink's problem.
    server.on('error', () => undefined);
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** What to answer a complete message (undefined: 250). */
  private async onMessage(server: SMTPServer, raw: Buffer, to: string[]): Promise<Error | undefined> {
    const first = to[0] ?? '';
    this.dataReceived.push(first);
    if (this.mode === 'tempfail') return smtpError(451, 'Try again later');
    const fields = headerFields(raw);
    const parsed = this.keep === 'messages' ? await simpleParser(raw) : undefined;
    const h = this.dataHolds.get(first);
    if (h) {
      this.dataHolds.delete(first);
      // The message is here, complete; the client waits for the answer.
      this.record(raw, to, fields, parsed);
      await h.arrive();
      return undefined;
    }
    // Gone down meanwhile (its sessions are answered 421 and dropped): not accepted, so not kept.
    if (this.server !== server) return smtpError(421, 'Server shutting down');
    this.record(raw, to, fields, parsed);
    return undefined;
  }

  private record(raw: Buffer, to: string[], fields: ReturnType<typeof headerFields>, parsed: ParsedMail | undefined): void {
    const receivedAt = Date.now();
    this.total++;
    if (!this.accepted.has(fields.messageId)) this.accepted.set(fields.messageId, { at: receivedAt, to, kind: fields.kind });
    if (parsed) {
      this.received.push({
        messageId: parsed.messageId ?? fields.messageId,
        to,
        subject: parsed.subject ?? fields.subject,
        kind: fields.kind,
        receivedAt,
        raw,
        parsed,
      });
    }
    this.notify();
  }

  /**
   * smtp-server holds its greeting back 100 ms on every connection (to catch early talkers); a sender that
   * opens sessions often would measure that wait more than itself. The sink greets at once.
   */
  private greetAtOnce(server: SMTPServer): void {
    const connect = (server as unknown as { connect?: (socket: Socket, options: unknown) => void }).connect;
    const connections = (server as unknown as { connections?: Set<Connection> }).connections;
    if (typeof connect !== 'function' || !connections) return;
    (server as unknown as { connect: (socket: Socket, options: unknown) => void }).connect = (socket, options) => {
      const before = new Set(connections);
      connect.call(server, socket, options);
      for (const c of connections) {
        if (before.has(c) || typeof c.connectionReady !== 'function') continue;
        const ready = c.connectionReady.bind(c);
        let done = false;
        c.connectionReady = (next) => {
          if (done) return;
          done = true;
          ready(next);
        };
        c.connectionReady();
      }
    };
  }

  /** Stops listening and drops the open sessions: connections are refused until `listen()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Closes every open session as a server's idle timeout does (421, then the connection), and keeps listening. */
  dropSessions(): void {
    for (const connection of this.connections(this.server)) {
      connection.send(421, 'Idle too long, closing the connection');
      connection.close();
    }
  }

  /** The next `count` sessions that start a message (MAIL FROM) are closed instead of answered. */
  dropSessionsAtMail(count = 1): void {
    this.dropAtMail = count;
  }

  private connections(server: SMTPServer | null): Connection[] {
    return [...((server as unknown as { connections?: Set<Connection> } | null)?.connections ?? [])];
  }

  /** RCPT TO this address is answered with `code` (e.g. 550 permanent, 450 temporary). */
  reject(address: string, code: number, message = 'Recipient refused'): void {
    this.rejections.set(address.toLowerCase(), smtpError(code, message));
  }

  /** This address is accepted again. */
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

  /** Message-IDs accepted more than once. */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const m of this.received) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  /** How many acceptances repeated a Message-ID already accepted (also with `keep: 'index'`). */
  get duplicateCount(): number {
    return this.total - this.accepted.size;
  }

  /** Resolves with the matching messages once `count` match (all messages by default); rejects after `timeoutMs`. */
  waitFor(count: number, filter: (m: ReceivedMail) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    return this.waitUntil(
      () => {
        const matches = this.received.filter(filter);
        return matches.length >= count ? matches : undefined;
      },
      () => `waited ${timeoutMs} ms for ${count} message(s) at the SMTP sink, saw ${this.received.filter(filter).length}`,
      timeoutMs,
    );
  }

  /** Resolves true once `count` distinct Message-IDs were accepted, false after `timeoutMs` (bounded; never rejects). */
  waitForAccepted(count: number, timeoutMs: number): Promise<boolean> {
    return this.waitUntil(
      () => (this.accepted.size >= count ? true : undefined),
      () => '',
      timeoutMs,
    ).catch(() => false);
  }

  /** Resolves once `count` sessions have been closed in all (by either side). */
  async waitForSessionsClosed(count: number, timeoutMs = 5_000): Promise<void> {
    await this.waitUntil(
      () => (this.sessionsClosed >= count ? true : undefined),
      () => `waited ${timeoutMs} ms for ${count} closed SMTP session(s), saw ${this.sessionsClosed}`,
      timeoutMs,
    );
  }

  /** Resolves with `probe`'s answer once it has one, checking whenever the sink records something. */
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
