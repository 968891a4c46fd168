/** Japanese fiscal years (年度) run from 1 April to 31 March and are named by the year they start in. */
export interface FiscalYearRange {
  fiscalYear: number;
  /** ISO date of 1 April. */
  start: string;
  /** ISO date of 31 March of the next year. */
  end: string;
}

export function fiscalYearRange(fiscalYear: number): FiscalYearRange {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1 || fiscalYear > 9998)
    throw new RangeError('a fiscal year is a year between 1 and 9998');
  const y = String(fiscalYear).padStart(4, '0');
  const next = String(fiscalYear + 1).padStart(4, '0');
  return { fiscalYear, start: `${y}-04-01`, end: `${next}-03-31` };
}

/** The fiscal year an ISO date (YYYY-MM-DD) falls in. */
export function fiscalYearOf(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-\d{2}/.exec(isoDate);
  if (!m) throw new Error(`not an ISO date: ${isoDate}`);
  const year = Number(m[1]);
  return Number(m[2]) >= 4 ? year : year - 1;
}
