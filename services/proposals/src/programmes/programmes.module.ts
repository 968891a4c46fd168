import { Module } from '@nestjs/common';
import { ProgrammeCatalogue } from './programme-catalogue.js';
import { ProgrammesController } from './programmes.controller.js';
import { ProgrammesService } from './programmes.service.js';

/** Programmes (pipelines as data) and rubrics; the catalogue every other part reads them through. */
@Module({
  controllers: [ProgrammesController],
  providers: [ProgrammesService, ProgrammeCatalogue],
  exports: [ProgrammeCatalogue],
})
export class ProgrammesModule {}
