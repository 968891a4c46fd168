import { BaseEnv } from '@collabo/service-kit';
import { IsInt, Max, Min } from 'class-validator';
import { PROPOSALS_RETENTION_DEFAULTS } from '../privacy/retention-policy.js';

/** The proposals service's own environment, on top of what every service reads. */
export class ProposalsEnv extends BaseEnv {
  /** How many years after an affiliation or membership ended it still counts as a conflict of interest. */
  @IsInt() @Min(0) @Max(30) CONFLICT_LOOKBACK_YEARS!: number;
  /** How many registry requests one team-suggestion query runs at once. */
  @IsInt() @Min(1) @Max(64) REGISTRY_CONCURRENCY!: number;
  /** The largest CSV file the history import takes (the JSON limit is the kit's HTTP_BODY_LIMIT_BYTES); larger is a 413. */
  @IsInt() @Min(1024) @Max(50 * 1024 * 1024) HISTORY_IMPORT_MAX_BYTES!: number;
  /** The most rows one history import takes; more is a 413 (split the file). */
  @IsInt() @Min(1) @Max(100_000) HISTORY_IMPORT_MAX_ROWS!: number;
  /** How many days before its due day an advisor is reminded of a review (once). */
  @IsInt() @Min(1) @Max(30) REVIEW_REMINDER_DAYS_BEFORE!: number;
  /** How often the review reminder job looks for due and overdue reviews, in ms; 0 = never by itself. */
  @IsInt() @Min(0) @Max(24 * 60 * 60 * 1000) REVIEW_REMINDER_INTERVAL_MS!: number;
  /** The weekday (Tokyo; 0 Sunday … 6 Saturday) of the coordinators' overdue-review digest. */
  @IsInt() @Min(0) @Max(6) REVIEW_DIGEST_WEEKDAY!: number;
  // Retention (issue #20; defaults and meaning in src/privacy/retention-policy.ts and the README).
  /** How often the retention job runs (0 = never by itself; a day by default): kit tables, and pending erasures. */
  @IsInt() @Min(0) @Max(7 * 24 * 3_600_000) RETENTION_JOB_INTERVAL_MS!: number;
  /** Days published outbox rows are kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_OUTBOX_DAYS!: number;
  /** Days inbox rows are kept (longer than the streams keep a message, 30 days, so a redelivery still finds its row). */
  @IsInt() @Min(31) @Max(365) RETENTION_INBOX_DAYS!: number;
  /** Days a resolved dead letter is kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_RESOLVED_DAYS!: number;
  /** Days an unresolved dead letter keeps its payload (its metadata and error stay). */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_UNRESOLVED_DAYS!: number;
}

export const PROPOSALS_ENV_DEFAULTS: Record<string, string> = {
  CONFLICT_LOOKBACK_YEARS: '3',
  REGISTRY_CONCURRENCY: '8',
  HISTORY_IMPORT_MAX_BYTES: String(10 * 1024 * 1024),
  HISTORY_IMPORT_MAX_ROWS: '20000',
  REVIEW_REMINDER_DAYS_BEFORE: '3',
  REVIEW_REMINDER_INTERVAL_MS: String(5 * 60 * 1000),
  REVIEW_DIGEST_WEEKDAY: '1',
  // The largest body this API takes (a programme of 50 stages, 500 transitions and a 50-criterion rubric, every
  // text at its maximum and every character \u-escaped) is about 240 KB (test/limits.test.ts sends it).
  HTTP_BODY_LIMIT_BYTES: String(512 * 1024),
  ...PROPOSALS_RETENTION_DEFAULTS,
};
