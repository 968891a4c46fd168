/**
 * How long an email's personal data is kept. A settled email (sent, failed, or suppressed because the person
 * unsubscribed) keeps its address, name and content for DELIVERY_RETENTION_DAYS after its last change; then
 * those are removed and its facts stay (kind, status, dates, the proposal or event it was about, how many tries).
 * Emails still queued or being sent are not settled; ambiguous ones wait for a person to look at them.
 */
export const SETTLED_STATUSES = ['sent', 'failed', 'suppressed'] as const;

const DAY_MS = 86_400_000;

/** Rows last changed before this instant are past retention; null when retention is switched off (0 days). */
export function retentionCutoff(now: Date, days: number): Date | null {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`retention days must be a whole number >= 0, not ${days}`);
  if (days === 0) return null;
  return new Date(now.getTime() - days * DAY_MS);
}
