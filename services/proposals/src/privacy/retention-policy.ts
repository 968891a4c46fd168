import { CONSUMER_TABLE_RETENTION_DEFAULTS } from '@collabo/service-kit';

/**
 * The retention policy of the proposals service (issue #20, item 5). Proposals, reviews and outcomes are the
 * foundation's records and are kept; what goes by itself is the kit's tables (outbox, inbox, dead letters). The
 * same job completes erasures that had to wait (a review of a proposal still in screening) once the reason ends.
 */
export const PROPOSALS_RETENTION_DEFAULTS: Record<string, string> = { ...CONSUMER_TABLE_RETENTION_DEFAULTS };
