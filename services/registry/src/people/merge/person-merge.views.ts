import { ApiProperty } from '@nestjs/swagger';
import { PageView, type Page } from '@collabo/service-kit';
import type { Documents } from '../../http/response-views.js';
import { PersonView } from '../person.views.js';
import { DUPLICATE_REASONS, type DuplicateReason } from './person-duplicates.js';
import type { DuplicatePair, DuplicatePerson, PersonMergeResult } from './person-merge.service.js';

export class DuplicatePersonView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() familyNameKana!: string;
  @ApiProperty() givenNameKana!: string;
  @ApiProperty({ enum: DUPLICATE_REASONS, isArray: true }) reasons!: DuplicateReason[];
}

/** Two people who look like one person, and why. */
export class DuplicatePairView {
  @ApiProperty({ type: DuplicatePersonView }) a!: DuplicatePersonView;
  @ApiProperty({ type: DuplicatePersonView }) b!: DuplicatePersonView;
  @ApiProperty({ enum: DUPLICATE_REASONS, isArray: true }) reasons!: DuplicateReason[];
}

export const DuplicatePairPage = PageView(DuplicatePairView, 'DuplicatePairPage');

/** `POST /v1/people/{id}/merge`. */
export class PersonMergeResultView {
  @ApiProperty({ type: PersonView, description: 'The surviving record (its new ETag)' }) survivor!: PersonView;
  @ApiProperty({ format: 'uuid' }) mergedId!: string;
  @ApiProperty({ type: Number }) movedAffiliations!: number;
  @ApiProperty({ type: Number }) movedMemberships!: number;
  @ApiProperty({ type: Number, description: 'Overlapping memberships of one group combined into one' }) combinedMemberships!: number;
  @ApiProperty() movedAccount!: boolean;
  @ApiProperty({ type: [String], description: 'The ids merged into the survivor so far' }) aliasIds!: string[];
}

/**
 * Each class documents exactly what the service answers (compile-time). The merge answers the full PersonView (the
 * survivor's email is never null there): it is assignable to the documented class, whose email may be null.
 */
export const PERSON_MERGE_VIEWS_MATCH: [
  Documents<DuplicatePersonView, DuplicatePerson>,
  Documents<InstanceType<typeof DuplicatePairPage>, Page<DuplicatePair>>,
  Documents<PersonMergeResultView, Omit<PersonMergeResult, 'survivor'> & { survivor: PersonView }>,
] = [true, true, true];
/** What the merge answers fits the documented class (compile-time). */
export const personMergeResultFits = (r: PersonMergeResult): PersonMergeResultView => r;
