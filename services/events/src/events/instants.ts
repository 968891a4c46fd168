import { parseInstant } from '@collabo/calendar';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The instants the service takes: Tokyo years 1990 to 2199. Beyond them an event could not be told in
 * its messages (an ISO 8601 year has four digits) and no fiscal-year filter would find it.
 */
export const EARLIEST_INSTANT = new Date('1990-01-01T00:00:00+09:00');
export const LATEST_INSTANT = new Date('2200-01-01T00:00:00+09:00');

/** A date-time the service can read: ISO 8601 with an offset, or without one as Tokyo time; years 1990 to 2199. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => {
          const parsed = typeof value === 'string' && value.length <= 40 ? parseInstant(value) : null;
          return parsed !== null && parsed.getTime() >= EARLIEST_INSTANT.getTime() && parsed.getTime() < LATEST_INSTANT.getTime();
        },
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a date-time between 1990 and 2199, such as 2026-12-01T18:30 (Tokyo time) or 2026-12-01T09:30:00Z`,
          options,
        ),
      },
    },
    options,
  );
}

/** Reads a date-time that validation has already accepted. */
export function instant(value: string): Date {
  const parsed = parseInstant(value);
  if (!parsed) throw new Error(`not a date-time: ${value}`);
  return parsed;
}

/** Reads an optional date-time field of an update: undefined = unchanged, null = cleared. */
export function optionalInstant(value: string | null | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return instant(value);
}
