/**
 * What a failed SMTP session means for the email. The rules, in order:
 * 1. The server answered (a reply code): 5xx is permanent (except 503, a session-state complaint),
 *    4xx and 503 are temporary. This holds even after the message data: the server said no.
 * 2. No answer, but our message stream had ended (the terminating dot was handed to the socket):
 *    the server may have accepted it and we never heard. Ambiguous: shown to staff, not resent blindly.
 * 3. No answer before the message data was complete (connection refused, timeout, dropped while
 *    connecting or during the envelope): nothing was accepted, so it is temporary and retried.
 * 4. Refused locally before talking (an address or a message nodemailer will not send): permanent.
 */
export interface SmtpFailure {
  message: string;
  /** nodemailer's error code: ECONNECTION, ETIMEDOUT, ESOCKET, EENVELOPE, EMESSAGE, EAUTH, … */
  code: string | null;
  /** The SMTP command in flight: CONN, MAIL FROM, RCPT TO, DATA, API, … */
  command: string | null;
  responseCode: number | null;
  response: string | null;
  /** Our message stream ended: from here on, silence is ambiguous. */
  dataHandedOver: boolean;
}

export type FailureClass = 'temporary' | 'permanent' | 'ambiguous';

const LOCAL_REFUSALS = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

export function classifySmtpFailure(failure: SmtpFailure): FailureClass {
  if (failure.responseCode !== null) {
    return failure.responseCode >= 500 && failure.responseCode < 600 && failure.responseCode !== 503 ? 'permanent' : 'temporary';
  }
  if (failure.dataHandedOver) return 'ambiguous';
  if (failure.command === 'API' && failure.code !== null && LOCAL_REFUSALS.has(failure.code)) return 'permanent';
  return 'temporary';
}

/** Reads what nodemailer puts on its errors. */
export function smtpFailureOf(err: unknown, dataHandedOver: boolean): SmtpFailure {
  const e = (err ?? {}) as { message?: unknown; code?: unknown; command?: unknown; responseCode?: unknown; response?: unknown };
  return {
    message: typeof e.message === 'string' ? e.message : String(err),
    code: typeof e.code === 'string' ? e.code : null,
    command: typeof e.command === 'string' ? e.command : null,
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : null,
    response: typeof e.response === 'string' ? e.response : null,
    dataHandedOver,
  };
}

export function parseBackoff(list: string): number[] {
  const values = list.split(',').map((s) => Number(s.trim()));
  if (!values.length || values.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`not a backoff list: ${list}`);
  return values;
}

/** The delay before the next attempt after `attempts` tries (the last value repeats). */
export function retryDelayMs(attempts: number, backoff: readonly number[]): number {
  return backoff[Math.min(Math.max(attempts, 1) - 1, backoff.length - 1)] ?? 60_000;
}
