import { BaseEnv } from '@collabo/service-kit';
import { IsInt, Matches, Max, Min } from 'class-validator';

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
  /** Where registrants reach this service's public routes (seat-offer links in emails). */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL!: string;
}

export const EVENTS_ENV_DEFAULTS: Record<string, string> = {
  SEAT_OFFER_TTL_MINUTES: String(48 * 60),
  SEAT_OFFER_SWEEP_MS: '30000',
  REMINDER_SWEEP_MS: '60000',
  REMINDER_HOUR_JST: '9',
  PUBLIC_BASE_URL: 'http://127.0.0.1:3003',
};
