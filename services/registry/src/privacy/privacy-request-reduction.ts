import type { EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import type { RegistryPrivacyAnswer, StoredPrivacySubject } from './privacy-answer.js';
import { answerWithoutPersonalData, requestWithoutEmails } from './privacy-request-retention.js';
import type { PersonalDataRemoval } from './privacy-request.entity.js';

/** The columns of a privacy request that its reduction reads (selected `FOR UPDATE` by the caller). */
export interface ReducibleRequest {
  id: string;
  email: string | null;
  subject: StoredPrivacySubject;
  registry_answer: RegistryPrivacyAnswer;
}

/**
 * Removes the personal data of one completed privacy request, in the caller's transaction: its answers (the
 * registry's and every service's) lose their records and any member not known to hold no personal value, its
 * email addresses become markers, and `personal_data_removed_at`/`_by` say when and why (the disclosure is then
 * 410 Gone; the request is not touched again). One line in its audit trail.
 */
export async function removeRequestPersonalData(
  tx: EntityManager,
  request: ReducibleRequest,
  now: Date,
  by: PersonalDataRemoval,
): Promise<void> {
  const { subject, email } = requestWithoutEmails(request.id, request.subject, request.email);
  await tx.query(
    `UPDATE privacy_requests
        SET email = $2, subject = $3, registry_answer = $4, personal_data_removed_at = $5, personal_data_removed_by = $6
      WHERE id = $1`,
    [
      request.id,
      email,
      JSON.stringify(subject),
      JSON.stringify(answerWithoutPersonalData(request.registry_answer as unknown as Record<string, unknown>)),
      now,
      by,
    ],
  );
  const answers = (await tx.query(`SELECT service, answer FROM privacy_request_answers WHERE request_id = $1`, [request.id])) as {
    service: string;
    answer: Record<string, unknown>;
  }[];
  for (const { service, answer } of answers) {
    await tx.query(`UPDATE privacy_request_answers SET answer = $3 WHERE request_id = $1 AND service = $2`, [
      request.id,
      service,
      JSON.stringify(answerWithoutPersonalData(answer)),
    ]);
  }
  await recordAudit(tx, {
    entityType: 'privacy_request',
    entityId: request.id,
    action: by === 'retention' ? 'personal_data_removed' : 'personal_data_removed:erasure',
    actorId: null,
    changedFields: ['email', 'subject', 'registryAnswer', 'answers'],
  });
}

/**
 * The completed disclosures of the subject of an erasure that has just completed (the same person, one of their
 * merged ids, or one of the same email addresses), not reduced yet: their copies of the erased data go at once,
 * rather than at the end of their retention period. Returns how many.
 */
export async function removeDisclosuresOfErasedSubject(
  tx: EntityManager,
  erasure: { id: string; subject: StoredPrivacySubject },
  now: Date,
): Promise<number> {
  const personIds = [erasure.subject.personId, ...erasure.subject.personIds].filter((id): id is string => !!id);
  const emails = erasure.subject.emails;
  if (!personIds.length && !emails.length) return 0;
  const requests = (await tx.query(
    `SELECT id, email, subject, registry_answer FROM privacy_requests
      WHERE kind = 'disclosure' AND completed_at IS NOT NULL AND personal_data_removed_at IS NULL AND id <> $1
        AND (subject->'personIds' ?| $2::text[] OR subject->'emails' ?| $3::text[] OR person_id = ANY($2::uuid[]))
      ORDER BY completed_at, id FOR UPDATE`,
    [erasure.id, personIds, emails],
  )) as ReducibleRequest[];
  for (const request of requests) await removeRequestPersonalData(tx, request, now, 'erasure');
  return requests.length;
}
