import { Module } from '@nestjs/common';
import { RegistryLookup } from './registry-lookup.js';

@Module({ providers: [RegistryLookup], exports: [RegistryLookup] })
export class RegistryModule {}
