import { Inject, Injectable } from '@nestjs/common';
import { PersonMergedV1, PersonUpdatedV1, type EventEnvelope } from '@collabo/contracts';
import { defineConsumer, LOGGER, type ConsumerContext, type EventHandler } from '@collabo/service-kit';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { ConsentLinkCache } from './consent-link-cache.js';
import { storePeople } from './recipient-directory.js';

/** The handler of the recipient cache's consumers (its provider token). */
export const PEOPLE_CHANGES = Symbol('PEOPLE_CHANGES');

/**
 * The registry's events that change what the recipient cache holds, one durable consumer each (names written
 * here, granted in deploy/nats/auth.conf). `person.registered` needs none: a person the registry did not know
 * is never cached (the next event asks again).
 */
export const RECIPIENT_CONSUMERS = {
  personUpdated: defineConsumer(PersonUpdatedV1, 'notifications-refresh-recipients-on-person-updated', PEOPLE_CHANGES),
  personMerged: defineConsumer(PersonMergedV1, 'notifications-refresh-recipients-on-person-merged', PEOPLE_CHANGES),
};

export function recipientConsumers() {
  return Object.values(RECIPIENT_CONSUMERS);
}

/**
 * Keeps the recipient cache true (in the kit's transaction with the inbox row): an updated person's new record
 * is written (a newer version only, so a late registry answer cannot bring the old address back); a merge drops
 * the merged ids (asked again: the registry answers them with the survivor) and writes the survivor. Either drops the
 * people's consent-withdrawal links from this replica's memory (ConsentLinkCache): asked of the registry again.
 */
@Injectable()
export class PeopleChanges implements EventHandler {
  constructor(
    private readonly consentLinks: ConsentLinkCache,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: EventEnvelope<object>, tx: EntityManager, context: ConsumerContext): Promise<void> {
    if (context.contract.subject === PersonUpdatedV1.subject) {
      const { person } = event.data as PersonUpdatedV1.Data;
      await storePeople(tx, [person]);
      this.consentLinks.forget([person.id]);
      this.logger.debug({ eventId: event.id, version: person.version }, 'recipient cache: person updated');
    } else if (context.contract.subject === PersonMergedV1.subject) {
      const data = event.data as PersonMergedV1.Data;
      const gone = [...new Set([data.mergedId, ...data.aliasIds].map((id) => id.toLowerCase()))].filter(
        (id) => id !== data.survivorId.toLowerCase(),
      );
      await tx.query(`DELETE FROM recipient_cache WHERE person_id = ANY($1::uuid[])`, [gone]);
      await storePeople(tx, [data.survivor]);
      this.consentLinks.forget([...gone, data.survivorId]);
      this.logger.debug({ eventId: event.id, dropped: gone.length }, 'recipient cache: people merged');
    }
  }
}
