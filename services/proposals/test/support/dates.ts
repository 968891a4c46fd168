/** The Tokyo calendar day (YYYY-MM-DD) of an instant, e.g. the harness clock's now: the test's own reckoning, not the service's. */
export function tokyoToday(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
