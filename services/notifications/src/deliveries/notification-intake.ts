import { Inject, Injectable } from '@nestjs/common';
import { parseInstant } from '@collabo/calendar';
import { Clock, LOGGER, type ConsumerContext, type EventHandler } from '@collabo/service-kit';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { EventContract, EventEnvelope } from '@collabo/contracts';
import { messageIdFor } from '../mail/message.js';
import { UnsubscribeLinks } from '../preferences/unsubscribe-links.js';
import { rulesFor, type SecretLinkRule } from '../rules/notification-rules.js';
import { personIdsOf, resolveRecipient } from '../rules/recipients.js';
import { renderEmail } from '../templates/render.js';
import { optOutKey, planDeliveries, selectRecipients, type PlannedDelivery } from './delivery-plan.js';
import { NotificationSettings } from '../config/notification-settings.js';
import { RegistryPeople } from './registry-people.js';
import { maskLinksIn, secretLinksOf } from './secret-links.js';

const DELIVERY_COLUMNS = [
  'id',
  'event_id',
  'event_subject',
  'kind',
  'category',
  'recipient_key',
  'recipient_role',
  'person_id',
  'recipient_email',
  'recipient_name',
  'recipient_source',
  'language',
  'proposal_id',
  'exchange_event_id',
  'message_id',
  'subject',
  'text_body',
  'html_body',
  'attachments',
  'unsubscribe_url',
  'secret_links',
  'status',
  'last_error',
  'last_error_code',
  'correlation_id',
] as const;
type DeliveryColumn = (typeof DELIVERY_COLUMNS)[number];

/** Delivery rows per INSERT (25 parameters each; Postgres takes at most 65,535 per statement). */
const INSERT_CHUNK = 500;

/**
 * The handler of every consumer of the rule table (`NOTIFY`; the kit tells it which contract the event is of).
 * What every consumer does with its event, inside the kit's transaction (so the delivery rows and the
 * inbox row commit together): apply the rule table, resolve registry people over RPC, honour opt-outs,
 * render each email in its recipient's language, and write one delivery row per (event, recipient,
 * kind), all of an event's rows in one statement. The unique key makes a second write of the same email a no-op, whatever path it came by.
 */
@Injectable()
export class NotificationIntake implements EventHandler {
  constructor(
    private readonly people: RegistryPeople,
    private readonly settings: NotificationSettings,
    private readonly unsubscribeLinks: UnsubscribeLinks,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: EventEnvelope<object>, tx: EntityManager, context: ConsumerContext): Promise<void> {
    await this.accept(context.contract, event, tx);
  }

  async accept(contract: EventContract, envelope: EventEnvelope<object>, tx: EntityManager): Promise<number> {
    const plans = selectRecipients(rulesFor(contract.subject), envelope.data);
    for (const plan of plans) {
      if (plan.skipped) this.logger.info({ eventId: envelope.id, kind: plan.rule.kind, reason: plan.skipped }, 'no email for this event');
    }
    const refs = plans.flatMap((p) => p.refs);
    if (refs.length === 0) return 0;
    const people = await this.people.byIds(personIdsOf(refs));
    const optedOut = await this.optOuts(
      tx,
      refs.map((ref) => resolveRecipient(ref, people).key),
    );
    const planned = planDeliveries(plans, envelope.data, people, optedOut);
    const linkRules = new Map(plans.map((p) => [p.rule.kind, p.rule.secretLinks ?? []]));
    let written = 0;
    for (let i = 0; i < planned.length; i += INSERT_CHUNK) {
      written += await this.write(tx, envelope, contract, planned.slice(i, i + INSERT_CHUNK), linkRules);
    }
    return written;
  }

  private async optOuts(tx: EntityManager, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows: { recipient_key: string; category: string }[] = await tx.query(
      'SELECT recipient_key, category FROM preferences WHERE subscribed = false AND recipient_key = ANY($1::text[])',
      [[...new Set(keys)]],
    );
    return new Set(rows.map((r) => optOutKey(r.recipient_key, r.category)));
  }

  /** Renders and inserts the rows of one event (one statement); returns how many were new. */
  private async write(
    tx: EntityManager,
    envelope: EventEnvelope<object>,
    contract: EventContract,
    planned: PlannedDelivery[],
    linkRules: ReadonlyMap<string, readonly SecretLinkRule[]>,
  ): Promise<number> {
    const params: unknown[] = [];
    const tuples = planned.map((d) => {
      const row = this.deliveryRow(envelope, contract, d, linkRules.get(d.kind) ?? []);
      const values = DELIVERY_COLUMNS.map((column) => row[column]);
      const first = params.length + 1;
      params.push(...values);
      return `(${values.map((_, k) => `$${first + k}`).join(', ')})`;
    });
    const inserted: { recipient_key: string; kind: string }[] = await tx.query(
      `INSERT INTO deliveries (${DELIVERY_COLUMNS.join(', ')})
       VALUES ${tuples.join(',\n              ')}
       ON CONFLICT (event_id, recipient_key, kind) DO NOTHING
       RETURNING recipient_key, kind`,
      params,
    );
    if (inserted.length < planned.length) {
      const fresh = new Set(inserted.map((r) => `${r.recipient_key}\u0000${r.kind}`));
      for (const d of planned) {
        if (!fresh.has(`${d.recipient.key}\u0000${d.kind}`)) {
          this.logger.info({ eventId: envelope.id, kind: d.kind }, 'email already recorded; not written twice');
        }
      }
    }
    return inserted.length;
  }

  /**
   * One delivery row, by column, with its email rendered. Every secret link in it is masked (`?token=•••`:
   * the events carry them so, and the unsubscribe link is masked here); `secret_links` says how the worker
   * gets each real one at send time.
   */
  private deliveryRow(
    envelope: EventEnvelope<object>,
    contract: EventContract,
    d: PlannedDelivery,
    linkRules: readonly SecretLinkRule[],
  ): Record<DeliveryColumn, unknown> {
    const unsubscribe = this.unsubscribeLinks.maskedFor({ recipientKey: d.recipient.key, category: d.category });
    const email = renderEmail({
      kind: d.kind,
      data: envelope.data,
      language: d.recipient.language,
      role: d.recipient.role,
      recipientName: d.recipient.name,
      recipientEmail: d.recipient.email,
      issuedAt: parseInstant(envelope.occurredAt) ?? this.clock.now(),
      signature: this.settings.signature,
      unsubscribeUrl: unsubscribe,
      recipientData: d.recipient.ownData,
    });
    return {
      id: uuidv7(),
      event_id: envelope.id,
      event_subject: contract.subject,
      kind: d.kind,
      category: d.category,
      recipient_key: d.recipient.key,
      recipient_role: d.recipient.role,
      person_id: d.recipient.personId,
      recipient_email: d.recipient.email,
      recipient_name: d.recipient.name,
      recipient_source: d.recipient.source,
      language: d.recipient.language,
      proposal_id: d.proposalId,
      exchange_event_id: d.exchangeEventId,
      message_id: messageIdFor(envelope.id, d.recipient.key, d.kind, this.settings.messageIdDomain),
      subject: maskLinksIn(email.subject),
      text_body: maskLinksIn(email.text),
      html_body: maskLinksIn(email.html),
      attachments: JSON.stringify(email.attachments),
      unsubscribe_url: unsubscribe,
      secret_links: JSON.stringify(
        secretLinksOf(
          linkRules,
          envelope.data,
          d.recipient.ownData,
          unsubscribe ? { masked: unsubscribe, recipientKey: d.recipient.key, category: d.category } : null,
        ),
      ),
      status: d.status,
      last_error: d.reason?.message ?? null,
      last_error_code: d.reason?.code ?? null,
      correlation_id: envelope.correlationId,
    };
  }
}
