import { CommonErrorCodes } from '@collabo/contracts';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure with a stable code that survives a process boundary. Mapped once to problem+json (HTTP)
 * and once to an RPC error body; services subclass or instantiate these, never throw HttpExceptions.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly errors: FieldError[] = [],
    /** Extra members of the problem document (e.g. `allowed` next stages, `existingId`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The kit's own stable codes (the `COMMON.*` and `AUTH.*` a client may see from any service). A service keeps
 * its own codes in its `errors.ts` (`<Service>Errors`, `as const`) and throws the named subclasses below.
 */
export const KitErrors = {
  validationFailed: CommonErrorCodes.validation,
  notFound: CommonErrorCodes.notFound,
  conflict: CommonErrorCodes.conflict,
  internal: CommonErrorCodes.internal,
  rpcTimeout: CommonErrorCodes.timeout,
  rpcUnavailable: CommonErrorCodes.unavailable,
  badRequest: 'COMMON.BAD_REQUEST',
  gone: 'COMMON.GONE',
  payloadTooLarge: 'COMMON.PAYLOAD_TOO_LARGE',
  unsupportedMediaType: 'COMMON.HTTP_415',
  preconditionRequired: 'COMMON.PRECONDITION_REQUIRED',
  rateLimited: 'COMMON.RATE_LIMITED',
  unavailable: 'COMMON.UNAVAILABLE',
  upstreamFailed: 'COMMON.UPSTREAM_FAILED',
  deadLetterNotFound: 'COMMON.DEAD_LETTER_NOT_FOUND',
  deadLetterRedacted: 'COMMON.DEAD_LETTER_REDACTED',
  deadLetterConsumerUnknown: 'COMMON.DEAD_LETTER_CONSUMER_UNKNOWN',
  unauthenticated: 'AUTH.UNAUTHENTICATED',
  forbidden: 'AUTH.FORBIDDEN',
} as const;

/** 400 with field errors: `errors: [{ field, message }]`, code `COMMON.VALIDATION_FAILED`. */
export class ValidationFailedError extends AppError {
  constructor(errors: FieldError[], message = 'The request is not valid.') {
    super(CommonErrorCodes.validation, message, 400, errors);
  }
}

/** 400 with a code of its own (a request that is well-formed but refers to something unusable, e.g. a spent link). */
export class BadRequestError extends AppError {
  constructor(code: string, message: string, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super(code, message, 400, errors, extra);
  }
}

export class NotFoundError extends AppError {
  constructor(code: string = KitErrors.notFound, message = 'Not found.', extra: Record<string, unknown> = {}) {
    super(code, message, 404, [], extra);
  }
}

/** 410: it existed and is gone for good (an expired offer, a retired resource). */
export class GoneError extends AppError {
  constructor(code: string = KitErrors.gone, message = 'This is gone.', extra: Record<string, unknown> = {}) {
    super(code, message, 410, [], extra);
  }
}

/** 413: the request (or a file in it) is larger than this route takes. */
export class PayloadTooLargeError extends AppError {
  constructor(code: string = KitErrors.payloadTooLarge, message = 'The request is too large.', errors: FieldError[] = []) {
    super(code, message, 413, errors);
  }
}

/** 415: the body is not of a type this route takes. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(code: string = KitErrors.unsupportedMediaType, message = 'This content type is not accepted here.') {
    super(code, message, 415);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}, errors: FieldError[] = []) {
    super(code, message, 409, errors, extra);
  }
}

export class PreconditionFailedError extends AppError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(code, message, 412, [], extra);
  }
}

export class PreconditionRequiredError extends AppError {
  constructor(code: string = KitErrors.preconditionRequired, message = 'This change needs an If-Match header with the current ETag.') {
    super(code, message, 428);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code: string = KitErrors.unauthenticated, message = 'A valid bearer token is required.') {
    super(code, message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string = KitErrors.forbidden, message = 'Your role does not allow this.', extra: Record<string, unknown> = {}) {
    super(code, message, 403, [], extra);
  }
}

export class UnprocessableError extends AppError {
  constructor(code: string, message: string, errors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super(code, message, 422, errors, extra);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message, 429, [], { retryAfterSeconds });
  }
}

/** 502: another service (or an outside system) answered, but with a failure this service cannot turn into an answer. */
export class BadGatewayError extends AppError {
  constructor(
    code: string = KitErrors.upstreamFailed,
    message = 'A service this one depends on failed.',
    extra: Record<string, unknown> = {},
  ) {
    super(code, message, 502, [], extra);
  }
}

/** 503: not now, try again (with `Retry-After` when `retryAfterSeconds` is given). */
export class ServiceUnavailableError extends AppError {
  constructor(code: string = KitErrors.unavailable, message = 'Not available right now; try again shortly.', retryAfterSeconds?: number) {
    super(code, message, 503, [], retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
  }
}

/** Another service did not answer in time, or is not there (503, `COMMON.RPC_TIMEOUT` / `COMMON.RPC_UNAVAILABLE`). */
export class DependencyUnavailableError extends ServiceUnavailableError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}
