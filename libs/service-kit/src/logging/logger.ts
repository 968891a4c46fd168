import { pino, type DestinationStream, type Logger } from 'pino';
import { currentContext } from '../context/request-context.js';
import { activeTraceIds } from '../tracing/trace-context.js';

/**
 * Paths never written to the logs: credentials, tokens and personal data. Log ids, not people.
 * Services add their own paths through `extraRedactions`.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["if-match"]',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'setPasswordUrl',
  '*.setPasswordUrl',
  'checkInToken',
  '*.checkInToken',
];

export function createLogger(service: string, level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin() {
        const ctx = currentContext();
        // trace_id / span_id of the active span (tracing on): a log line leads to its trace and back.
        const ids = activeTraceIds();
        return ctx
          ? {
              correlationId: ctx.correlationId,
              ...(ctx.actorId ? { actorId: ctx.actorId } : {}),
              ...ids,
            }
          : (ids ?? {});
      },
    },
    (destination ?? pino.destination(1)) as DestinationStream,
  );
}
