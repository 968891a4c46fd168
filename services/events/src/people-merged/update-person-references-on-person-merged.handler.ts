import { PersonMergedV1, type EventEnvelope } from '@collabo/contracts';
import { Clock, ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';

/**
 * The registry merged two person records (`mergedId` is now an alias of `survivorId`): every reference this
 * service holds to the merged one follows to the survivor.
 *
 * - registrations (past ones too): the person. Active ones (received, confirmed, waitlisted, offered) also take
 *   the survivor's name, reading, email, language, fields and consent, as a `person updated` would. When the
 *   survivor already holds an active registration for the same event, the merged one's active registration is
 *   left as it is (one person, two seats: staff decide which to cancel; nothing is dropped here);
 * - attendances of past events: the person (one row per person and event: an attendance the survivor already
 *   has keeps its row, the merged one's is removed as the same fact);
 * - proposals recorded as coming out of an event: the contact person.
 * Replays find nothing left to move (the inbox drops exact duplicates anyway).
 */
@ConsumesEvent(PersonMergedV1, { durable: 'events-update-person-references-on-person-merged' })
export class UpdatePersonReferencesOnPersonMerged implements EventHandler<typeof PersonMergedV1> {
  constructor(private readonly clock: Clock) {}

  async handle(event: EventEnvelope<PersonMergedV1.Data>, tx: EntityManager): Promise<void> {
    const { survivorId, mergedId, survivor: p } = event.data;
    if (survivorId === mergedId) return;
    const now = this.clock.now();
    const kana = [p.familyNameKana, p.givenNameKana].filter(Boolean).join(' ') || null;
    await tx.query(
      `UPDATE registrations r SET person_id = $1, version = r.version + 1, updated_at = $3
        WHERE r.person_id = $2
          AND NOT (r.status <> 'cancelled' AND EXISTS (
                SELECT 1 FROM registrations s WHERE s.event_id = r.event_id AND s.person_id = $1 AND s.status <> 'cancelled'))`,
      [survivorId, mergedId, now],
    );
    await tx.query(
      `UPDATE registrations
          SET name = $2, name_kana = $3, email = $4, language = $5, focus_fields = $6, consent_to_list = $7, person_version = $8,
              version = version + 1, updated_at = $9
        WHERE person_id = $1 AND status IN ('received', 'confirmed', 'waitlisted', 'offered')
          AND (person_version IS NULL OR person_version < $8)`,
      [survivorId, p.displayName, kana, p.email, p.preferredLanguage, p.expertiseFields, p.consentToList, p.version, now],
    );
    await tx.query(
      `DELETE FROM event_attendances m USING event_attendances s
        WHERE m.person_id = $2 AND s.person_id = $1 AND s.event_id = m.event_id`,
      [survivorId, mergedId],
    );
    await tx.query(`UPDATE event_attendances SET person_id = $1 WHERE person_id = $2`, [survivorId, mergedId]);
    await tx.query(`UPDATE event_proposals SET contact_person_id = $1 WHERE contact_person_id = $2`, [survivorId, mergedId]);
  }
}
