import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedError } from '@collabo/service-kit';

/** A UUID path parameter; anything else is a 400 naming the parameter (never a lookup). */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailedError([{ field: name, message: `${name} must be a UUID` }]) }),
  );
