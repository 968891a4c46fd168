import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
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
}

export type SendResult =
  { ok: true; response: string } | { ok: false; failure: SmtpFailure; claimLost: boolean; aborted: boolean; reachedData: boolean };

/**
 * One email per SMTP session, through nodemailer's SMTP connection, so that the worker knows in which
 * phase a failure happened: connecting / envelope (nothing accepted), data (handed over), answer.
 */
export class SmtpSender {
  private readonly options: ReturnType<typeof parseConnectionUrl>;

  constructor(
    smtpUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.options = parseConnectionUrl(smtpUrl);
  }

  send(request: SendRequest): Promise<SendResult> {
    return new Promise<SendResult>((resolve) => {
      const { auth, ...rest } = this.options;
      const connection = new SMTPConnection({
        ...rest,
        connectionTimeout: Math.min(this.timeoutMs, 30_000),
        greetingTimeout: Math.min(this.timeoutMs, 30_000),
        socketTimeout: this.timeoutMs,
        socketCloseTimeout: 1000,
        logger: false,
      } as ConstructorParameters<typeof SMTPConnection>[0]);
      let settled = false;
      let reachedData = false;
      let dataHandedOver = false;
      let claimLost = false;
      let aborted = false;

      const finish = (result: SendResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        if (result.ok) connection.quit();
        else connection.close();
        resolve(result);
      };
      const fail = (err: unknown): void =>
        finish({ ok: false, failure: smtpFailureOf(err, dataHandedOver), claimLost, aborted, reachedData });
      const onAbort = (): void => {
        aborted = true;
        fail(Object.assign(new Error('the send was abandoned (the service is shutting down)'), { code: 'EABORT', command: 'API' }));
      };
      const timer = setTimeout(
        () => fail(Object.assign(new Error(`the SMTP session did not finish within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
        this.timeoutMs,
      );
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (request.signal?.aborted) return onAbort();

      let started = false;
      const message = new Readable({
        read() {
          if (started) return;
          started = true;
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

      // Errors arrive as 'error' events and through callbacks; the first one decides, the rest are ignored.
      connection.on('error', fail);
      connection.connect((err) => {
        if (err) return fail(err);
        const send = (): void =>
          connection.send({ from: request.from, to: [request.to] }, message, (sendErr, info) => {
            if (sendErr) return fail(sendErr);
            finish({ ok: true, response: info?.response ?? '' });
          });
        if (auth && connection.allowsAuth) {
          connection.login({ user: auth.user, pass: auth.pass } as Parameters<SMTPConnection['login']>[0], (loginErr) =>
            loginErr ? fail(loginErr) : send(),
          );
        } else {
          send();
        }
      });
    });
  }
}
