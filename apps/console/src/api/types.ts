/**
 * Shapes of answers whose OpenAPI documents carry no schema (the registry's views, some lists). Where a document
 * has one, the generated type is used instead (see ./schemas.ts).
 */
import type { components as ProposalsComponents } from './generated/proposals';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type Role = 'admin' | 'coordinator' | 'advisor' | 'viewer';

export interface Organization {
  id: string;
  kind: string;
  sector: string | null;
  name: string;
  nameKana: string | null;
  nameEn: string | null;
  corporateNumber: string | null;
  focusFields: string[];
  municipalityCode: string | null;
  municipalityName: string | null;
  bureauCode: string | null;
  address: string | null;
  representative: string | null;
  website: string | null;
  foundedOn: string | null;
  archived: boolean;
  version: number;
  updatedAt: string;
}

export interface Person {
  id: string;
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  displayName: string;
  nameEn: string | null;
  email: string | null;
  archived: boolean;
}

export interface Affiliation {
  id: string;
  personId: string;
  organizationId: string;
  personName?: string;
  organizationName?: string;
  title?: string | null;
  from?: string | null;
  to?: string | null;
  [key: string]: unknown;
}

export interface AuditEntry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  at?: string;
  occurredAt?: string;
  changes?: unknown;
  [key: string]: unknown;
}

export type ProposalView = ProposalsComponents['schemas']['ProposalView'];
export type ReviewView = ProposalsComponents['schemas']['ReviewView'];
export type AssignmentView = ProposalsComponents['schemas']['AssignmentView'];
export type RubricView = ProposalsComponents['schemas']['RubricView'];

export interface TransitionRecord {
  id: string;
  from: { code: string; label?: { ja: string; en?: string } } | string | null;
  to: { code: string; label?: { ja: string; en?: string } } | string;
  reason: string;
  at?: string;
  effectiveAt?: string;
  actorId?: string;
  [key: string]: unknown;
}

export interface EventSummary {
  id: string;
  title: { ja: string; en?: string | null } | string;
  kind: string;
  status: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  venue?: unknown;
  [key: string]: unknown;
}

export interface Registration {
  id: string;
  status: string;
  name?: string;
  email?: string;
  waitlistPosition?: number | null;
  registeredAt?: string;
  [key: string]: unknown;
}

export interface Delivery {
  id: string;
  kind: string;
  status: string;
  to?: string;
  email?: string;
  subject?: string;
  createdAt?: string;
  sentAt?: string | null;
  [key: string]: unknown;
}

export interface DeadLetter {
  id: string;
  consumer: string;
  subject: string;
  reason?: string;
  error?: string;
  deliveries?: number;
  parkedAt?: string;
  createdAt?: string;
  status?: string;
  [key: string]: unknown;
}
