/**
 * The shape every service's retention policy shares (issue #20, item 5): a rule per kind of data (how long it is
 * kept and what happens then), and the rules of the kit's own tables (outbox, inbox, dead letters). Each service
 * adds its own kinds; the periods are settings (`RETENTION_*`, validated at start-up by the service's environment).
 */

/** What the retention job does to a kind of data once its period is over. */
export type RetentionAction = 'deleted' | 'redacted';

export interface RetentionRule {
  /** The kind, as the retention report names it. */
  kind: string;
  days: number;
  action: RetentionAction;
  description: { ja: string; en: string };
}

/** The settings of the kit's tables' retention, read by every service that runs a retention job. */
export interface ConsumerTableRetentionSettings {
  RETENTION_OUTBOX_DAYS: number;
  RETENTION_INBOX_DAYS: number;
  RETENTION_DEAD_LETTER_RESOLVED_DAYS: number;
  RETENTION_DEAD_LETTER_UNRESOLVED_DAYS: number;
}

/** The defaults of the retention job's interval and of the kit's tables' periods (a service adds its own kinds'). */
export const CONSUMER_TABLE_RETENTION_DEFAULTS: Record<string, string> = {
  RETENTION_JOB_INTERVAL_MS: String(24 * 3_600_000),
  RETENTION_OUTBOX_DAYS: '7',
  RETENTION_INBOX_DAYS: '35',
  RETENTION_DEAD_LETTER_RESOLVED_DAYS: '90',
  RETENTION_DEAD_LETTER_UNRESOLVED_DAYS: '30',
};

/** The rules of the kit's tables, for the job and for the report. */
export function consumerTableRules(env: ConsumerTableRetentionSettings): RetentionRule[] {
  return [
    {
      kind: 'outbox',
      days: env.RETENTION_OUTBOX_DAYS,
      action: 'deleted',
      description: { ja: '送信済みの送信箱（outbox）の行', en: 'Published outbox rows' },
    },
    {
      kind: 'inbox',
      days: env.RETENTION_INBOX_DAYS,
      action: 'deleted',
      description: { ja: '受信箱（inbox）の行', en: 'Inbox rows' },
    },
    {
      kind: 'dead_letters_resolved',
      days: env.RETENTION_DEAD_LETTER_RESOLVED_DAYS,
      action: 'deleted',
      description: { ja: '解決済みのデッドレター', en: 'Resolved dead letters' },
    },
    {
      kind: 'dead_letters_unresolved',
      days: env.RETENTION_DEAD_LETTER_UNRESOLVED_DAYS,
      action: 'redacted',
      description: { ja: '未解決のデッドレターの内容（メタデータは残る）', en: 'Payloads of unresolved dead letters (metadata stays)' },
    },
  ];
}

const DAY_MS = 86_400_000;

/** The instant before which data of a rule is past its period. */
export function cutoffOf(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * The kit's own clean-up (ConsumerJanitor, outbox relay) would remove these rows without counting them: the
 * service sets it to this backstop, longer than any period the settings allow, so the retention job (which
 * counts what it removes) is the one that does it.
 */
export const KIT_CLEANUP_BACKSTOP_MS = 400 * DAY_MS;
