import { BaseEnv } from '@collabo/service-kit';
import { IsInt, Max, Min } from 'class-validator';

/** The proposals service's own environment, on top of what every service reads. */
export class ProposalsEnv extends BaseEnv {
  /** How many years after an affiliation or membership ended it still counts as a conflict of interest. */
  @IsInt() @Min(0) @Max(30) CONFLICT_LOOKBACK_YEARS!: number;
  /** How many registry requests one team-suggestion query runs at once. */
  @IsInt() @Min(1) @Max(64) REGISTRY_CONCURRENCY!: number;
}

export const PROPOSALS_ENV_DEFAULTS: Record<string, string> = {
  CONFLICT_LOOKBACK_YEARS: '3',
  REGISTRY_CONCURRENCY: '8',
  // The largest body this API takes (a programme of 50 stages, 500 transitions and a 50-criterion rubric, every
  // text at its maximum and every character \u-escaped) is about 240 KB (test/limits.test.ts sends it).
  HTTP_BODY_LIMIT_BYTES: String(512 * 1024),
};
