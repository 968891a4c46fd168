/** The names of an `as const` catalogue (the categories, the kinds of email), in their order. */
export function namesOf<T extends object>(catalogue: T): (keyof T & string)[] {
  return Object.keys(catalogue) as (keyof T & string)[];
}

/** Whether a string (from a request, a stored row) names an entry of the catalogue: its own keys only. */
export function isNameIn<T extends object>(catalogue: T, value: string): value is keyof T & string {
  return Object.hasOwn(catalogue, value);
}
