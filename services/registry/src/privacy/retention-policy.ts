import {
  CONSUMER_TABLE_RETENTION_DEFAULTS,
  consumerTableRules,
  type ConsumerTableRetentionSettings,
  type RetentionRule,
} from '@collabo/service-kit';

/** The kind of the completed privacy requests' personal data in the policy and the report. */
export const COMPLETED_PRIVACY_REQUESTS = 'privacy_requests_completed';

/**
 * The retention policy of the registry (issue #20, item 5). Organisations, people, affiliations, memberships,
 * accounts and consents are the foundation's records (kept until a person asks for erasure, which privacy requests
 * handle); what goes by itself is the kit's tables (published outbox rows, whole events, people's names and emails
 * included; inbox rows; dead letters, resolved ones deleted, unresolved ones lose their payload) and the personal
 * data of completed privacy requests: RETENTION_PRIVACY_ANSWERS_DAYS after completion, the answers' records (the
 * disclosure copies) and the requests' email addresses go, the proof of handling stays. The periods are settings
 * (`RETENTION_*`, validated at start-up); these are the defaults, the kit's tables' the same as the other services'.
 */
export const REGISTRY_RETENTION_DEFAULTS: Record<string, string> = {
  ...CONSUMER_TABLE_RETENTION_DEFAULTS,
  RETENTION_PRIVACY_ANSWERS_DAYS: '90',
};

export interface RegistryRetentionSettings extends ConsumerTableRetentionSettings {
  RETENTION_PRIVACY_ANSWERS_DAYS: number;
}

/** The policy as data, for the job and for the report. */
export function registryRetentionRules(env: RegistryRetentionSettings): RetentionRule[] {
  return [
    ...consumerTableRules(env),
    {
      kind: COMPLETED_PRIVACY_REQUESTS,
      days: env.RETENTION_PRIVACY_ANSWERS_DAYS,
      action: 'redacted',
      description: {
        ja: '完了した個人情報の請求（開示・消去・利用停止）の各サービスの回答に含まれる個人データ（開示の写し）と請求のメールアドレス（完了から起算。どのサービスがいつ回答し、何件を保有・処理・保存したかは残る）',
        en: 'Personal data in the answers of completed privacy requests (the disclosure copies) and the requests’ email addresses (from completion; which service answered when, and how many records it held, handled or kept, stays)',
      },
    },
  ];
}
