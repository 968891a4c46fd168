import { Module } from '@nestjs/common';
import { UpdatePersonReferencesOnPersonMerged } from './update-person-references-on-person-merged.handler.js';

/** Follows the registry's person merges (see UpdatePersonReferencesOnPersonMerged). */
@Module({ providers: [UpdatePersonReferencesOnPersonMerged] })
export class PeopleMergedModule {}
