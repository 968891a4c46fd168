import {
  CONSUMER_TABLE_RETENTION_DEFAULTS,
  consumerTableRules,
  type ConsumerTableRetentionSettings,
  type RetentionRule,
} from '@collabo/service-kit';

/**
 * The retention policy of the notifications service (issue #20, item 5): per kind of data, how long it is kept
 * and what happens then. The periods are settings (validated at start-up); these are the defaults. Delivery
 * bodies follow DELIVERY_RETENTION_DAYS (400 days), the setting the delivery retention job always had.
 */
export const NOTIFICATIONS_RETENTION_DEFAULTS: Record<string, string> = { ...CONSUMER_TABLE_RETENTION_DEFAULTS };

/** The whole policy: delivery bodies (DeliveryRetention) and the kit's tables (NotificationsRetentionJob). */
export function notificationsRetentionRules(env: ConsumerTableRetentionSettings & { DELIVERY_RETENTION_DAYS: number }): RetentionRule[] {
  return [
    {
      kind: 'delivery_bodies',
      days: env.DELIVERY_RETENTION_DAYS,
      action: 'redacted',
      description: {
        ja: '送信済みメールの宛先・本文・添付（最終更新後。0 は無期限）',
        en: 'Addresses, bodies and attachments of settled emails (after their last change; 0 keeps them)',
      },
    },
    ...consumerTableRules(env),
  ];
}
