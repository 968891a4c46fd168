import type { PrivacyActionV1, PrivacyRecordSectionV1, PrivacyRequestOpenedV1, PrivacyRetainedV1 } from '@collabo/contracts';
import type { EntityManager } from 'typeorm';
import {
  ERASED_NAME,
  eraseFromKitTables,
  type PrivacyAnswerBody,
  setCessation,
  subjectIds,
  subjectKeys,
  tombstoneIdOf,
} from '@collabo/service-kit';

/** The registrations of the subject: by registry person id, or by address (a guest, or a person's own address). */
const MATCH = `(r.person_id::text = ANY($1::text[]) OR lower(r.email) = ANY($2::text[]))`;

type Answer = PrivacyAnswerBody;

/** What the events service holds and does about one person, for a privacy request (inside the consumer's transaction). */
export class EventsPrivacy {
  async answer(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<Answer> {
    switch (request.kind) {
      case 'disclosure':
        return { sections: await this.disclose(tx, request) };
      case 'erasure':
        return this.erase(tx, request, now);
      case 'cessation':
      case 'cessation_lifted': {
        const ceased = request.kind === 'cessation';
        const n = await setCessation(tx, subjectKeys(request.subject), request.requestId, now, ceased);
        return { actions: [{ what: 'attendee_listing', action: ceased ? 'ceased' : 'resumed', count: n }] };
      }
    }
  }

  private params(request: PrivacyRequestOpenedV1.Data): [string[], string[]] {
    const { personIds, emails } = subjectIds(request.subject);
    return [personIds, emails];
  }

  async disclose(tx: EntityManager, request: PrivacyRequestOpenedV1.Data): Promise<PrivacyRecordSectionV1[]> {
    const params = this.params(request);
    const registrations: Record<string, unknown>[] = await tx.query(
      `SELECT r.id AS "registrationId", r.event_id AS "eventId", e.title_ja AS "eventTitle", e.starts_at AS "eventStartsAt",
              r.status, r.name, r.name_kana AS "nameKana", r.email, r.language, r.organization_name AS "organizationName",
              r.sector, r.focus_fields AS "focusFields", r.consent_to_list AS "consentToList", r.source,
              r.created_at AS "registeredAt", r.confirmed_at AS "confirmedAt", r.checked_in_at AS "checkedInAt",
              r.cancelled_at AS "cancelledAt", r.cancelled_by AS "cancelledBy"
         FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE ${MATCH} ORDER BY e.starts_at, r.id`,
      params,
    );
    const answers: Record<string, unknown>[] = await tx.query(
      `SELECT q.registration_id AS "registrationId", q.event_id AS "eventId", q.satisfaction, q.comments,
              q.would_join_again AS "wouldJoinAgain", q.submitted_at AS "submittedAt"
         FROM questionnaire_answers q JOIN registrations r ON r.id = q.registration_id
        WHERE ${MATCH} ORDER BY q.submitted_at`,
      params,
    );
    // The other party is named by organisation only: their own name is their data, not this person's.
    const connections: Record<string, unknown>[] = await tx.query(
      `SELECT c.event_id AS "eventId", c.kind, c.note, c.recorded_at AS "recordedAt",
              o.organization_name AS "otherPartyOrganization"
         FROM connections c
         JOIN registrations r ON r.id IN (c.registration_a, c.registration_b)
         JOIN registrations o ON o.id IN (c.registration_a, c.registration_b) AND o.id <> r.id
        WHERE ${MATCH} ORDER BY c.recorded_at`,
      params,
    );
    const seating: Record<string, unknown>[] = await tx.query(
      `SELECT s.event_id AS "eventId", t.n::int AS "tableNumber", s.generated_at AS "planGeneratedAt"
         FROM registrations r
         JOIN seating_plans s ON s.event_id = r.event_id
         CROSS JOIN LATERAL jsonb_array_elements(s.tables) WITH ORDINALITY AS t(seats, n)
        WHERE ${MATCH} AND t.seats ? r.id::text ORDER BY s.event_id`,
      params,
    );
    const followUps: Record<string, unknown>[] = await tx.query(
      `SELECT DISTINCT f.id AS "followUpId", f.event_id AS "eventId", f.kind, f.status, f.due_on AS "dueOn", f.done_on AS "doneOn"
         FROM follow_ups f JOIN registrations r ON r.id = ANY(f.registration_ids)
        WHERE ${MATCH} ORDER BY f.id`,
      params,
    );
    const attendances: Record<string, unknown>[] = await tx.query(
      `SELECT a.event_id AS "eventId", e.title_ja AS "eventTitle", e.starts_at AS "eventStartsAt", a.recorded_at AS "recordedAt"
         FROM event_attendances a JOIN events e ON e.id = a.event_id
        WHERE a.person_id::text = ANY($1::text[]) ORDER BY e.starts_at`,
      [params[0]],
    );
    const cessation: Record<string, unknown>[] = await tx.query(
      `SELECT subject_key AS "key", ceased_at AS "ceasedAt" FROM privacy_cessations WHERE subject_key = ANY($1::text[])`,
      [subjectKeys(request.subject)],
    );
    const sections: PrivacyRecordSectionV1[] = [
      {
        key: 'events.registration',
        title: { ja: 'イベント参加登録（受付・チェックインを含む）', en: 'Event registrations (with check-ins)' },
        records: registrations,
      },
      { key: 'events.questionnaire-answer', title: { ja: 'アンケート回答', en: 'Questionnaire answers' }, records: answers },
      {
        key: 'events.connection',
        title: { ja: '名刺交換・交流の記録', en: 'Business-card exchanges and conversations' },
        records: connections,
      },
      { key: 'events.seating', title: { ja: '座席（テーブル）', en: 'Seating (tables)' }, records: seating },
      { key: 'events.follow-up', title: { ja: 'フォローアップ', en: 'Follow-ups' }, records: followUps },
      { key: 'events.historical-attendance', title: { ja: '過去のイベント参加記録', en: 'Past event attendance' }, records: attendances },
      { key: 'events.cessation', title: { ja: '利用停止', en: 'Cessation of use' }, records: cessation },
    ];
    return sections.map((s) => ({ ...s, records: s.records.map(plain) })).filter((s) => s.records.length > 0);
  }

  /**
   * Erasure: the registrations' personal fields become tombstones (the rows stay, so every report counts the same:
   * status, sector, fields, organisation, study groups are kept), free text that may name the person is cleared
   * (questionnaire comments, connection notes, follow-up notes), the registry id becomes a tombstone id, and
   * the kit's tables forget the person.
   */
  async erase(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<Answer> {
    const params = this.params(request);
    const regs: { id: string }[] = await tx.query(`SELECT r.id FROM registrations r WHERE ${MATCH} AND r.erased_at IS NULL`, params);
    const ids = regs.map((r) => r.id);
    const count = async (sql: string, values: unknown[]): Promise<number> => {
      const [rows] = (await tx.query(sql, values)) as [unknown[], number];
      return rows.length;
    };
    const registrations = ids.length
      ? await count(
          `UPDATE registrations SET name = $2, name_kana = NULL, email = 'erased+' || id || '@invalid', person_id = NULL,
                  person_version = NULL, consent_to_list = false,
                  check_in_token = 'erased:' || gen_random_uuid(), manage_token = 'erased:' || gen_random_uuid(),
                  erased_at = $3, version = version + 1, updated_at = $3
            WHERE id = ANY($1::uuid[]) RETURNING 1`,
          [ids, ERASED_NAME, now],
        )
      : 0;
    const comments = ids.length
      ? await count(
          `UPDATE questionnaire_answers SET comments = NULL WHERE registration_id = ANY($1::uuid[]) AND comments IS NOT NULL RETURNING 1`,
          [ids],
        )
      : 0;
    // A connection stays as an anonymous pair (the reports count it); what it said about the person goes.
    const connections = ids.length
      ? await count(
          `UPDATE connections SET note = NULL WHERE (registration_a = ANY($1::uuid[]) OR registration_b = ANY($1::uuid[])) RETURNING 1`,
          [ids],
        )
      : 0;
    const followUps = ids.length
      ? await count(`UPDATE follow_ups SET note = '', updated_at = $2 WHERE registration_ids && $1::uuid[] AND note <> '' RETURNING 1`, [
          ids,
          now,
        ])
      : 0;
    const attendances = params[0].length
      ? await count(`UPDATE event_attendances SET person_id = $2 WHERE person_id::text = ANY($1::text[]) RETURNING 1`, [
          params[0],
          tombstoneIdOf(request.requestId),
        ])
      : 0;
    const actions: PrivacyActionV1[] = [
      { what: 'registrations', action: 'erased', count: registrations },
      { what: 'questionnaire_comments', action: 'erased', count: comments },
      { what: 'connections', action: 'redacted', count: connections },
      { what: 'follow_up_notes', action: 'erased', count: followUps },
      { what: 'historical_attendances', action: 'redacted', count: attendances },
      ...(await eraseFromKitTables(tx, request.subject, now)),
    ];
    const retained: PrivacyRetainedV1[] = [];
    return { actions, retained };
  }
}

/** A row as plain JSON (dates as ISO strings). */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
