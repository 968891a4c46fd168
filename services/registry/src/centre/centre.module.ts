import { Module } from '@nestjs/common';
import { CentreController } from './centre.controller.js';
import { CentreReportService } from './centre-report.service.js';
import { CentreService } from './centre.service.js';
import { RecordOutcomeOnOutcomeRecorded } from './record-outcome-on-outcome-recorded.handler.js';

@Module({ controllers: [CentreController], providers: [CentreService, CentreReportService, RecordOutcomeOnOutcomeRecorded] })
export class CentreModule {}
