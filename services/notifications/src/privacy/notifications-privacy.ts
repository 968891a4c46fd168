import type { PrivacyActionV1, PrivacyRecordSectionV1, PrivacyRequestOpenedV1 } from '@collabo/contracts';
import { eraseFromKitTables, type PrivacyAnswerBody, setCessation, subjectIds, subjectKeys } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { Categories } from '../rules/categories.js';

/** The deliveries of the subject: by registry person id, recipient key, or address. */
const MATCH = `(d.person_id::text = ANY($1::text[]) OR d.recipient_key = ANY($2::text[]) OR lower(d.recipient_email) = ANY($3::text[]))`;

/** The recipient cache's rows of the subject: by registry person id or address ($1 ids, $2 addresses, lower-cased). */
const CACHE_MATCH = `(person_id::text = ANY($1::text[]) OR lower(email) = ANY($2::text[]))`;

/** The categories a person may opt out of: cessation of use stops all of them; transactional ones still go. */
export const OPTIONAL_CATEGORIES = Object.entries(Categories)
  .filter(([, c]) => !c.transactional)
  .map(([name]) => name);

const IN_FLIGHT_REASON = {
  ja: '送信中のメールのため、送信の完了後に保存期間の処理で消去します',
  en: 'Being sent at that moment: redacted by the delivery retention once settled',
};

type Answer = PrivacyAnswerBody;

/** What the notifications service holds and does about one person, for a privacy request (inside the consumer's transaction). */
export class NotificationsPrivacy {
  async answer(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<Answer> {
    switch (request.kind) {
      case 'disclosure':
        return { sections: await this.disclose(tx, request) };
      case 'erasure':
        return this.erase(tx, request, now);
      case 'cessation':
        return { actions: await this.cease(tx, request, now) };
      case 'cessation_lifted': {
        const n = await setCessation(tx, subjectKeys(request.subject), request.requestId, now, false);
        return { actions: [{ what: 'optional_emails', action: 'resumed', count: n }] };
      }
    }
  }

  private params(request: PrivacyRequestOpenedV1.Data): [string[], string[], string[]] {
    const { personIds, emails } = subjectIds(request.subject);
    return [personIds, subjectKeys(request.subject), emails];
  }

  async disclose(tx: EntityManager, request: PrivacyRequestOpenedV1.Data): Promise<PrivacyRecordSectionV1[]> {
    const params = this.params(request);
    // Bodies only while they are kept (not redacted); secret links stay masked as stored, never the real tokens.
    const deliveries: Record<string, unknown>[] = await tx.query(
      `SELECT d.id AS "deliveryId", d.kind, d.category, d.status, d.subject, d.recipient_email AS "address",
              d.recipient_name AS "name", d.language, d.created_at AS "createdAt", d.sent_at AS "sentAt",
              CASE WHEN d.redacted_at IS NULL THEN d.text_body END AS "body", d.redacted_at AS "redactedAt"
         FROM deliveries d WHERE ${MATCH} ORDER BY d.created_at, d.id`,
      params,
    );
    const preferences: Record<string, unknown>[] = await tx.query(
      `SELECT category, subscribed, source, updated_at AS "updatedAt" FROM preferences WHERE recipient_key = ANY($1::text[]) ORDER BY category`,
      [params[1]],
    );
    const cessation: Record<string, unknown>[] = await tx.query(
      `SELECT subject_key AS "key", ceased_at AS "ceasedAt" FROM privacy_cessations WHERE subject_key = ANY($1::text[])`,
      [params[1]],
    );
    const cached: Record<string, unknown>[] = await tx.query(
      `SELECT person_id AS "personId", display_name AS "name", email AS "address", preferred_language AS "language",
              fetched_at AS "fetchedAt"
         FROM recipient_cache WHERE ${CACHE_MATCH} ORDER BY person_id`,
      [params[0], params[2]],
    );
    const sections: PrivacyRecordSectionV1[] = [
      { key: 'notifications.delivery', title: { ja: '送信したメール', en: 'Emails sent' }, records: deliveries },
      {
        key: 'notifications.preference',
        title: { ja: '配信設定（同意・配信停止）', en: 'Email preferences (consents, unsubscriptions)' },
        records: preferences,
      },
      { key: 'notifications.cessation', title: { ja: '利用停止', en: 'Cessation of use' }, records: cessation },
      {
        key: 'notifications.recipient_cache',
        title: { ja: 'メールの宛先として一時的に保持している登録情報', en: 'Registry details kept for a while to address emails' },
        records: cached,
      },
    ];
    return sections.map((s) => ({ ...s, records: s.records.map(plain) })).filter((s) => s.records.length > 0);
  }

  /**
   * Erasure: every email to the person loses address, name, bodies, attachments and links (the facts stay: kind,
   * category, status, dates, so the counts do not change); queued ones are suppressed first (never sent to a
   * tombstone). Preferences go, and the person's rows of the recipient cache (name, address, language as the registry
   * answered them); dead letters naming the person lose their payload; published outbox rows go.
   */
  async erase(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<Answer> {
    const params = this.params(request);
    const count = async (sql: string, values: unknown[]): Promise<number> => {
      const [rows] = (await tx.query(sql, values)) as [unknown[], number];
      return rows.length;
    };
    await tx.query(
      `UPDATE deliveries d SET status = 'suppressed', last_error = 'erased on request', last_error_code = 'NOTIFICATIONS.ERASED',
              updated_at = $4, version = d.version + 1
        WHERE ${MATCH} AND d.status = 'queued'`,
      [...params, now],
    );
    const [rows] = (await tx.query(
      `UPDATE deliveries d SET
         recipient_key = 'redacted:' || d.id, person_id = NULL, recipient_email = NULL, recipient_name = NULL,
         text_body = '', html_body = '', attachments = '[]', unsubscribe_url = NULL, secret_links = '[]',
         last_error = NULL, smtp_response = NULL, redacted_at = $4, updated_at = $4, version = d.version + 1
        WHERE ${MATCH} AND d.status <> 'sending'
        RETURNING d.id`,
      [...params, now],
    )) as [{ id: string }[], number];
    if (rows.length) {
      await tx.query(`UPDATE delivery_attempts SET smtp_response = NULL, error = NULL WHERE delivery_id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
    }
    const preferences = await count(`DELETE FROM preferences WHERE recipient_key = ANY($1::text[]) RETURNING 1`, [params[1]]);
    // The cache of registry people (src/recipients/): by person id, and by address (a registry person named by address only).
    const cached = await count(`DELETE FROM recipient_cache WHERE ${CACHE_MATCH} RETURNING 1`, [params[0], params[2]]);
    // Emails to others that name the person (a coordinator's digest naming its advisors): the name was never stored
    // (put in at send time); the id of whose name goes in is dropped too, so those emails show them neutrally and
    // nothing here points at them any more. `updated_at` stays: the row's retention does not start again.
    const ids = params[0].map((id) => id.toLowerCase());
    const mentions = ids.length
      ? await count(
          `UPDATE deliveries d SET
             secret_links = (SELECT jsonb_agg(CASE WHEN e->>'via' = 'registry.person-name' AND lower(e->>'personId') = ANY($1::text[])
                                                   THEN jsonb_set(e, '{personId}', 'null'::jsonb) ELSE e END ORDER BY n)
                               FROM jsonb_array_elements(d.secret_links) WITH ORDINALITY AS x(e, n)),
             version = d.version + 1
           WHERE d.redacted_at IS NULL AND EXISTS (
             SELECT 1 FROM jsonb_array_elements(d.secret_links) e
              WHERE e->>'via' = 'registry.person-name' AND lower(e->>'personId') = ANY($1::text[]))
           RETURNING 1`,
          [ids],
        )
      : 0;
    // An email on the wire right now cannot be changed under the worker: the delivery retention redacts it once settled.
    const [{ n: inFlight }] = (await tx.query(
      `SELECT count(*)::int AS n FROM deliveries d WHERE ${MATCH} AND d.status = 'sending'`,
      params,
    )) as {
      n: number;
    }[];
    return {
      actions: [
        { what: 'deliveries', action: 'redacted', count: rows.length },
        { what: 'preferences', action: 'erased', count: preferences },
        { what: 'recipient_cache', action: 'erased', count: cached },
        { what: 'mentions_in_emails_to_others', action: 'erased', count: mentions },
        ...(await eraseFromKitTables(tx, request.subject, now)),
      ],
      retained: inFlight ? [{ what: 'deliveries_being_sent', count: inFlight, reason: IN_FLIGHT_REASON, until: null }] : [],
    };
  }

  /** Cessation: no optional email from now on (the send path checks it), and the optional ones queued are suppressed. */
  async cease(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<PrivacyActionV1[]> {
    const params = this.params(request);
    const n = await setCessation(tx, params[1], request.requestId, now, true);
    const [suppressed] = (await tx.query(
      `UPDATE deliveries d SET status = 'suppressed', last_error = 'cessation of use', last_error_code = 'NOTIFICATIONS.CEASED',
              updated_at = $4, version = d.version + 1
        WHERE ${MATCH} AND d.status = 'queued' AND d.category = ANY($5::text[]) RETURNING 1`,
      [...params, now, OPTIONAL_CATEGORIES],
    )) as [unknown[], number];
    return [
      { what: 'optional_emails', action: 'ceased', count: n },
      { what: 'queued_optional_emails', action: 'ceased', count: suppressed.length },
    ];
  }
}

/**
 * The opt-outs a cessation of use adds, for the send path's preference lookup: every optional category of each
 * ceased recipient key (`recipient_key`, `category` rows, as the preferences table gives them).
 */
export async function cessationOptOuts(tx: EntityManager, keys: string[]): Promise<{ recipient_key: string; category: string }[]> {
  if (!keys.length) return [];
  return tx.query(
    `SELECT c.subject_key AS recipient_key, cat AS category
       FROM privacy_cessations c CROSS JOIN unnest($2::text[]) cat WHERE c.subject_key = ANY($1::text[])`,
    [keys, OPTIONAL_CATEGORIES],
  );
}

function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
