import { Inject, Injectable } from '@nestjs/common';
import { parseInstant } from '@collabo/calendar';
import { Clock, LOGGER, queryPrepared, type ConsumerContext, type EventHandler } from '@collabo/service-kit';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { EventContract, EventEnvelope } from '@collabo/contracts';
import { messageIdFor } from '../mail/message.js';
import { UnsubscribeLinks } from '../preferences/unsubscribe-links.js';
import { cessationOptOuts } from '../privacy/notifications-privacy.js';
import { rulesFor, type SecretLinkRule } from '../rules/notification-rules.js';
import { personIdsOf, recipientKey, resolveRecipient, type RecipientRef } from '../rules/recipients.js';
import { NameSlots } from '../templates/person-names.js';
import { renderEmail } from '../templates/render.js';
import { optOutKey, planDeliveries, selectRecipients, type PlannedDelivery, type RulePlan } from './delivery-plan.js';
import { NotificationSettings } from '../config/notification-settings.js';
import { RecipientDirectory, type RecipientsAndOptOuts } from '../recipients/recipient-directory.js';
import { ConsentLinks } from './consent-links.js';
import { DeliveryHints, type ClaimedRow, type ClaimingWorker } from './delivery-hints.js';
import { maskLinksIn, secretLinksOf } from './secret-links.js';
import { traceCarrierOf } from '@collabo/service-kit';

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
  'trace_context',
] as const;
type DeliveryColumn = (typeof DELIVERY_COLUMNS)[number];

/**
 * The claim's columns, written with the row when it is written claimed for this replica's worker (see
 * `DeliveryHints.claimedFor`), else their defaults (NULL, 0 attempts); the lease is `now()` plus the `lease_ms` value.
 */
const CLAIM_COLUMNS = ['phase', 'claim_token', 'claimed_by', 'attempts', 'lease_ms'] as const;
type ClaimColumn = (typeof CLAIM_COLUMNS)[number];

/** What the insert answers of each row it wrote. */
interface InsertedRow {
  id: string;
  recipient_key: string;
  kind: string;
  status: string;
}

/** Delivery rows per INSERT (31 parameters each; Postgres takes at most 65,535 per statement). */
const INSERT_CHUNK = 500;
/** An insert of up to this many emails runs as a prepared statement (one per length, per connection). */
const PREPARED_INSERT_MAX_ROWS = 4;

/** What `prepare` found out before the event's transaction: whom the rules name, who they are, who opted out. */
export interface PreparedIntake {
  plans: RulePlan[];
  found: RecipientsAndOptOuts;
  /** The recipient keys whose opt-outs `found` holds. */
  keys: ReadonlySet<string>;
}

/**
 * The handler of every consumer of the rule table (`NOTIFY`; the kit tells it which contract the event is of).
 * Before the kit opens the event's transaction (`prepare`): apply the rule table, and look up the registry
 * people it names (the recipient cache, the registry over RPC for the others) and the opt-outs, so that no
 * network call happens while a transaction is open. Inside it (`handle`, so the delivery rows and the inbox row
 * commit together): render each email in its recipient's language and write one delivery row per (event,
 * recipient, kind), all of an event's rows in one statement. The unique key makes a second write of the same
 * email a no-op, whatever path it came by.
 */
@Injectable()
export class NotificationIntake implements EventHandler {
  constructor(
    private readonly recipients: RecipientDirectory,
    private readonly settings: NotificationSettings,
    private readonly unsubscribeLinks: UnsubscribeLinks,
    private readonly consentLinks: ConsentLinks,
    private readonly clock: Clock,
    private readonly hints: DeliveryHints,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Outside any transaction (the kit calls it before opening the event's): the rules, the people, the opt-outs. */
  async prepare(event: EventEnvelope<object>, context: ConsumerContext): Promise<PreparedIntake> {
    return this.lookUp(context.contract, event);
  }

  async handle(event: EventEnvelope<object>, tx: EntityManager, context: ConsumerContext, prepared?: unknown): Promise<void> {
    await this.accept(context.contract, event, tx, prepared as PreparedIntake | undefined, { mayClaim: true });
  }

  /**
   * Records the event's emails in `tx`. Without `prepared` (a caller that did not prepare) it looks the
   * recipients up first, inside `tx`'s time: the consumers always prepare. `mayClaim` (the consumers, whose outcome
   * the worker hears of): the due emails may be written already claimed for this replica's worker when it is idle
   * (see `DeliveryHints.claimedFor`).
   */
  async accept(
    contract: EventContract,
    envelope: EventEnvelope<object>,
    tx: EntityManager,
    prepared?: PreparedIntake,
    { mayClaim = false }: { mayClaim?: boolean } = {},
  ): Promise<number> {
    const { plans, found, keys } = prepared ?? (await this.lookUp(contract, envelope));
    for (const plan of plans) {
      if (plan.skipped) this.logger.info({ eventId: envelope.id, kind: plan.rule.kind, reason: plan.skipped }, 'no email for this event');
    }
    if (!plans.some((p) => p.refs.length > 0)) return 0;
    const optOuts = [...found.optOuts];
    // A person the registry answered under another id (a merged one) has another key: its opt-outs too.
    const others = plans.flatMap((p) => p.refs.map((ref) => resolveRecipient(ref, found.people).key)).filter((k) => !keys.has(k));
    if (others.length) {
      optOuts.push(
        ...((await tx.query(
          'SELECT recipient_key, category FROM preferences WHERE subscribed = false AND recipient_key = ANY($1::text[])',
          [[...new Set(others)]],
        )) as { recipient_key: string; category: string }[]),
      );
    }
    // Cessation of use (issue #20): every optional category of a ceased person counts as opted out (read with the
    // preferences before the transaction for the keys looked up; here only for the keys the registry's answer added).
    if (others.length) optOuts.push(...(await cessationOptOuts(tx, [...new Set(others)])));
    const optedOut = new Set(optOuts.map((r) => optOutKey(r.recipient_key, r.category)));
    const planned = planDeliveries(plans, envelope.data, found.people, optedOut);
    const linkRules = new Map(plans.map((p) => [p.rule.kind, p.rule.secretLinks ?? []]));
    const claimFor = mayClaim ? this.hints.claimedFor(envelope.id, planned.filter((d) => d.status === 'queued').length) : null;
    let written = 0;
    for (let i = 0; i < planned.length; i += INSERT_CHUNK) {
      written += await this.write(tx, envelope, contract, planned.slice(i, i + INSERT_CHUNK), linkRules, claimFor);
    }
    return written;
  }

  private async lookUp(contract: EventContract, envelope: EventEnvelope<object>): Promise<PreparedIntake> {
    const plans = selectRecipients(rulesFor(contract.subject), envelope.data);
    const refs = plans.flatMap((p) => p.refs);
    if (refs.length === 0) return { plans, found: { people: new Map(), optOuts: [] }, keys: new Set() };
    const keys = new Set(refs.map(candidateKey));
    return { plans, found: await this.recipients.lookUp(personIdsOf(refs), [...keys]), keys };
  }

  /**
   * Renders and inserts the rows of one event (one statement); returns how many were new. `claimFor`: its due emails
   * are written claimed for that worker (status `sending`, phase `claimed`, one attempt, its lease), handed to its
   * lanes once the transaction commits instead of being claimed by them.
   */
  private async write(
    tx: EntityManager,
    envelope: EventEnvelope<object>,
    contract: EventContract,
    planned: PlannedDelivery[],
    linkRules: ReadonlyMap<string, readonly SecretLinkRule[]>,
    claimFor: ClaimingWorker | null,
  ): Promise<number> {
    const params: unknown[] = [];
    const written = new Map<string, Record<DeliveryColumn | ClaimColumn, unknown>>();
    const tuples = planned.map((d) => {
      const row = this.deliveryRow(envelope, contract, d, linkRules.get(d.kind) ?? [], claimFor);
      written.set(row.id as string, row);
      const values = [...DELIVERY_COLUMNS, ...CLAIM_COLUMNS].map((column) => row[column]);
      const first = params.length + 1;
      params.push(...values);
      const placeholders = values.map((_, k) => `$${first + k}`);
      // lease_ms: the lease's end, on the database's clock as a claim's (NULL for a row not written claimed)
      placeholders.push(`now() + (${placeholders.pop()!}::int * interval '1 millisecond')`);
      return `(${placeholders.join(', ')})`;
    });
    const sql = `INSERT INTO deliveries (${DELIVERY_COLUMNS.join(', ')}, phase, claim_token, claimed_by, attempts, lease_until)
       VALUES ${tuples.join(',\n              ')}
       ON CONFLICT (event_id, recipient_key, kind) DO NOTHING
       RETURNING id, recipient_key, kind, status`;
    // The common shapes (an event's one to a few emails) prepared once per connection; a long list of recipients
    // (an exchange event's reminder) runs unnamed rather than leave a statement behind for each length.
    const inserted: InsertedRow[] =
      planned.length <= PREPARED_INSERT_MAX_ROWS ? (await queryPrepared<InsertedRow>(tx, sql, params)).rows : await tx.query(sql, params);
    // The lanes of this replica may claim these by id once the event's transaction has committed (see DeliveryHints),
    // and take the ones written claimed for them as they are.
    this.hints.stage(
      envelope.id,
      inserted.filter((r) => r.status === 'queued').map((r) => r.id),
    );
    this.hints.stageClaimed(
      envelope.id,
      inserted.filter((r) => r.status === 'sending').map((r) => claimedRowOf(written.get(r.id)!)),
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
   * the events carry them so, and the unsubscribe and consent-withdrawal links are masked here); `secret_links`
   * says how the worker gets each real one at send time.
   */
  private deliveryRow(
    envelope: EventEnvelope<object>,
    contract: EventContract,
    d: PlannedDelivery,
    linkRules: readonly SecretLinkRule[],
    claimFor: ClaimingWorker | null,
  ): Record<DeliveryColumn | ClaimColumn, unknown> {
    // Only a due email is written claimed (not a suppressed or impossible one).
    const claim = d.status === 'queued' ? claimFor : null;
    const unsubscribe = this.unsubscribeLinks.maskedFor({ recipientKey: d.recipient.key, category: d.category });
    // A registry person's links to withdraw their consents (optional categories; a guest has no registry consents).
    const consents = this.consentLinks.maskedFor(d.recipient, d.category);
    // Third people the email names (the digest's advisors): slots here, their names put in at send time only.
    const mentioned = new NameSlots(d.recipient.language);
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
      consentLinks: consents.map((c) => ({ purpose: c.purpose, url: c.masked })),
      recipientData: d.recipient.ownData,
      mentionedPeople: mentioned,
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
          consents.length && d.recipient.personId ? { personId: d.recipient.personId, links: consents } : null,
          mentioned.slots,
        ),
      ),
      status: claim ? 'sending' : d.status,
      last_error: d.reason?.message ?? null,
      last_error_code: d.reason?.code ?? null,
      correlation_id: envelope.correlationId,
      // The handling's trace context: the SMTP send (delivery worker) is a span of the same trace.
      trace_context: traceContextJson(),
      phase: claim ? 'claimed' : null,
      claim_token: claim ? uuidv7() : null,
      claimed_by: claim?.workerId ?? null,
      attempts: claim ? 1 : 0,
      lease_ms: claim?.leaseMs ?? null,
    };
  }
}

/** The row a lane holds for an email written claimed: what the claim's RETURNING would have answered of it. */
function claimedRowOf(row: Record<DeliveryColumn | ClaimColumn, unknown>): ClaimedRow {
  const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
  return {
    id: row.id as string,
    kind: row.kind as string,
    language: row.language as ClaimedRow['language'],
    recipient_email: row.recipient_email as string,
    recipient_name: row.recipient_name as string | null,
    subject: row.subject as string,
    text_body: row.text_body as string,
    html_body: row.html_body as string,
    attachments: json(row.attachments) as ClaimedRow['attachments'],
    unsubscribe_url: row.unsubscribe_url as string | null,
    secret_links: json(row.secret_links) as ClaimedRow['secret_links'],
    message_id: row.message_id as string,
    attempts: row.attempts as number,
    claim_token: row.claim_token as string,
    correlation_id: row.correlation_id as string | null,
    trace_context: json(row.trace_context),
  };
}

/**
 * The recipient key a reference ends up with (resolveRecipient): `person:<id>` whenever it names a person (found or
 * not), else `email:<address>`; the opt-outs are read for these keys before the registry has answered.
 */
function candidateKey(ref: RecipientRef): string {
  return recipientKey(ref.personId, ref.type === 'contact' ? ref.email : null);
}

/** The active W3C trace context as the `trace_context` jsonb column takes it (null when tracing is off). */
function traceContextJson(): string | null {
  const carrier = traceCarrierOf();
  return carrier ? JSON.stringify(carrier) : null;
}
