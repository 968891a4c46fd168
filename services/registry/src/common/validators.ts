import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { corporateNumberProblem } from '../domain/corporate-number.js';

/** A 13-digit corporate number whose first digit is the right check digit. */
export function IsCorporateNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCorporateNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && corporateNumberProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string' && corporateNumberProblem(args.value) === 'check-digit'
            ? `${args.property} has a wrong check digit (the first of its 13 digits)`
            : `${args?.property} must be 13 digits`,
      },
    });
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date `YYYY-MM-DD` between the years 1000 and 9999. */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_ONLY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
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

/** JSIC code: the major-group letter A..T, optionally followed by 2, 3 or 4 digits. */
export const JSIC_CODE = /^[A-T](\d{2}|\d{3}|\d{4})?$/;
/** Japanese postal code, with or without the hyphen. */
export const POSTAL_CODE = /^\d{3}-?\d{4}$/;
/** A phone number as people write it: digits, spaces, hyphens, parentheses, an optional leading +. */
export const PHONE = /^\+?[0-9()\- ]{6,20}$/;
