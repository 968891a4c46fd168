import { ValidationFailedError } from '@collabo/service-kit';
import { Injectable, Param, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path parameter that must be a UUID. A malformed one is answered 400 with a field entry naming the
 * parameter (`{ field: 'id', message: 'id must be a UUID' }`), like any other invalid input; Nest's
 * ParseUUIDPipe answers a bare 400 without saying which parameter.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new ValidationFailedError([{ field, message: `${field} must be a UUID` }]);
  }
}

/** `@IdParam()` / `@IdParam('offerId')`: the path parameter, checked by ParseIdPipe and documented as a UUID. */
export function IdParam(name = 'id', description?: string): ParameterDecorator {
  const param = Param(name, ParseIdPipe);
  return (target, key, index) => {
    param(target, key, index);
    const descriptor = key !== undefined ? Object.getOwnPropertyDescriptor(target, key) : undefined;
    if (key !== undefined && descriptor) {
      ApiParam({ name, required: true, schema: { type: 'string', format: 'uuid' }, description })(target, key, descriptor);
    }
  };
}
