import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate, parseInstant } from '@collabo/calendar';

/**
 * The service's DTO validators (service-wide HTTP glue: no feature imports). Dates and instants are read by
 * `@collabo/calendar`.
 */

/** A calendar date written `YYYY-MM-DD` that exists (no 2003-02-30). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => '$property must be a calendar date written YYYY-MM-DD',
      },
    },
    options,
  );
}

/** An ISO 8601 date-time that says its offset (`Z` or `+09:00`): a time without one is ambiguous. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
          parseInstant(value, { offset: 'required' }) !== null,
        defaultMessage: () => '$property must be an ISO 8601 date-time with an offset, e.g. 2003-03-31T23:30:00+09:00',
      },
    },
    options,
  );
}

/** Not only white space. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => '$property must not be blank',
      },
    },
    options,
  );
}

/** `a,b,c` in a query string -> `['a', 'b', 'c']`; a repeated parameter is joined first. */
export function splitList({ value }: { value: unknown }): unknown {
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');
  if (typeof value === 'string') return value.split(',').filter((v) => v !== '');
  return value;
}
