import { formatInstant } from '@collabo/calendar';
import {
  PrivacyRequestOpenedV1,
  type PrivacyActionV1,
  type PrivacyRecordSectionV1,
  type PrivacyRequestKind,
  type PrivacyRetainedV1,
} from '@collabo/contracts';
import type { EntityManager } from 'typeorm';
import { lockAdminSet } from '../accounts/admin-lockout.js';
import { recordAudit } from '../audit/audit.js';
import { LastAdminError, PersonNotFoundError } from '../errors.js';
import { camelRecord, type RegistryPrivacyAnswer, type StoredPrivacySubject } from './privacy-answer.js';

/** What an erased person's personal fields become (the row stays, so counts and references stay true). */
export const ERASED_NAME = { familyName: '削除済み', givenName: 'erased', kana: 'サクジョズミ', nameEn: 'erased' } as const;
export const erasedEmail = (personId: string) => `erased+${personId}@invalid`;

type Row = Record<string, unknown>;

/**
 * Who a request is about: a registry person (an alias merged into another resolves to the surviving record) with
 * every id merged into it and all their emails, or, for an email that no registry person has, a guest.
 */
export async function resolvePrivacySubject(
  tx: EntityManager,
  given: { personId?: string | undefined; email?: string | undefined },
): Promise<StoredPrivacySubject> {
  const email = given.email?.trim().toLowerCase();
  let row: { id: string; merged_into: string | null } | undefined;
  if (given.personId) {
    [row] = await tx.query(`SELECT id, merged_into FROM people WHERE id = $1`, [given.personId]);
    if (!row) throw new PersonNotFoundError(given.personId);
  } else if (email) {
    [row] = await tx.query(`SELECT id, merged_into FROM people WHERE lower(email) = $1`, [email]);
  }
  if (!row) return { personId: null, personIds: [], emails: email ? [email] : [] };
  const personId = row.merged_into ?? row.id;
  const people: { id: string; email: string }[] = await tx.query(
    `SELECT id, lower(email) AS email FROM people WHERE id = $1 OR merged_into = $1 ORDER BY (id = $1) DESC, id`,
    [personId],
  );
  const emails = [...new Set([...people.map((p) => p.email), ...(email ? [email] : [])])];
  return { personId, personIds: people.map((p) => p.id), emails };
}

/** The registry's answer to a request, done in the request's own transaction. */
export async function answerForRegistry(
  tx: EntityManager,
  kind: PrivacyRequestKind,
  subject: StoredPrivacySubject,
  context: { now: Date; actorId: string | null; requestId: string },
): Promise<RegistryPrivacyAnswer> {
  const base = { service: 'registry' as const, kind, answeredAt: formatInstant(context.now) };
  switch (kind) {
    case 'disclosure':
      return { ...base, sections: await disclose(tx, subject) };
    case 'erasure':
      return { ...base, ...(await erase(tx, subject, context)) };
    case 'cessation':
    case 'cessation_lifted':
      return { ...base, actions: [await setCessation(tx, subject, kind === 'cessation', context)] };
  }
}

const section = (key: string, ja: string, en: string, records: Row[]): PrivacyRecordSectionV1 => ({
  key: `registry.${key}`,
  title: { ja, en },
  records: records.map(camelRecord),
});

/** Every record the registry holds about the person (never a password hash or a link token). */
export async function disclose(tx: EntityManager, subject: StoredPrivacySubject): Promise<PrivacyRecordSectionV1[]> {
  const ids = subject.personIds;
  if (!ids.length) return [];
  const q = async (sql: string): Promise<Row[]> => ((await tx.query(sql, [ids])) as { r: Row }[]).map((x) => x.r);
  const people = await q(
    `SELECT to_jsonb(p) - 'search_name' - 'search_kana' - 'search_grams' AS r FROM people p
      WHERE p.id = ANY($1::uuid[]) ORDER BY p.merged_into NULLS FIRST, p.id`,
  );
  const affiliations = await q(
    `SELECT to_jsonb(a) || jsonb_build_object('organization_name', o.name) AS r
       FROM affiliations a JOIN organizations o ON o.id = a.organization_id
      WHERE a.person_id = ANY($1::uuid[]) ORDER BY a.from_on NULLS FIRST, a.id`,
  );
  const memberships = await q(
    `SELECT to_jsonb(m) || jsonb_build_object(
              'study_group_name', o.name,
              'role_history', COALESCE((SELECT jsonb_agg(jsonb_build_object('role', r.role, 'fromOn', r.from_on, 'toOn', r.to_on) ORDER BY r.from_on)
                                          FROM membership_roles r WHERE r.membership_id = m.id), '[]'::jsonb)) AS r
       FROM memberships m JOIN organizations o ON o.id = m.study_group_id
      WHERE m.person_id = ANY($1::uuid[]) ORDER BY m.joined_on, m.id`,
  );
  // An account without its secrets: no password hash, no invitation token hash or id, no throttle counters.
  const accounts = await q(
    `SELECT jsonb_build_object('id', a.id, 'person_id', a.person_id, 'roles', a.roles, 'disabled', a.disabled,
              'activated_at', a.activated_at, 'last_login_at', a.last_login_at, 'created_at', a.created_at, 'updated_at', a.updated_at) AS r
       FROM accounts a WHERE a.person_id = ANY($1::uuid[])`,
  );
  const aliases = await q(
    `SELECT jsonb_build_object('id', p.id, 'email', p.email, 'merged_into', p.merged_into, 'merged_at', p.merged_at) AS r
       FROM people p WHERE p.id = ANY($1::uuid[]) AND p.merged_into IS NOT NULL ORDER BY p.id`,
  );
  const consents = await q(`SELECT to_jsonb(c) AS r FROM consents c WHERE c.person_id = ANY($1::uuid[]) ORDER BY c.given_at, c.id`);
  const audit = await q(
    `SELECT jsonb_build_object('entity_type', l.entity_type, 'entity_id', l.entity_id, 'action', l.action, 'at', l.at,
              'changed_fields', l.changed_fields) AS r
       FROM audit_log l
      WHERE l.entity_id = ANY($1::uuid[])
         OR l.entity_id IN (SELECT id FROM affiliations WHERE person_id = ANY($1::uuid[]))
         OR l.entity_id IN (SELECT id FROM memberships WHERE person_id = ANY($1::uuid[]))
         OR l.entity_id IN (SELECT id FROM accounts WHERE person_id = ANY($1::uuid[]))
         OR l.entity_id IN (SELECT id FROM consents WHERE person_id = ANY($1::uuid[]))
      ORDER BY l.id`,
  );
  return [
    section('person', '登録情報', 'Registry record', people),
    section('affiliation', '所属', 'Affiliations', affiliations),
    section('membership', '研究会の会員資格と役割の履歴', 'Study-group memberships and role history', memberships),
    section('account', 'アカウント（パスワード等の秘密情報を除く）', 'Accounts (without secrets)', accounts),
    section('alias', '統合された重複登録', 'Merged duplicate records', aliases),
    section('consent', '同意', 'Consents', consents),
    section('audit', '変更履歴', 'Audit trail', audit),
  ];
}

/**
 * Erasure (消去): the person's personal fields become a tombstone, free text that may hold personal data is cleared,
 * the account is disabled and its secrets removed, consents and earlier disclosures are erased, published outbox
 * rows about the person purged. Memberships and affiliations stay as rows (the study-group report counts them).
 */
async function erase(
  tx: EntityManager,
  subject: StoredPrivacySubject,
  context: { now: Date; actorId: string | null; requestId: string },
): Promise<{ actions: PrivacyActionV1[]; retained: PrivacyRetainedV1[] }> {
  const ids = subject.personIds;
  const actions: PrivacyActionV1[] = [];
  const count = (result: unknown): number => (Array.isArray(result) ? Number(result[1] ?? 0) : 0);
  if (ids.length) {
    await lockAdminSet(tx);
    const [admins] = await tx.query<{ mine: number; others: number }[]>(
      `SELECT count(*) FILTER (WHERE a.person_id = ANY($1::uuid[]))::int AS mine,
              count(*) FILTER (WHERE a.person_id <> ALL($1::uuid[]))::int AS others
         FROM accounts a JOIN people p ON p.id = a.person_id
        WHERE a.roles @> ARRAY['admin']::text[] AND NOT a.disabled AND a.password_hash IS NOT NULL AND NOT p.archived`,
      [ids],
    );
    if (admins!.mine > 0 && admins!.others === 0) throw new LastAdminError();

    const people = await tx.query(
      `UPDATE people SET family_name = $2, given_name = $3, family_name_kana = $4, given_name_kana = $4, name_en = $5,
              email = 'erased+' || id || '@invalid', phone = NULL, expertise_fields = '{}', consent_to_list = false,
              archived = true, archived_at = COALESCE(archived_at, now()), version = version + 1, updated_at = now(), updated_by = $6
        WHERE id = ANY($1::uuid[])`,
      [ids, ERASED_NAME.familyName, ERASED_NAME.givenName, ERASED_NAME.kana, ERASED_NAME.nameEn, context.actorId],
    );
    actions.push({ what: 'registry.person', action: 'erased', count: count(people) });
    const affiliations = await tx.query(
      `UPDATE affiliations SET department = NULL, title = NULL, version = version + 1, updated_at = now(), updated_by = $2
        WHERE person_id = ANY($1::uuid[]) AND (department IS NOT NULL OR title IS NOT NULL)`,
      [ids, context.actorId],
    );
    actions.push({ what: 'registry.affiliation', action: 'redacted', count: count(affiliations) });
    const accounts = await tx.query(
      `UPDATE accounts SET disabled = true, password_hash = NULL, invitation_id = NULL, invitation_token_hash = NULL,
              invitation_expires_at = NULL, failed_logins = 0, locked_until = NULL, last_login_at = NULL,
              version = version + 1, updated_at = now(), updated_by = $2
        WHERE person_id = ANY($1::uuid[])`,
      [ids, context.actorId],
    );
    actions.push({ what: 'registry.account', action: 'erased', count: count(accounts) });
    const consents = await tx.query(`DELETE FROM consents WHERE person_id = ANY($1::uuid[])`, [ids]);
    actions.push({ what: 'registry.consent', action: 'erased', count: count(consents) });
    for (const id of ids) {
      await recordAudit(tx, {
        entityType: 'person',
        entityId: id,
        action: 'erased',
        actorId: context.actorId,
        changedFields: ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'nameEn', 'email', 'phone', 'expertiseFields'],
      });
    }
  }
  // What earlier disclosures of this person gathered (theirs and every service's answer).
  const disclosures = await tx.query(
    `UPDATE privacy_requests SET registry_answer = registry_answer - 'sections'
      WHERE id <> $3 AND kind = 'disclosure' AND registry_answer ? 'sections'
        AND (person_id = ANY($1::uuid[]) OR email = ANY($2::text[]))`,
    [ids, subject.emails, context.requestId],
  );
  await tx.query(
    `UPDATE privacy_request_answers SET answer = answer - 'sections'
      WHERE answer ? 'sections' AND request_id IN (
        SELECT id FROM privacy_requests WHERE kind = 'disclosure' AND (person_id = ANY($1::uuid[]) OR email = ANY($2::text[])))`,
    [ids, subject.emails],
  );
  actions.push({ what: 'registry.disclosure', action: 'redacted', count: count(disclosures) });
  // Outbox rows about the person: a published one is in the stream already (its copy here is no longer needed); one
  // not yet published would carry the erased data to the other services, which are asked to erase it anyway. The
  // privacy requests' own events are kept until published: the other services' answers depend on them.
  const keys = [...ids, ...subject.emails];
  const outbox = keys.length
    ? await tx.query(
        `DELETE FROM outbox o
          WHERE (o.published_at IS NOT NULL OR o.subject <> $2)
            AND (o.aggregate_id = ANY($1::text[]) OR EXISTS (SELECT 1 FROM unnest($1::text[]) k WHERE strpos(lower(o.envelope::text), lower(k)) > 0))`,
        [keys, PrivacyRequestOpenedV1.subject],
      )
    : [[], 0];
  actions.push({ what: 'registry.outbox', action: 'purged', count: count(outbox) });
  const [requests] = await tx.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM privacy_requests WHERE person_id = ANY($1::uuid[]) OR email = ANY($2::text[])`,
    [ids, subject.emails],
  );
  const retained: PrivacyRetainedV1[] = [
    {
      what: 'registry.privacy_request',
      // this request is inserted after its answer: count it too
      count: requests!.n + 1,
      reason: {
        ja: '請求に対応した記録として保存します（請求の種類、日時。対象のメールアドレスは完了から保存期間を過ぎると削除します）。',
        en: 'Kept as the record that the request was handled (its kind and dates; the email addresses it was about are removed once the retention period after completion is over).',
      },
    },
  ];
  return { actions, retained };
}

/** Cessation of use (利用停止) in force from now, or lifted: `people.processing_stopped_at`. */
async function setCessation(
  tx: EntityManager,
  subject: StoredPrivacySubject,
  stop: boolean,
  context: { now: Date; actorId: string | null },
): Promise<PrivacyActionV1> {
  if (!subject.personIds.length) return { what: 'registry.person', action: stop ? 'ceased' : 'resumed', count: 0 };
  const result = stop
    ? await tx.query(
        `UPDATE people SET processing_stopped_at = $2, version = version + 1, updated_at = now(), updated_by = $3
          WHERE id = ANY($1::uuid[]) AND processing_stopped_at IS NULL RETURNING id`,
        [subject.personIds, context.now, context.actorId],
      )
    : await tx.query(
        `UPDATE people SET processing_stopped_at = NULL, version = version + 1, updated_at = now(), updated_by = $2
          WHERE id = ANY($1::uuid[]) AND processing_stopped_at IS NOT NULL RETURNING id`,
        [subject.personIds, context.actorId],
      );
  const changed = (Array.isArray(result[0]) ? result[0] : []) as { id: string }[];
  for (const { id } of changed) {
    await recordAudit(tx, {
      entityType: 'person',
      entityId: id,
      action: stop ? 'processing_stopped' : 'processing_resumed',
      actorId: context.actorId,
      changedFields: ['processingStoppedAt'],
    });
  }
  return { what: 'registry.person', action: stop ? 'ceased' : 'resumed', count: changed.length };
}
