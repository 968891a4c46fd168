import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { contextFromCarrier, inSpan, markSpanFailed, SpanKind } from '@collabo/service-kit';
import { smtpFailureOf, type SmtpFailure } from './smtp-outcome.js';

export interface SendRequest {
  /** Envelope sender and recipient. */
  from: string;
  to: string;
  raw: Buffer;
  /**
   * Runs when the server has accepted the envelope and asks for the message data, before a byte of it
   * is sent. Resolve false to abandon the message (the connection is dropped mid-DATA, so the server
   * discards it): the worker uses this to record "data phase" durably, and to stop when its claim on
   * the email was taken away.
   */
  beforeData: () => Promise<boolean>;
  /** Abort (shutdown): the session is dropped; the result says whether the data had been handed over. */
  signal?: AbortSignal;
  /**
   * The W3C trace context (`{ traceparent, tracestate? }`) of the work that recorded the email: the send is a span
   * of that trace (the delivery row's `trace_context`). Absent or null: a span of its own (when tracing is on).
   */
  traceContext?: unknown;
}

export type SendResult =
  { ok: true; response: string } | { ok: false; failure: SmtpFailure; claimLost: boolean; aborted: boolean; reachedData: boolean };

export interface SmtpSessionLimits {
  /** Messages sent over one session before it is closed and a new one opened (1: a session per email). */
  maxMessages: number;
  /** An open session with nothing to send is closed (QUIT) after this many ms. */
  idleMs: number;
}

type Connection = InstanceType<typeof SMTPConnection>;

/** A failed try, with whether it may go out again at once over a new session (see `SmtpSession.send`). */
type Attempt = { result: SendResult; retryOnNewSession: boolean };

/**
 * Talks SMTP through nodemailer's SMTP connection, so that the worker knows in which phase a failure
 * happened: connecting / envelope (nothing accepted), data (handed over), answer. `session()` gives a
 * delivery lane its own SMTP session, kept open between its emails.
 */
export class SmtpSender {
  private readonly options: ReturnType<typeof parseConnectionUrl>;

  constructor(
    smtpUrl: string,
    private readonly timeoutMs: number,
    private readonly limits: SmtpSessionLimits,
  ) {
    this.options = parseConnectionUrl(smtpUrl);
  }

  /** A session for one lane (one email at a time): reuses its connection while the server keeps it. */
  session(): SmtpSession {
    return new SmtpSession(this.options, this.timeoutMs, this.limits);
  }
}

/**
 * One SMTP session, used for one email at a time. A successful email leaves the connection open for the
 * next (MAIL FROM follows the last message's answer, as SMTP allows), up to `maxMessages`, and an idle one
 * is closed after `idleMs`; any failure closes it, so a server in trouble is met with a new connection.
 *
 * A kept connection may have been closed by the server in the meantime (its idle timeout, a restart). When
 * a send on a reused connection fails before the message data was asked for (the `beforeData` fence never
 * ran, so nothing was accepted and nothing recorded), it goes out once more at once over a new connection;
 * that second try's outcome is the email's.
 */
export class SmtpSession {
  private connection: Connection | null = null;
  private sent = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /**
   * Where a connection's errors go while it is in use (connecting, or sending an email). Keyed by the
   * connection: a connection this session has already let go of (its QUIT still being answered, say) can
   * report its end late, and that must not fail the email now in flight on its successor.
   */
  private inUse: { connection: Connection; fail: (err: unknown) => void } | null = null;

  constructor(
    private readonly options: ReturnType<typeof parseConnectionUrl>,
    private readonly timeoutMs: number,
    private readonly limits: SmtpSessionLimits,
  ) {}

  /** One email over this session, as an `smtp send` client span (never the address: personal data). */
  send(request: SendRequest): Promise<SendResult> {
    const attributes = { 'server.address': this.options.host ?? 'localhost', 'server.port': this.options.port ?? 25 };
    return inSpan('smtp send', { kind: SpanKind.CLIENT, parent: contextFromCarrier(request.traceContext), attributes }, async (span) => {
      const result = await this.sendOnce(request);
      // Codes only: a server's words can quote the address.
      if (!result.ok)
        markSpanFailed(span, new Error(`not sent: ${result.failure.code ?? 'failure'} ${result.failure.responseCode ?? ''}`.trim()));
      return result;
    });
  }

  private async sendOnce(request: SendRequest): Promise<SendResult> {
    this.clearIdle();
    // Both tries share one deadline, so an email never takes longer than the timeout (its lease is longer).
    // (A timer: the monotonic clock, not the kit's Clock.)
    const deadline = performance.now() + this.timeoutMs;
    let attempt = await this.attempt(request, this.connection !== null, this.timeoutMs);
    const left = deadline - performance.now();
    if (attempt.retryOnNewSession && left > 0) attempt = await this.attempt(request, false, left);
    if (this.connection) {
      this.idleTimer = setTimeout(() => this.close(), this.limits.idleMs);
      this.idleTimer.unref();
    }
    return attempt.result;
  }

  /** Ends the session (QUIT when it is idle and healthy). */
  close(): void {
    this.clearIdle();
    const connection = this.connection;
    this.connection = null;
    if (connection) connection.quit();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private open(): Promise<Connection> {
    const { auth, ...rest } = this.options;
    const connection = new SMTPConnection({
      ...rest,
      connectionTimeout: Math.min(this.timeoutMs, 30_000),
      greetingTimeout: Math.min(this.timeoutMs, 30_000),
      socketTimeout: this.timeoutMs,
      socketCloseTimeout: 1000,
      logger: false,
    } as ConstructorParameters<typeof SMTPConnection>[0]);
    this.sent = 0;
    this.connection = connection;
    // Errors and the server's goodbye arrive as events, also between emails: the send in progress (if any)
    // fails with them; otherwise the connection is simply dropped and the next email opens a new one.
    const drop = (err?: unknown): void => {
      if (this.connection === connection) this.connection = null;
      if (this.inUse?.connection === connection) {
        this.inUse.fail(err ?? Object.assign(new Error('the mail server closed the connection'), { code: 'ECONNECTION' }));
      } else {
        connection.close();
      }
    };
    connection.on('error', (err: unknown) => drop(err));
    connection.on('end', () => drop());
    return new Promise<Connection>((resolve, reject) => {
      this.inUse = { connection, fail: reject };
      connection.connect((err?: Error | null) => {
        if (err) return reject(err);
        if (auth && connection.allowsAuth) {
          connection.login({ user: auth.user, pass: auth.pass } as Parameters<Connection['login']>[0], (loginErr?: Error | null) =>
            loginErr ? reject(loginErr) : resolve(connection),
          );
        } else {
          resolve(connection);
        }
      });
    });
  }

  private attempt(request: SendRequest, reused: boolean, timeoutMs: number): Promise<Attempt> {
    return new Promise<Attempt>((resolve) => {
      let settled = false;
      let fenceStarted = false;
      let reachedData = false;
      let dataHandedOver = false;
      let claimLost = false;
      let aborted = false;

      const finish = (result: SendResult, retryOnNewSession = false): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inUse = null;
        request.signal?.removeEventListener('abort', onAbort);
        const connection = this.connection;
        if (connection) {
          if (!result.ok) {
            // After any failure the session is not trusted again.
            this.connection = null;
            connection.close();
          } else if (++this.sent >= this.limits.maxMessages) {
            this.connection = null;
            connection.quit();
          }
        }
        resolve({ result, retryOnNewSession });
      };
      const fail = (err: unknown): void => {
        // A kept connection that turns out to be gone before the data was asked for: nothing was accepted.
        const retry = reused && !fenceStarted && !aborted && isConnectionLoss(err);
        finish({ ok: false, failure: smtpFailureOf(err, dataHandedOver), claimLost, aborted, reachedData }, retry);
      };
      const onAbort = (): void => {
        aborted = true;
        fail(Object.assign(new Error('the send was abandoned (the service is shutting down)'), { code: 'EABORT', command: 'API' }));
      };
      const timer = setTimeout(
        () => fail(Object.assign(new Error(`the SMTP exchange did not finish within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
        timeoutMs,
      );
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (request.signal?.aborted) return onAbort();

      const message = new Readable({
        read() {
          if (fenceStarted) return;
          fenceStarted = true;
          request.beforeData().then(
            (go) => {
              if (!go) {
                claimLost = true;
                message.destroy(Object.assign(new Error('the claim on this email was lost before its data was sent'), { code: 'ECLAIM' }));
                return;
              }
              reachedData = true;
              message.push(request.raw);
              message.push(null);
            },
            (err: unknown) => message.destroy(err as Error),
          );
        },
      });
      message.once('end', () => {
        dataHandedOver = true;
      });

      const ready = this.connection ? Promise.resolve(this.connection) : this.open();
      ready.then(
        (connection) => {
          if (settled) return;
          // Dropped in the moment between being ready and this callback: nothing was sent on it.
          if (this.connection !== connection) {
            return fail(Object.assign(new Error('the mail server closed the connection'), { code: 'ECONNECTION' }));
          }
          this.inUse = { connection, fail };
          connection.send({ from: request.from, to: [request.to] }, message, (sendErr, info) => {
            if (sendErr) return fail(sendErr);
            finish({ ok: true, response: info?.response ?? '' });
          });
        },
        (err: unknown) => fail(err),
      );
    });
  }
}

/** The connection itself failed (closed or reset, or the server said 421 "closing"), not this message. */
function isConnectionLoss(err: unknown): boolean {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  // Not ETIMEDOUT: a second try after a timeout could outlast the email's lease.
  return e.responseCode === 421 || e.code === 'ECONNECTION' || e.code === 'ESOCKET';
}
