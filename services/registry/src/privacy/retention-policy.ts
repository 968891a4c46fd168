import {
  CONSUMER_TABLE_RETENTION_DEFAULTS,
  consumerTableRules,
  type ConsumerTableRetentionSettings,
  type RetentionRule,
} from '@collabo/service-kit';

/**
 * The retention policy of the registry (issue #20, item 5). Organisations, people, affiliations, memberships,
 * accounts, consents and privacy requests are the foundation's records (kept until a person asks for erasure, which
 * privacy requests handle); what goes by itself is the kit's tables: published outbox rows (whole events, people's
 * names and emails included), inbox rows, and dead letters (resolved ones deleted, unresolved ones lose their
 * payload). The periods are settings (`RETENTION_*`, validated at start-up); these are the defaults, the same as
 * the other services'.
 */
export const REGISTRY_RETENTION_DEFAULTS: Record<string, string> = { ...CONSUMER_TABLE_RETENTION_DEFAULTS };

/** The policy as data, for the job and for the report. */
export function registryRetentionRules(env: ConsumerTableRetentionSettings): RetentionRule[] {
  return consumerTableRules(env);
}
