import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { acceptCsvBodies } from '@collabo/service-kit';
import type { FastifyInstance } from 'fastify';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { PeopleModule } from '../people/people.module.js';
import { RegistryEnv } from '../config/registry-env.js';
import { CsvExportService } from './csv-export.service.js';
import { CsvController } from './csv.controller.js';
import { CsvImportService } from './csv-import.service.js';

@Module({
  imports: [OrganizationsModule, PeopleModule],
  controllers: [CsvController],
  providers: [CsvExportService, CsvImportService],
})
export class CsvModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly env: RegistryEnv,
  ) {}

  /**
   * CSV bodies arrive as raw bytes: the import decides between UTF-8 and Shift_JIS itself. A CSV upload may
   * be larger than a JSON body: up to CSV_IMPORT_MAX_BYTES, beyond which Fastify answers 413.
   */
  onModuleInit(): void {
    acceptCsvBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), this.env.CSV_IMPORT_MAX_BYTES);
  }
}
