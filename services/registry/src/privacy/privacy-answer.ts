import type {
  PrivacyActionV1,
  PrivacyAnsweringService,
  PrivacyRecordSectionV1,
  PrivacyRequestKind,
  PrivacyRetainedV1,
} from '@collabo/contracts';
import { PrivacyAnsweringServices } from '@collabo/contracts';

/** Who a request is about, as stored on the request (the `subject` of `PrivacyRequestOpenedV1`). */
export interface StoredPrivacySubject {
  personId: string | null;
  personIds: string[];
  emails: string[];
}

/** The registry's own part of a request: the same shape as the other services' `PrivacyAnswerV1`. */
export interface RegistryPrivacyAnswer {
  service: 'registry';
  kind: PrivacyRequestKind;
  answeredAt: string;
  sections?: PrivacyRecordSectionV1[];
  actions?: PrivacyActionV1[];
  retained?: PrivacyRetainedV1[];
}

/** Every service whose part a request waits for: the registry (done when the request is opened) and the answering ones. */
export const PRIVACY_SERVICES = ['registry', ...PrivacyAnsweringServices] as const;
export type PrivacyService = 'registry' | PrivacyAnsweringService;

/** The services that have not answered yet, in the order of PRIVACY_SERVICES. */
export function pendingServices(answered: Iterable<string>): PrivacyAnsweringService[] {
  const done = new Set(answered);
  return PrivacyAnsweringServices.filter((s) => !done.has(s));
}

/** Whether a request is past its due time and not complete. */
export function isOverdue(request: { dueAt: Date; completedAt: Date | null }, now: Date): boolean {
  return request.completedAt === null && request.dueAt.getTime() < now.getTime();
}

/** `snake_case` keys of a row (as `to_jsonb` gives them) in `camelCase`, for the disclosure's records. */
export function camelRecord(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]));
}
