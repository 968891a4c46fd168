import { isCalendarDate } from '@collabo/calendar';
import { getMetadataStorage, registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

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

/**
 * The `@MaxLength` of each of `fields` on the DTO class `dto`, read from class-validator's metadata: the maxima the
 * API states, for the checks that must repeat them (e.g. a text's length once normalised). Throws when a field has
 * none, so that a maximum cannot silently go missing.
 */
export function maxLengthsOf<F extends string>(dto: abstract new () => unknown, fields: readonly F[]): Record<F, number> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const maxima = {} as Record<F, number>;
  for (const field of fields) {
    const found = metadata.find((m) => m.propertyName === field && m.name === 'maxLength' && !m.each);
    const max: unknown = found?.constraints?.[0];
    if (typeof max !== 'number') throw new Error(`${dto.name}.${field} has no @MaxLength`);
    maxima[field] = max;
  }
  return maxima;
}
