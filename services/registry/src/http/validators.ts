import { isCalendarDate } from '@collabo/calendar';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Whether a string is a real calendar date `YYYY-MM-DD` between the years 1000 and 9999. */
export function isDateOnly(value: unknown): value is string {
  return typeof value === 'string' && isCalendarDate(value) && value >= '1000';
}

/** A calendar date `YYYY-MM-DD` (no time, no zone): what the registry stores as `date`. */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateOnly',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isDateOnly(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a date YYYY-MM-DD`,
      },
    });
}

/** A phone number as people write it: digits, spaces, hyphens, parentheses, an optional leading +. */
export const PHONE = /^\+?[0-9()\- ]{6,20}$/;
