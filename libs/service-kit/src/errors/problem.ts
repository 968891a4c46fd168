import { CommonErrorCodes, type RpcErrorBody } from '@collabo/contracts';
import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, type FieldError } from './app-error.js';

/** RFC 9457 problem document, as every Collabo HTTP API answers errors. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: FieldError[];
  correlationId?: string;
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problemType(code: string): string {
  return `urn:collabo:problem:${code.toLowerCase()}`;
}

/** The Postgres errors a client's input can still provoke past validation, and what they mean to the client. */
function fromDatabaseError(err: { code?: string; detail?: string }): AppError | undefined {
  switch (err.code) {
    case '23505':
      return new AppError(CommonErrorCodes.conflict, 'A record with the same unique value already exists.', 409);
    case '23502':
      return new AppError(CommonErrorCodes.validation, 'A required value is missing.', 400);
    case '23514':
      return new AppError(CommonErrorCodes.validation, 'A value in the request is not allowed here.', 400);
    case '23503':
      return new AppError('COMMON.REFERENCE_NOT_FOUND', 'The request refers to a record that does not exist.', 409);
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22021':
    case '54000':
      return new AppError(CommonErrorCodes.validation, 'A value in the request is out of range or malformed.', 400);
    case '40001':
    case '40P01':
      return new AppError(CommonErrorCodes.conflict, 'The record was changed at the same time; try again.', 409);
    default:
      return undefined;
  }
}

/** The pool waited too long for a connection, or Postgres is restarting: not the client's fault, try again. */
function isDatabaseUnavailable(err: { message?: unknown; code?: unknown; driverError?: { code?: string } }): boolean {
  const message = String(err?.message ?? '');
  const code = String(err?.driverError?.code ?? err?.code ?? '');
  return (
    /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)/i.test(
      message,
    ) || ['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET'].includes(code)
  );
}

/** Turns anything thrown into an AppError; unknown failures become a 500 without internal detail. */
export function toAppError(error: unknown): {
  appError: AppError;
  unexpected: boolean;
} {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : error.message;
    const code = status === 404 ? 'COMMON.ROUTE_NOT_FOUND' : `COMMON.HTTP_${status}`;
    return {
      appError: new AppError(code, message, status),
      unexpected: status >= 500,
    };
  }
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    driverError?: { code?: string };
  };
  // Fastify's own client errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode.
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = typeof e.code === 'string' ? `HTTP.${e.code}` : `COMMON.HTTP_${e.statusCode}`;
    return {
      appError: new AppError(code, String(e.message ?? 'Bad request'), e.statusCode),
      unexpected: false,
    };
  }
  const dbError = fromDatabaseError(e?.driverError ?? (e as { code?: string }));
  if (dbError) return { appError: dbError, unexpected: false };
  if (isDatabaseUnavailable(e)) {
    return {
      appError: new AppError('COMMON.DATABASE_UNAVAILABLE', 'The database is busy or unreachable; try again shortly.', 503, [], {
        retryAfterSeconds: 2,
      }),
      unexpected: false,
    };
  }
  return {
    appError: new AppError(CommonErrorCodes.internal, 'Something went wrong on our side; it has been logged.', 500),
    unexpected: true,
  };
}

export function toProblem(error: AppError, correlationId?: string): ProblemDocument {
  return {
    ...error.extra,
    type: problemType(error.code),
    title: titles[error.status] ?? HttpStatus[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    errors: error.errors,
    ...(correlationId ? { correlationId } : {}),
  };
}

export function toRpcErrorBody(error: AppError): RpcErrorBody {
  return {
    code: error.code,
    message: error.message,
    status: error.status,
    ...(error.errors.length ? { errors: error.errors } : {}),
  };
}
