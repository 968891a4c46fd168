import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { corporateNumberProblem } from './corporate-number.js';

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

/** JSIC code: the major-group letter A..T, optionally followed by 2, 3 or 4 digits. */
export const JSIC_CODE = /^[A-T](\d{2}|\d{3}|\d{4})?$/;
/** Japanese postal code, with or without the hyphen. */
export const POSTAL_CODE = /^\d{3}-?\d{4}$/;
