/** Report arithmetic, in plain TypeScript. */

/**
 * Attendance rate: attended ÷ everyone who held a seat (attended + no-show + still confirmed). Null when
 * nobody held a seat. Rounded to three decimals.
 */
export function attendanceRate(attended: number, noShow: number, confirmed: number): number | null {
  const held = attended + noShow + confirmed;
  return held === 0 ? null : Math.round((attended / held) * 1000) / 1000;
}

/** Shares of a count table, rounded to three decimals, in the table's key order. */
export function shares(counts: Record<string, number>): Record<string, number> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, total ? Math.round((n / total) * 1000) / 1000 : 0]));
}

/** Rows of (key, n) into a record, with `null` keys named `unknown`. */
export function countTable(rows: { key: string | null; n: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.key ?? 'unknown'] = (out[r.key ?? 'unknown'] ?? 0) + r.n;
  return out;
}
