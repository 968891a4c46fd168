import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { PeopleModule } from '../people/people.module.js';
import { RegistryEnv } from '../config/registry-env.js';
import { CsvExportService } from './csv-export.service.js';
import { CsvController } from './csv.controller.js';
import { CsvImportService } from './csv-import.service.js';

const CSV_CONTENT_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

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
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const missing = CSV_CONTENT_TYPES.filter((type) => !fastify.hasContentTypeParser(type));
    if (missing.length) {
      fastify.addContentTypeParser(missing, { parseAs: 'buffer', bodyLimit: this.env.CSV_IMPORT_MAX_BYTES }, (_request, body, done) =>
        done(null, body),
      );
    }
  }
}
