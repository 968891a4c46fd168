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
};
