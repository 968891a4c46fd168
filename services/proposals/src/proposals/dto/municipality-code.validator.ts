import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isHokkaidoMunicipalityCode } from '../codes.js';

/** A 6-digit Hokkaido local government code with a correct check digit. */
export function IsMunicipalityCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMunicipalityCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isHokkaidoMunicipalityCode(value),
        defaultMessage: () => 'each value in $property must be a Hokkaido local government code (6 digits, check digit last)',
      },
    },
    options,
  );
}
