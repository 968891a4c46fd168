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

export class ValidationFailedError extends AppError {
  constructor(errors: FieldError[], message = 'The request is not valid.') {
    super(CommonErrorCodes.validation, message, 400, errors);
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 404);
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
  constructor(code = 'COMMON.PRECONDITION_REQUIRED', message = 'This change needs an If-Match header with the current ETag.') {
    super(code, message, 428);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code = 'AUTH.UNAUTHENTICATED', message = 'A valid bearer token is required.') {
    super(code, message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(code = 'AUTH.FORBIDDEN', message = 'Your role does not allow this.') {
    super(code, message, 403);
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

/** Another service did not answer in time, or is not there. */
export class DependencyUnavailableError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 503);
  }
}
