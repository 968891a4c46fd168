import { NotificationsErrors } from '../errors.js';
import { isTransactional, type Category } from '../rules/categories.js';
import { categoryOf, type NotificationKind, type NotificationRule } from '../rules/notification-rules.js';
import {
  recipientsOfRule,
  resolveRecipient,
  skipReason,
  valueAt,
  type Recipient,
  type RecipientRef,
  type RegistryPerson,
} from '../rules/recipients.js';

/** What one event means: an email per (recipient, kind), each queued, suppressed or impossible. */
export interface PlannedDelivery {
  kind: NotificationKind;
  category: Category;
  recipient: Recipient;
  status: 'queued' | 'suppressed' | 'failed';
  /** Why it is not queued. */
  reason: { code: string; message: string } | null;
  proposalId: string | null;
  exchangeEventId: string | null;
}

export interface RulePlan {
  rule: NotificationRule;
  refs: RecipientRef[];
  skipped: string | null;
}

/** Step 1 (before asking the registry): which rules apply and whom they name. */
export function selectRecipients(rules: readonly NotificationRule[], data: unknown): RulePlan[] {
  return rules.map((rule) => {
    const skipped = skipReason(rule, data);
    return { rule, skipped, refs: skipped ? [] : recipientsOfRule(rule, data) };
  });
}

function uuidAt(data: unknown, path: string | undefined): string | null {
  if (!path) return null;
  const value = valueAt(data, path);
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : null;
}

/**
 * Step 2 (with the registry's answer and the opt-outs): one planned email per (kind, recipient). A
 * person named twice for one kind (the contact person who is also the coordinator) gets one email.
 */
export function planDeliveries(
  plans: RulePlan[],
  data: unknown,
  people: ReadonlyMap<string, RegistryPerson>,
  optedOut: ReadonlySet<string>,
): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  const seen = new Set<string>();
  for (const { rule, refs } of plans) {
    const category = categoryOf(rule.kind);
    for (const ref of refs) {
      const recipient = resolveRecipient(ref, people);
      const once = `${rule.kind}|${recipient.key}`;
      if (seen.has(once)) continue;
      seen.add(once);
      let status: PlannedDelivery['status'] = 'queued';
      let reason: PlannedDelivery['reason'] = null;
      if (!recipient.email) {
        status = 'failed';
        reason = { code: NotificationsErrors.recipientNotFound, message: 'the registry does not know this person; nobody to write to' };
      } else if (!isTransactional(category) && optedOut.has(optOutKey(recipient.key, category))) {
        status = 'suppressed';
        reason = { code: NotificationsErrors.unsubscribed, message: `the recipient unsubscribed from ${category}` };
      }
      out.push({
        kind: rule.kind,
        category,
        recipient,
        status,
        reason,
        proposalId: uuidAt(data, rule.proposalIdPath),
        exchangeEventId: uuidAt(data, rule.eventIdPath),
      });
    }
  }
  return out;
}

export function optOutKey(recipientKey: string, category: string): string {
  return `${recipientKey}|${category}`;
}
