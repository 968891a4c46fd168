import type { ValueTransformer } from 'typeorm';

/** `numeric` and `bigint` columns come back from Postgres as strings; these are small enough for a JS number. */
export const numberColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};
