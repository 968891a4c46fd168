import type { PrivacyActionV1, PrivacyRecordSectionV1, PrivacyRetainedV1 } from '@collabo/contracts';
import type { StoredPrivacySubject } from './privacy-answer.js';

/**
 * What is left of a completed privacy request once its retention period (RETENTION_PRIVACY_ANSWERS_DAYS after its
 * completion) is over: pure logic, used by the retention job (issue #20). Staff keep the proof that the request was
 * handled (which service answered when, how many records of each kind it held, what it did, what it kept and why);
 * the records themselves (the disclosure copies) and the email addresses go.
 */

/** A section of an answer without its records: the heading and how many records it held. */
export interface ReducedRecordSection {
  key: string;
  title: { ja: string; en?: string | null };
  records: [];
  /** How many records the section held when the request was answered. */
  recordCount: number;
}

/** A section as stored: whole (as answered), or reduced by the retention job. */
export type StoredRecordSection = PrivacyRecordSectionV1 & { recordCount?: number };

/** How many records a stored section holds, or held before the retention job removed them. */
export function recordCountOf(section: StoredRecordSection): number {
  return typeof section.recordCount === 'number' ? section.recordCount : Array.isArray(section.records) ? section.records.length : 0;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const localized = (v: unknown): { ja: string; en?: string | null } => {
  const t = (v ?? {}) as Record<string, unknown>;
  return { ja: text(t['ja']), ...(typeof t['en'] === 'string' ? { en: t['en'] } : {}) };
};

/**
 * An answer (a service's `PrivacyAnswerV1`, or the registry's own part) without personal values. Only what is
 * listed here is kept (an unknown member of a future answer version goes too): the request, service, kind and time
 * of the answer; each section's key, heading and number of records; the actions (what, done how, how many) and what
 * was retained (what, how many, the reason, until when). Reducing a reduced answer gives the same answer.
 */
export function answerWithoutPersonalData(answer: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of ['requestId', 'service', 'kind', 'answeredAt'] as const) if (key in answer) kept[key] = answer[key];
  if (Array.isArray(answer['sections'])) {
    kept['sections'] = (answer['sections'] as StoredRecordSection[]).map((s): ReducedRecordSection => ({
      key: text(s.key),
      title: localized(s.title),
      records: [],
      recordCount: recordCountOf(s),
    }));
  }
  if (Array.isArray(answer['actions'])) {
    kept['actions'] = (answer['actions'] as PrivacyActionV1[]).map((a) => ({ what: a.what, action: a.action, count: a.count }));
  }
  if (Array.isArray(answer['retained'])) {
    kept['retained'] = (answer['retained'] as PrivacyRetainedV1[]).map((r) => ({
      what: r.what,
      count: r.count,
      reason: localized(r.reason),
      ...(r.until !== undefined ? { until: r.until } : {}),
    }));
  }
  return kept;
}

/**
 * The marker that replaces an email address of a request: says nothing of the address (not a hash, which could be
 * reversed by trying known addresses), never deliverable (`.invalid`, RFC 2606), one per address of the request.
 */
export function removedEmailMarker(requestId: string, n: number): string {
  return `removed+${requestId}.${n}@invalid`;
}

/** The request's subject and email with markers for the addresses (the person ids stay: they name no one by themselves). */
export function requestWithoutEmails(
  requestId: string,
  subject: StoredPrivacySubject,
  email: string | null,
): { subject: StoredPrivacySubject; email: string | null } {
  const emails = subject.emails.map((_, i) => removedEmailMarker(requestId, i + 1));
  const at = email === null ? -1 : subject.emails.indexOf(email);
  return {
    subject: { personId: subject.personId, personIds: [...subject.personIds], emails },
    email: email === null ? null : at >= 0 ? emails[at]! : removedEmailMarker(requestId, 0),
  };
}
