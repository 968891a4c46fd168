import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ConsentPurposes, PrivacyRequestKinds, type ConsentPurpose, type PrivacyRequestKind } from '@collabo/contracts';
import { PageView, type Page } from '@collabo/service-kit';
import type { Documents } from '../http/response-views.js';
import { ConsentSources, type ConsentSource, type WithdrawalChannel } from './consent-purposes.js';
import type { ConsentView as StoredConsentView } from './consents.service.js';
import { PRIVACY_SERVICES, type PrivacyService } from './privacy-answer.js';
import type { DisclosureDocument, PrivacyRequestView as StoredPrivacyRequestView, ServicePartView } from './privacy-requests.service.js';

const ACTIONS = ['erased', 'redacted', 'purged', 'ceased', 'resumed'] as const;

export class LocalizedTextView {
  @ApiProperty() ja!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) en?: string | null;
}

/** Who a request is about: a registry person (with the ids merged into it) and/or e-mail addresses of guests. */
export class PrivacySubjectView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId!: string | null;
  @ApiProperty({ type: [String], description: 'The person and the ids merged into them' }) personIds!: string[];
  @ApiProperty({ type: [String] }) emails!: string[];
}

export class PrivacySectionSummary {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LocalizedTextView }) title!: LocalizedTextView;
  @ApiProperty({ type: Number }) records!: number;
}

export class PrivacyActionView {
  @ApiProperty() what!: string;
  @ApiProperty({ enum: ACTIONS }) action!: (typeof ACTIONS)[number];
  @ApiProperty({ type: Number }) count!: number;
}

export class PrivacyRetainedView {
  @ApiProperty() what!: string;
  @ApiProperty({ type: Number }) count!: number;
  @ApiProperty({ type: LocalizedTextView }) reason!: LocalizedTextView;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'When the reason is expected to end' })
  until?: string | null;
}

/** One service's part of a privacy request: pending, or answered with what it holds, did and kept. */
export class PrivacyServicePart {
  @ApiProperty({ enum: PRIVACY_SERVICES }) service!: PrivacyService;
  @ApiProperty({ enum: ['pending', 'answered'] }) status!: 'pending' | 'answered';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiPropertyOptional({ type: [PrivacySectionSummary], description: 'Disclosure: how many records each section holds' })
  sections?: PrivacySectionSummary[];
  @ApiPropertyOptional({ type: [PrivacyActionView], description: 'Erasure, cessation: what the service did' })
  actions?: PrivacyActionView[];
  @ApiPropertyOptional({ type: [PrivacyRetainedView], description: 'What the service kept although asked to erase it, and why' })
  retained?: PrivacyRetainedView[];
}

export class PrivacyRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PrivacyRequestKinds }) kind!: PrivacyRequestKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: PrivacySubjectView }) subject!: PrivacySubjectView;
  @ApiProperty({ enum: ['open', 'completed'] }) status!: 'open' | 'completed';
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) openedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When retention removed the personal data of the answers',
  })
  personalDataRemovedAt!: string | null;
  @ApiProperty({ type: [String], description: 'The answering services that have not answered yet' }) pending!: string[];
  @ApiPropertyOptional({ type: [PrivacyServicePart], description: 'Each service’s part (not in the list’s items)' })
  services?: PrivacyServicePart[];
}

export const PrivacyRequestPage = PageView(PrivacyRequestView, 'PrivacyRequestPage');

/** A consent purpose's label, in both languages. */
export class ConsentPurposeLabel {
  @ApiProperty() ja!: string;
  @ApiProperty() en!: string;
}

export class ConsentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ConsentPurposes }) purpose!: ConsentPurpose;
  @ApiProperty({ type: ConsentPurposeLabel }) purposeLabel!: ConsentPurposeLabel;
  @ApiProperty({ enum: ConsentSources }) source!: ConsentSource;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recordedBy!: string | null;
  @ApiProperty() inForce!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ type: String, enum: ['link', 'staff', null], nullable: true, description: 'null while in force' })
  withdrawnVia!: WithdrawalChannel | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) withdrawnBy!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The person’s own withdrawal link, while the consent is in force' })
  withdrawalUrl!: string | null;
}

/** One section of a service's records about the person: its heading and the records as plain JSON objects. */
export class DisclosureSectionView {
  @ApiProperty({ description: '`<service>.<kind>` (e.g. `events.registration`)' }) key!: string;
  @ApiProperty({ type: LocalizedTextView }) title!: LocalizedTextView;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) records!: Record<string, unknown>[];
}

export class DisclosureServiceView {
  @ApiProperty({ enum: PRIVACY_SERVICES }) service!: PrivacyService;
  @ApiProperty({ format: 'date-time' }) answeredAt!: string;
  @ApiProperty({ type: [DisclosureSectionView] }) sections!: DisclosureSectionView[];
}

/** `GET /v1/privacy-requests/{id}/disclosure` (JSON): every record about the person from every service. */
export class DisclosureDocumentView {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ type: PrivacySubjectView }) subject!: PrivacySubjectView;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: [DisclosureServiceView] }) services!: DisclosureServiceView[];
}

/** Each class documents exactly what the service answers (compile-time). */
export const PRIVACY_VIEWS_MATCH: [
  Documents<PrivacyServicePart, ServicePartView>,
  Documents<PrivacyRequestView, StoredPrivacyRequestView>,
  Documents<InstanceType<typeof PrivacyRequestPage>, Page<StoredPrivacyRequestView>>,
  Documents<ConsentView, StoredConsentView>,
  Documents<DisclosureDocumentView, DisclosureDocument>,
] = [true, true, true, true, true];
