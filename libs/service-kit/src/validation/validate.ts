import { ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ValidationFailedError, type FieldError } from '../errors/app-error.js';
import { cacheValidationMetadataLookups } from './metadata-cache.js';

/** Flattens class-validator's tree into `field.path` / message pairs, one per failed constraint. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({
        field,
        message: message.replace(/^property (\S+) should not exist$/, 'unknown field $1'),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export interface ValidateOptions {
  /** Refuse fields the class does not declare (HTTP bodies); events and RPC payloads only drop them. */
  forbidUnknown?: boolean;
}

/**
 * Turns a plain payload into a validated instance of `cls`, or throws ValidationFailedError naming the fields.
 * A payload that is not an object at all is refused as a whole.
 */
export function validatePayload<T extends object>(cls: ClassConstructor<T>, payload: unknown, options: ValidateOptions = {}): T {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ValidationFailedError([{ field: '', message: 'the payload must be a JSON object' }]);
  }
  cacheValidationMetadataLookups();
  const instance = plainToInstance(cls, payload, {
    enableImplicitConversion: false,
  });
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: options.forbidUnknown ?? false,
    forbidUnknownValues: true,
    stopAtFirstError: false,
  });
  if (errors.length) throw new ValidationFailedError(flattenValidationErrors(errors));
  return instance;
}

/** The pipe every HTTP boundary uses: unknown fields refused, values transformed, errors per field. */
export function createValidationPipe(options: ValidationPipeOptions = {}): ValidationPipe {
  cacheValidationMetadataLookups();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
    ...options,
  });
}
