import { BaseEnv } from '@collabo/service-kit';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { EVENTS_RETENTION_DEFAULTS } from '../privacy/retention-policy.js';

/** The events service's own environment, on top of what every service reads. */
export class EventsEnv extends BaseEnv {
  /** How long a seat offer to the next person on the waiting list stays open. */
  @IsInt() @Min(1) @Max(14 * 24 * 60) SEAT_OFFER_TTL_MINUTES!: number;
  /** How often expired seat offers are passed on (0 = never: only when someone tries to accept one). */
  @IsInt() @Min(0) @Max(3_600_000) SEAT_OFFER_SWEEP_MS!: number;
  /** How often due reminders are emitted (0 = never). */
  @IsInt() @Min(0) @Max(3_600_000) REMINDER_SWEEP_MS!: number;
  /** The hour (Tokyo time) on the day before an event at which its reminder becomes due. */
  @IsInt() @Min(0) @Max(23) REMINDER_HOUR_JST!: number;
  /** How often lotteries left undrawn are drawn automatically (0 = never: staff always draw). */
  @IsInt() @Min(0) @Max(3_600_000) LOTTERY_SWEEP_MS!: number;
  /** How long after the registration deadline staff have to draw a lottery themselves (e.g. in public) before the service draws it. */
  @IsInt() @Min(0) @Max(14 * 24 * 60) LOTTERY_AUTO_DRAW_AFTER_MINUTES!: number;
  /** Writes per minute per client address on the public routes (guest registration, self-service links). */
  @IsInt() @Min(1) @Max(1_000_000) PUBLIC_WRITE_RATE_LIMIT_PER_MINUTE!: number;
  /** Reads per minute per client address on the public routes (listing, feed, self-service links). */
  @IsInt() @Min(1) @Max(1_000_000) PUBLIC_READ_RATE_LIMIT_PER_MINUTE!: number;
  /** Where registrants reach this service's public routes (seat-offer links in emails). */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL!: string;
  // Retention (issue #20; defaults and meaning in src/privacy/retention-policy.ts and the README).
  /** How often the retention job runs (0 = never by itself; a day by default). */
  @IsInt() @Min(0) @Max(7 * 24 * 3_600_000) RETENTION_JOB_INTERVAL_MS!: number;
  /** Days after its event ended that a guest who never became a registry person keeps name, email and reading. */
  @IsInt() @Min(30) @Max(3650) RETENTION_GUEST_DAYS!: number;
  /** Days after its event ended that questionnaire answers keep their free-text comments. */
  @IsInt() @Min(30) @Max(3650) RETENTION_QUESTIONNAIRE_DAYS!: number;
  /** Days after its event ended that business-card exchanges (connections) are kept. */
  @IsInt() @Min(30) @Max(3650) RETENTION_CONNECTION_DAYS!: number;
  /** Days published outbox rows are kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_OUTBOX_DAYS!: number;
  /** Days inbox rows are kept (longer than the streams keep a message, 30 days, so a redelivery still finds its row). */
  @IsInt() @Min(31) @Max(365) RETENTION_INBOX_DAYS!: number;
  /** Days a resolved dead letter is kept. */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_RESOLVED_DAYS!: number;
  /** Days an unresolved dead letter keeps its payload (its metadata and error stay). */
  @IsInt() @Min(1) @Max(365) RETENTION_DEAD_LETTER_UNRESOLVED_DAYS!: number;
}

export const EVENTS_ENV_DEFAULTS: Record<string, string> = {
  SEAT_OFFER_TTL_MINUTES: String(48 * 60),
  SEAT_OFFER_SWEEP_MS: '30000',
  REMINDER_SWEEP_MS: '60000',
  REMINDER_HOUR_JST: '9',
  LOTTERY_SWEEP_MS: '60000',
  LOTTERY_AUTO_DRAW_AFTER_MINUTES: String(24 * 60),
  PUBLIC_WRITE_RATE_LIMIT_PER_MINUTE: '20',
  PUBLIC_READ_RATE_LIMIT_PER_MINUTE: '120',
  // The largest body this API takes (an event with 10,000-character descriptions in two languages) is
  // under 70 kB in UTF-8 and under 130 kB with every character escaped; the kit's default is 1 MiB.
  HTTP_BODY_LIMIT_BYTES: String(256 * 1024),
  PUBLIC_BASE_URL: 'http://127.0.0.1:3003',
  ...EVENTS_RETENTION_DEFAULTS,
};
