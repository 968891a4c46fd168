import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { acceptCsvBodies, KIT_ENV } from '@collabo/service-kit';
import type { FastifyInstance } from 'fastify';
import type { ProposalsEnv } from '../config/proposals-env.js';
import { OutcomesModule } from '../outcomes/outcomes.module.js';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { HistoryImportController } from './history-import.controller.js';
import { HistoryImportService } from './history-import.service.js';

@Module({
  imports: [ProgrammesModule, ProposalsModule, RegistryModule, OutcomesModule, ReviewsModule],
  controllers: [HistoryImportController],
  providers: [HistoryImportService],
})
export class HistoryImportModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(KIT_ENV) private readonly env: ProposalsEnv,
  ) {}

  /**
   * CSV bodies arrive as raw bytes (the import decides between UTF-8 and Shift_JIS itself), up to
   * HISTORY_IMPORT_MAX_BYTES, beyond which Fastify answers 413.
   */
  onModuleInit(): void {
    acceptCsvBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), this.env.HISTORY_IMPORT_MAX_BYTES);
  }
}
