/**
 * The retention policy of the events service (issue #20, item 5): per kind of data, how long it is kept and
 * what happens then. The periods are settings (`RETENTION_*`, validated at start-up); these are the defaults.
 */
export const EVENTS_RETENTION_DEFAULTS: Record<string, string> = {
  RETENTION_JOB_INTERVAL_MS: String(24 * 3_600_000),
  // A guest's name and address serve the event and its follow-up: two fiscal years after the event.
  RETENTION_GUEST_DAYS: '730',
  // Comments serve the organisers' review of the event; the score stays for the reports.
  RETENTION_QUESTIONNAIRE_DAYS: '365',
  // Who exchanged business cards with whom serves the follow-ups: five years.
  RETENTION_CONNECTION_DAYS: '1825',
  RETENTION_OUTBOX_DAYS: '7',
  RETENTION_INBOX_DAYS: '35',
  RETENTION_DEAD_LETTER_RESOLVED_DAYS: '90',
  RETENTION_DEAD_LETTER_UNRESOLVED_DAYS: '30',
};

/** What the retention job does to a kind of data once its period is over. */
export type RetentionAction = 'deleted' | 'redacted';

export interface RetentionRule {
  /** The kind, as the retention report names it. */
  kind: string;
  days: number;
  action: RetentionAction;
  description: { ja: string; en: string };
}

export interface EventsRetentionSettings {
  RETENTION_GUEST_DAYS: number;
  RETENTION_QUESTIONNAIRE_DAYS: number;
  RETENTION_CONNECTION_DAYS: number;
  RETENTION_OUTBOX_DAYS: number;
  RETENTION_INBOX_DAYS: number;
  RETENTION_DEAD_LETTER_RESOLVED_DAYS: number;
  RETENTION_DEAD_LETTER_UNRESOLVED_DAYS: number;
}

/** The policy as data, for the job and for the report. */
export function eventsRetentionRules(env: EventsRetentionSettings): RetentionRule[] {
  return [
    {
      kind: 'guests',
      days: env.RETENTION_GUEST_DAYS,
      action: 'redacted',
      description: {
        ja: '登録者情報に紐づかないゲストの氏名・メールアドレス（イベント終了後）',
        en: 'Name and email of guests who never became registry people (after the event ended)',
      },
    },
    {
      kind: 'questionnaire_comments',
      days: env.RETENTION_QUESTIONNAIRE_DAYS,
      action: 'redacted',
      description: {
        ja: 'アンケートの自由記述（イベント終了後。評点は統計のため残る）',
        en: 'Free-text questionnaire comments (after the event; scores stay)',
      },
    },
    {
      kind: 'connections',
      days: env.RETENTION_CONNECTION_DAYS,
      action: 'deleted',
      description: { ja: '名刺交換・交流の記録（イベント終了後）', en: 'Business-card exchanges and conversations (after the event)' },
    },
    ...consumerTableRules(env),
  ];
}

export function consumerTableRules(env: {
  RETENTION_OUTBOX_DAYS: number;
  RETENTION_INBOX_DAYS: number;
  RETENTION_DEAD_LETTER_RESOLVED_DAYS: number;
  RETENTION_DEAD_LETTER_UNRESOLVED_DAYS: number;
}): RetentionRule[] {
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
