import { Module } from '@nestjs/common';
import { MergePreferencesOnPersonMerged } from './merge-preferences-on-person-merged.handler.js';

/** Follows the registry's person merges (see MergePreferencesOnPersonMerged). */
@Module({ providers: [MergePreferencesOnPersonMerged] })
export class PeopleMergedModule {}
