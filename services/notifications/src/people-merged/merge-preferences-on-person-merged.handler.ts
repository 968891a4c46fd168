import { PersonMergedV1, type EventEnvelope } from '@collabo/contracts';
import { Clock, ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { recipientKey } from '../rules/recipients.js';

/**
 * The registry merged two person records (`mergedId` is now an alias of `survivorId`): the merged person's email
 * preferences (kept under `person:<mergedId>`, and those given by unsubscribe link to the merged record's address
 * as `email:<address>`) join the survivor's, category by category, the stricter one winning: an opt-out of either
 * record survives the merge. The merged person's own rows then go (the survivor's carry them); address rows stay,
 * since a guest may still write from that address. Sent and queued deliveries are history and keep their keys.
 * A replay finds nothing left under the merged key and changes nothing.
 */
@ConsumesEvent(PersonMergedV1, { durable: 'notifications-merge-preferences-on-person-merged' })
export class MergePreferencesOnPersonMerged implements EventHandler<typeof PersonMergedV1> {
  constructor(private readonly clock: Clock) {}

  async handle(event: EventEnvelope<PersonMergedV1.Data>, tx: EntityManager): Promise<void> {
    const { survivorId, mergedId, mergedEmail } = event.data;
    if (survivorId === mergedId) return;
    const survivorKey = recipientKey(survivorId, null);
    const fromKeys = [recipientKey(mergedId, null), recipientKey(null, mergedEmail)];
    await tx.query(
      `INSERT INTO preferences (recipient_key, category, subscribed, source, changed_by, updated_at)
       SELECT $1, category, bool_and(subscribed), (array_agg(source ORDER BY subscribed, updated_at DESC))[1],
              (array_agg(changed_by ORDER BY subscribed, updated_at DESC))[1], $3
         FROM preferences WHERE recipient_key = ANY($2::text[])
        GROUP BY category
       ON CONFLICT (recipient_key, category) DO UPDATE SET
         subscribed = preferences.subscribed AND EXCLUDED.subscribed,
         source = CASE WHEN preferences.subscribed AND NOT EXCLUDED.subscribed THEN EXCLUDED.source ELSE preferences.source END,
         changed_by = CASE WHEN preferences.subscribed AND NOT EXCLUDED.subscribed THEN EXCLUDED.changed_by ELSE preferences.changed_by END,
         updated_at = CASE WHEN preferences.subscribed AND NOT EXCLUDED.subscribed THEN EXCLUDED.updated_at ELSE preferences.updated_at END`,
      [survivorKey, fromKeys, this.clock.now()],
    );
    await tx.query(`DELETE FROM preferences WHERE recipient_key = $1`, [fromKeys[0]]);
  }
}
