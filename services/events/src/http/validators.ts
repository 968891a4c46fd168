import { ValidateIf } from 'class-validator';

/**
 * Like @IsOptional(), but only for a field that is left out: an explicit null is validated (and so
 * refused by the field's other rules). For fields that cannot be cleared.
 */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
