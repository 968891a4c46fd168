import { Injectable, Param, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ValidationFailedError } from '../errors/app-error.js';

/** A UUID of any version (what Postgres' `uuid` type takes, in the canonical 8-4-4-4-12 spelling). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * Checks a path parameter is a UUID. A malformed one is the house's one answer everywhere: 400 problem+json
 * `{ code: 'COMMON.VALIDATION_FAILED', errors: [{ field: '<param>', message: 'must be a UUID' }] }` (through the
 * kit's error mapping, like any other invalid input), never Nest's bare ParseUUIDPipe 400.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value;
    throw new ValidationFailedError([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
  }
}

/**
 * `@IdParam()` / `@IdParam('offerId')`: the uuid path parameter `name`, checked by ParseIdPipe and documented
 * in the OpenAPI document as `format: uuid`. Use it for every uuid path parameter (no ParseUUIDPipe, no pipes
 * of a service's own).
 */
export function IdParam(name = 'id', description?: string): ParameterDecorator {
  const param = Param(name, ParseIdPipe);
  return (target, key, index) => {
    param(target, key, index);
    const descriptor = key !== undefined ? Object.getOwnPropertyDescriptor(target, key) : undefined;
    if (key !== undefined && descriptor) {
      ApiParam({ name, required: true, schema: { type: 'string', format: 'uuid' }, ...(description ? { description } : {}) })(
        target,
        key,
        descriptor,
      );
    }
  };
}
