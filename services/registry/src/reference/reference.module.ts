import { Global, Module } from '@nestjs/common';
import { ReferenceController } from './reference.controller.js';
import { ReferenceData } from './reference.service.js';

/** Reference data (municipalities and bureaus) for every other module. */
@Global()
@Module({ controllers: [ReferenceController], providers: [ReferenceData], exports: [ReferenceData] })
export class ReferenceModule {}
