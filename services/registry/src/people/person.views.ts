import { ApiProperty } from '@nestjs/swagger';
import { FocusFields, Languages, Sectors, type FocusField, type Language, type Sector } from '@collabo/contracts';
import { PageView, type Page } from '@collabo/service-kit';
import { RankedPageView, type Documents, type RankedPage } from '../http/response-views.js';
import { MembershipView } from '../study-groups/membership.views.js';
import type { MembershipView as StoredMembershipView } from '../study-groups/membership.view.js';
import type { AffiliationView as StoredAffiliationView, PersonReadView } from './person.view.js';

/** A person as the HTTP API answers them (`PersonReadView`): email and phone null where the caller may not see them. */
export class PersonView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty({ description: 'In katakana' }) familyNameKana!: string;
  @ApiProperty({ description: 'In katakana' }) givenNameKana!: string;
  @ApiProperty({ type: String, nullable: true }) nameEn!: string | null;
  @ApiProperty({ description: 'Family name first: `山田 太郎`' }) displayName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the caller may not see it (an advisor, of anyone but themself)' })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null when unknown or when the caller may not see it' })
  phone!: string | null;
  @ApiProperty({ enum: Languages }) preferredLanguage!: Language;
  @ApiProperty() consentToList!: boolean;
  @ApiProperty({ enum: FocusFields, isArray: true }) expertiseFields!: FocusField[];
  @ApiProperty() archived!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The surviving record when this one was merged into it' })
  mergedInto!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Cessation of use (利用停止) in force since then' })
  processingStoppedAt!: string | null;
  @ApiProperty({ type: Number, description: 'The ETag of the record (If-Match of a change)' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

/** `GET /v1/people/{id}`: the person with their study-group memberships (each with its role history). */
export class PersonRecordView extends PersonView {
  @ApiProperty({ type: [MembershipView] }) memberships!: MembershipView[];
}

export const PersonPage = RankedPageView(PersonView, 'PersonPage');

export class AffiliationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationName!: string;
  @ApiProperty({ enum: Sectors, description: 'The sector of the organisation' }) sector!: Sector;
  @ApiProperty({ type: String, nullable: true }) department!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) from!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: current' }) to!: string | null;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

export const AffiliationPage = PageView(AffiliationView, 'AffiliationPage');

/** Each class documents exactly what the service answers (compile-time). */
export const PERSON_VIEWS_MATCH: [
  Documents<PersonView, PersonReadView>,
  Documents<PersonRecordView, PersonReadView & { memberships: StoredMembershipView[] }>,
  Documents<InstanceType<typeof PersonPage>, RankedPage<PersonReadView>>,
  Documents<AffiliationView, StoredAffiliationView>,
  Documents<InstanceType<typeof AffiliationPage>, Page<StoredAffiliationView>>,
] = [true, true, true, true, true];
