/** Today's date on the Tokyo calendar (YYYY-MM-DD): the test's own reckoning, not the service's. */
export function tokyoToday(now = new Date()): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
