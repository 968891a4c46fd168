import type { PrivacySubjectV1 } from '@collabo/contracts';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of the tombstone ids (uuid v5): one stable id per erasure request stands for the erased person. */
const TOMBSTONE_NAMESPACE = '6f1d7f0e-5b0a-4c36-9d7e-2f3c1b8a9e41';

/** The id that replaces the person's ids where a row must keep one (counts of distinct people stay the same). */
export function tombstoneIdOf(requestId: string): string {
  return uuidv5(`privacy-erasure:${requestId}`, TOMBSTONE_NAMESPACE);
}

/** The tombstone of a name (shown wherever the person's name was). */
export const ERASED_NAME = '削除済み / erased';

/** The tombstone of an e-mail address: unique per row, never deliverable (`.invalid`, RFC 2606). */
export function erasedEmail(rowId: string): string {
  return `erased+${rowId}@invalid`;
}

/** The person ids and lower-cased addresses of the subject, de-duplicated. */
export function subjectIds(subject: PrivacySubjectV1): { personIds: string[]; emails: string[] } {
  const personIds = [...new Set([...(subject.personId ? [subject.personId] : []), ...subject.personIds].map((id) => id.toLowerCase()))];
  const emails = [...new Set(subject.emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  return { personIds, emails };
}

/** The keys the cessation table uses: `person:<id>` and `email:<address>` (the recipient keys of notifications). */
export function subjectKeys(subject: PrivacySubjectV1): string[] {
  const { personIds, emails } = subjectIds(subject);
  return [...personIds.map((id) => `person:${id}`), ...emails.map((e) => `email:${e}`)];
}

/** LIKE patterns that find the person's ids and addresses in a JSON text (outbox envelopes, dead-letter payloads). */
export function textPatterns(subject: PrivacySubjectV1): string[] {
  const { personIds, emails } = subjectIds(subject);
  const escape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  return [...personIds, ...emails].map((s) => `%${escape(s)}%`);
}
