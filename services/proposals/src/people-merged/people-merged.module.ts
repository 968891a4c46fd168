import { Module } from '@nestjs/common';
import { UpdateReferencesOnPersonMerged } from './update-references-on-person-merged.handler.js';

/** Follows the registry's person merges (see UpdateReferencesOnPersonMerged). */
@Module({ providers: [UpdateReferencesOnPersonMerged] })
export class PeopleMergedModule {}
