import { ApiProperty } from '@nestjs/swagger';
import { FocusFields, OrganizationKinds, Sectors, type FocusField, type OrganizationKind, type Sector } from '@collabo/contracts';
import { RankedPageView, type Documents, type RankedPage } from '../http/response-views.js';
import type { OrganizationView as StoredOrganizationView } from './organization.view.js';
import type { MergeResult, PossibleDuplicate as StoredPossibleDuplicate } from './organizations.service.js';

/** An organisation as the HTTP API answers it: its record, where it lies, and the record keeping. */
export class OrganizationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: OrganizationKinds }) kind!: OrganizationKind;
  @ApiProperty({ enum: Sectors }) sector!: Sector;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'In katakana' }) nameKana!: string;
  @ApiProperty({ type: String, nullable: true }) nameEn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '法人番号 (13 digits)' }) corporateNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) jsicCode!: string | null;
  @ApiProperty({ type: Number, nullable: true }) jsicRevision!: number | null;
  @ApiProperty({ enum: FocusFields, isArray: true }) focusFields!: FocusField[];
  @ApiProperty({ type: String, nullable: true }) postalCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) municipalityCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) municipalityName!: string | null;
  @ApiProperty({ type: String, nullable: true }) bureauCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: Number, nullable: true }) capitalYen!: number | null;
  @ApiProperty({ type: Number, nullable: true }) employees!: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) foundedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dissolvedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) representative!: string | null;
  @ApiProperty({ type: String, nullable: true }) website!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPhone!: string | null;
  @ApiProperty({ type: [String], description: 'A study group’s area: municipality codes' }) areaMunicipalityCodes!: string[];
  @ApiProperty({ type: [String], description: 'A study group’s area: bureau codes' }) areaBureauCodes!: string[];
  @ApiProperty() archived!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The surviving organisation when this one was merged into it' })
  mergedInto!: string | null;
  @ApiProperty({ type: Number, description: 'The ETag of the record (If-Match of a change)' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

export const OrganizationPage = RankedPageView(OrganizationView, 'OrganizationPage');

/** An organisation in the same municipality with a similar name. */
export class PossibleDuplicate {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) municipalityCode!: string | null;
  @ApiProperty({ type: Number, description: 'Trigram similarity of the names, legal forms aside (0..1)' }) similarity!: number;
}

/** `GET /v1/organizations/{id}/duplicates`. */
export class PossibleDuplicateList {
  @ApiProperty({ type: [PossibleDuplicate] }) items!: PossibleDuplicate[];
}

/** `POST /v1/organizations`: the organisation, and those it may duplicate (created all the same). */
export class OrganizationCreatedView extends OrganizationView {
  @ApiProperty({ type: [PossibleDuplicate] }) possibleDuplicates!: PossibleDuplicate[];
}

/** `POST /v1/organizations/{id}/merge`. */
export class OrganizationMergeResult {
  @ApiProperty({ type: OrganizationView }) survivor!: OrganizationView;
  @ApiProperty({ format: 'uuid' }) mergedId!: string;
  @ApiProperty({ type: Number }) movedAffiliations!: number;
  @ApiProperty({ type: Number }) movedMemberships!: number;
  @ApiProperty({ type: Number }) movedTenancies!: number;
  @ApiProperty({ type: Number }) movedConsortiumMemberships!: number;
}

/** Each class documents exactly what the service answers (compile-time). */
export const ORGANIZATION_VIEWS_MATCH: [
  Documents<OrganizationView, StoredOrganizationView>,
  Documents<InstanceType<typeof OrganizationPage>, RankedPage<StoredOrganizationView>>,
  Documents<PossibleDuplicate, StoredPossibleDuplicate>,
  Documents<OrganizationCreatedView, StoredOrganizationView & { possibleDuplicates: StoredPossibleDuplicate[] }>,
  Documents<OrganizationMergeResult, MergeResult>,
] = [true, true, true, true, true];
