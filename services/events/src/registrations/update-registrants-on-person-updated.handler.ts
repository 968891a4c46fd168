import { PersonUpdatedV1, type EventEnvelope } from '@collabo/contracts';
import { ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';

/**
 * Keeps what active registrations copied from the registry current: name, reading, email, language,
 * fields and consent. Older versions of the person never overwrite newer ones. Past registrations
 * (attended, no-show, cancelled) keep what was true at the time.
 */
@ConsumesEvent(PersonUpdatedV1, { durable: 'events-update-registrants-on-person-updated' })
export class UpdateRegistrantsOnPersonUpdated implements EventHandler<typeof PersonUpdatedV1> {
  async handle(event: EventEnvelope<PersonUpdatedV1.Data>, tx: EntityManager): Promise<void> {
    const p = event.data.person;
    const kana = [p.familyNameKana, p.givenNameKana].filter(Boolean).join(' ') || null;
    await tx.query(
      `UPDATE registrations
       SET name = $2, name_kana = $3, email = $4, language = $5, focus_fields = $6, consent_to_list = $7,
           person_version = $8, version = version + 1, updated_at = now()
       WHERE person_id = $1 AND status IN ('received', 'confirmed', 'waitlisted', 'offered')
         AND (person_version IS NULL OR person_version < $8)`,
      [p.id, p.displayName, kana, p.email, p.preferredLanguage, p.expertiseFields, p.consentToList, p.version],
    );
  }
}
