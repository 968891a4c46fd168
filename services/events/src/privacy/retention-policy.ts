import {
  CONSUMER_TABLE_RETENTION_DEFAULTS,
  consumerTableRules,
  type ConsumerTableRetentionSettings,
  type RetentionRule,
} from '@collabo/service-kit';

/**
 * The retention policy of the events service (issue #20, item 5): per kind of data, how long it is kept and
 * what happens then. The periods are settings (`RETENTION_*`, validated at start-up); these are the defaults.
 * The kit's tables (outbox, inbox, dead letters) follow the kit's rules (`consumerTableRules`).
 */
export const EVENTS_RETENTION_DEFAULTS: Record<string, string> = {
  // A guest's name and address serve the event and its follow-up: two fiscal years after the event.
  RETENTION_GUEST_DAYS: '730',
  // Comments serve the organisers' review of the event; the score stays for the reports.
  RETENTION_QUESTIONNAIRE_DAYS: '365',
  // Who exchanged business cards with whom serves the follow-ups: five years.
  RETENTION_CONNECTION_DAYS: '1825',
  ...CONSUMER_TABLE_RETENTION_DEFAULTS,
};

export interface EventsRetentionSettings extends ConsumerTableRetentionSettings {
  RETENTION_GUEST_DAYS: number;
  RETENTION_QUESTIONNAIRE_DAYS: number;
  RETENTION_CONNECTION_DAYS: number;
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
